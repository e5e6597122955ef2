import { z } from 'zod';
import { DEFAULT_RETENTION_HOURS, MAX_RETENTION_HOURS, MIN_RETENTION_HOURS } from '../disclosure/disclosure-limits';
import { BedSchema, MAX_BEDS_PER_UNIT, simulatedBedId } from '../domain/bed';
import { DEFAULT_NO_DATA_TIMEOUT_MS } from '../domain/freshness';
import { ProfileNameSchema } from '../alarms/limit-profiles';
import { EscalationPolicySchema } from '../alarms/escalation-policy';
import { Hl7ListenerConfigSchema, normalizeLocationKey } from '../hl7/listener-config';
import { AdtListenerConfigSchema } from '../hl7/adt-config';
import { CareGroupIdSchema, CareGroupSchema } from '../domain/care-group';
import { PatientDisplayModeSchema } from '../domain/patient';
import { DEFAULT_UPDATE_CONFIG, UpdateConfigSchema } from './update-config';

/**
 * The system-wide configuration hospital IT manages. Every field has a safe
 * default so an absent file means "the built-in simulated unit". Unknown keys
 * are rejected: a typo in a safety setting must not be silently ignored.
 */
export const SimulatorFeedSchema = z
  .object({
    kind: z.literal('simulator'),
    beds: z.number().int().min(1).max(MAX_BEDS_PER_UNIT).default(16),
    seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(1),
  })
  .strict();

/**
 * ws:// and wss:// are accepted as spellings of http:// and https:// (socket.io
 * upgrades either way). Unencrypted only on this machine (loopback): across the
 * network the station token and every patient's data would travel in clear.
 */
const GatewayUrlSchema = z
  .string()
  .max(512)
  .refine((s) => /^(https?|wss?):\/\/[^\s/]+/.test(s) && parsesAsUrl(s), 'gateway url must be http(s):// or ws(s):// with a host')
  .refine((s) => !/^(http|ws):/.test(s) || isLoopback(s), 'a gateway off this machine must use https:// or wss:// (TLS)');

function isLoopback(s: string): boolean {
  const host = new URL(s).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parsesAsUrl(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * The hospital back end (the reference gateway or a real one speaking
 * shared/protocol). The station tries `urls` in order and fails over between
 * them; the token authenticates this station; `caFile` is the hospital CA
 * bundle (PEM) for https/wss URLs.
 */
export const GatewayFeedSchema = z
  .object({
    kind: z.literal('gateway'),
    urls: z.array(GatewayUrlSchema).min(1).max(8),
    token: z.string().min(8).max(512),
    caFile: z.string().min(1).max(1024).optional(),
    /** The gateway sends a heartbeat this often; 3 missed ones mean the connection is lost (half-open). */
    heartbeatMs: z.number().int().min(200).max(5000).default(1000),
    /** One connection attempt (TCP, TLS and handshake) may take this long. */
    connectTimeoutMs: z.number().int().min(500).max(30_000).default(3000),
  })
  .strict();

export const FeedConfigSchema = z.discriminatedUnion('kind', [SimulatorFeedSchema, GatewayFeedSchema]);

export const StationConfigSchema = z
  .object({
    /** An editor's pointer to the JSON Schema (docs/config.schema.json); the station ignores it. */
    $schema: z.string().max(1024).optional(),
    stationId: z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/).default('station-1'),
    unitName: z.string().min(1).max(48).default('Simulated Unit'),
    feed: FeedConfigSchema.default({ kind: 'simulator', beds: 16, seed: 1 }),
    /**
     * Explicit bed list; otherwise the simulator names the beds. Required with
     * the gateway feed: IT lists the unit's beds so the wall comes up (grey,
     * with its technical alarms) even when the gateway is unreachable at start.
     */
    beds: z.array(BedSchema).max(MAX_BEDS_PER_UNIT).optional(),
    noDataTimeoutMs: z.number().int().min(1000).max(30000).default(DEFAULT_NO_DATA_TIMEOUT_MS),
    wall: z
      .object({
        /** A wall display is view-only unless IT explicitly allows actions. */
        allowClinicalActions: z.boolean().default(false),
      })
      .strict()
      .default({ allowClinicalActions: false }),
    /** Offer simulator scenario controls (dev menu). Never on a wall. */
    scenarioControls: z.boolean().default(true),
    /**
     * Folder for the audit trail and the user file. Default: the app's data
     * folder (Electron's userData), so a config written for one OS works on
     * another.
     */
    dataDir: z.string().min(1).max(1024).optional(),
    alarms: z
      .object({
        /** The limit profile every bed starts on (adult, paediatric, neonatal). */
        defaultProfile: ProfileNameSchema.default('adult'),
        /**
         * Unacknowledged time before levels 2 and 3, per priority; [] never
         * escalates. Default HIGH 30/60 s, MEDIUM 120/300 s, LOW never.
         */
        escalation: EscalationPolicySchema.optional(),
      })
      .strict()
      .default({ defaultProfile: 'adult' }),
    sessions: z
      .object({
        /** A workstation signs its user out after this long without interaction. */
        inactivityTimeoutMs: z.number().int().min(30_000).max(12 * 3_600_000).default(10 * 60_000),
      })
      .strict()
      .default({ inactivityTimeoutMs: 10 * 60_000 }),
    audit: z
      .object({
        /** Rows younger than this are never pruned (calendar years). */
        retentionYears: z.number().int().min(1).max(50).default(7),
        /**
         * The fallback journal, where clinical actions are made durable while
         * audit.sqlite cannot be written. Default: `<dataDir>-audit-journal`,
         * beside dataDir rather than in it, so whatever makes dataDir unusable
         * (its permissions, a restore that replaced it, its own volume going
         * read-only or full) does not take the journal with it. Put it on
         * another disk to survive a failing one.
         */
        journalDir: z.string().min(1).max(1024).optional(),
        /**
         * The station's signing key and its last signed head, outside the
         * database. Default: `<dataDir>-audit-key`. Only the service account
         * may read it (checked at start).
         */
        keyDir: z.string().min(1).max(1024).optional(),
        /** Sign the chain head at least every this many rows (and every minute). */
        signEveryRows: z.number().int().min(10).max(100_000).default(1_000),
        /** A full verification of the chain (every row, every signed head) runs this often. */
        fullVerifyEveryHours: z.number().min(1).max(24 * 31).default(24),
      })
      .strict()
      .default({ retentionYears: 7, signEveryRows: 1_000, fullVerifyEveryHours: 24 }),
    /** The full-disclosure record (disclosure.sqlite in dataDir): how long it keeps every bed's waveforms, numerics and alarms. */
    disclosure: z
      .object({
        retentionHours: z.number().int().min(MIN_RETENTION_HOURS).max(MAX_RETENTION_HOURS).default(DEFAULT_RETENTION_HOURS),
        /** Folder for disclosure.sqlite (default: dataDir). 72 h of a 64-bed unit is ~3-4 GB, so IT may give it a volume of its own. */
        dir: z.string().min(1).max(1024).optional(),
      })
      .strict()
      .default({ retentionHours: DEFAULT_RETENTION_HOURS }),
    /**
     * Seed training accounts (nurse, charge, admin) when the simulated unit
     * runs with no users yet. Never applies to a real feed.
     */
    trainingAccounts: z.boolean().default(true),
    /**
     * An HL7 v2 (MLLP) listener for bedside monitors or an integration
     * engine: IHE PCD-01 numerics and PCD-04 alarms. Off unless present.
     */
    hl7: Hl7ListenerConfigSchema.optional(),
    /**
     * The hospital's ADT feed (A01/A02/A03/A04/A05/A08, cancels A11/A12/A13)
     * on an MLLP listener of its own. Off unless present. See shared/hl7/adt-config.ts.
     */
    adt: AdtListenerConfigSchema.optional(),
    /**
     * How tiles name their patient: full-name, initials-mrn or bed-only.
     * Default: initials-mrn on a wall (corridors), full-name at a workstation.
     * An admin may change it at the station (saved in dataDir, audited).
     */
    patientDisplay: PatientDisplayModeSchema.optional(),
    /**
     * Named care groups that split the unit; every bed in exactly one. `show`
     * is the group this station (or wall) shows; absent, the whole unit.
     */
    careGroups: z
      .object({
        groups: z.array(CareGroupSchema).min(1).max(MAX_BEDS_PER_UNIT),
        show: CareGroupIdSchema.optional(),
        /** Nurses may acknowledge alarms of other groups' beds here (charge nurses always may). */
        nursesAcknowledgeAnyGroup: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** In-app updates from the hospital's server; off by default (update-config.ts). */
    updates: UpdateConfigSchema.default(DEFAULT_UPDATE_CONFIG),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.feed.kind === 'gateway' && !(config.beds && config.beds.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['beds'], message: "the gateway feed needs the unit's bed list (beds)" });
    }
    const ids = new Set<string>();
    config.beds?.forEach((bed, i) => {
      if (ids.has(bed.bedId)) ctx.addIssue({ code: 'custom', path: ['beds', i, 'bedId'], message: `bed ${bed.bedId} is listed twice` });
      ids.add(bed.bedId);
    });
    if (config.feed.kind === 'simulator' && config.beds) {
      // Silently ignoring them would leave IT believing they named the wall's beds.
      ctx.addIssue({ code: 'custom', path: ['beds'], message: 'beds are for the gateway feed; the simulated unit names its own (bed-01, bed-02, …)' });
    }
    // Three folders, three jobs: the fallback journal is the second place when dataDir fails, and the key
    // folder is readable by the service account only. One folder for two of them defeats that.
    const folders: Array<[path: string[], value: string | undefined]> = [
      [['dataDir'], config.dataDir],
      [['audit', 'journalDir'], config.audit.journalDir],
      [['audit', 'keyDir'], config.audit.keyDir],
    ];
    folders.forEach(([path, value], i) => {
      const same = folders.slice(0, i).find(([, other]) => value !== undefined && other !== undefined && sameFolder(value, other));
      if (same) ctx.addIssue({ code: 'custom', path, message: `must be another folder than ${same[0].join('.')}` });
    });
    // The record may share dataDir (its default), never the journal's or the key's folder, which have one job
    // each (the second place to be durable; a folder only the service account reads).
    const recordDir = config.disclosure.dir;
    const clash = folders.slice(1).find(([, other]) => recordDir !== undefined && other !== undefined && sameFolder(recordDir, other));
    if (clash) ctx.addIssue({ code: 'custom', path: ['disclosure', 'dir'], message: `must be another folder than ${clash[0].join('.')}` });
    // A device mapped to a bed the wall does not show would be accepted by nobody.
    const shown =
      config.feed.kind === 'simulator'
        ? new Set(Array.from({ length: config.feed.beds }, (_, i) => simulatedBedId(i)))
        : ids;
    config.hl7?.bedMap.forEach((entry, i) => {
      if (!shown.has(entry.bedId)) ctx.addIssue({ code: 'custom', path: ['hl7', 'bedMap', i, 'bedId'], message: `bed ${entry.bedId} is not one of this station's beds` });
    });
    checkAdt(config, shown, ctx);
    checkCareGroups(config, shown, ctx);
  });

type Issues = { addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void };

/**
 * The ADT feed needs a real unit (its patients are real people: never under
 * the simulator's numbers and waveforms, or the "not real patients" banner),
 * locations to place patients, on beds this station shows, on a port of its
 * own.
 */
function checkAdt(
  config: { feed: { kind: string }; adt?: z.infer<typeof AdtListenerConfigSchema> | undefined; hl7?: z.infer<typeof Hl7ListenerConfigSchema> | undefined },
  beds: ReadonlySet<string>,
  ctx: Issues,
): void {
  const adt = config.adt;
  if (!adt) return;
  if (config.feed.kind === 'simulator') {
    ctx.addIssue({ code: 'custom', path: ['adt'], message: 'the ADT feed puts real patients on the beds: not on the simulated unit, whose numbers and waveforms are not theirs (use the gateway feed)' });
  }
  if (adt.bedMap === undefined && !config.hl7?.bedMap.some((e) => e.location !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['adt', 'bedMap'], message: 'the ADT feed needs a bed map with locations (adt.bedMap, or locations in hl7.bedMap)' });
  }
  const seen = new Map<string, string>();
  adt.bedMap?.forEach((entry, i) => {
    if (!beds.has(entry.bedId)) ctx.addIssue({ code: 'custom', path: ['adt', 'bedMap', i, 'bedId'], message: `bed ${entry.bedId} is not one of this station's beds` });
    const key = normalizeLocationKey(entry.location) ?? '';
    const other = seen.get(key);
    if (other !== undefined && other !== entry.bedId) ctx.addIssue({ code: 'custom', path: ['adt', 'bedMap', i], message: `location is already mapped to bed ${other}` });
    seen.set(key, entry.bedId);
  });
  if (config.hl7 && adt.port !== 0 && adt.port === config.hl7.port) {
    ctx.addIssue({ code: 'custom', path: ['adt', 'port'], message: 'the ADT listener needs a port of its own (hl7.port is the same)' });
  }
}

/** Every bed in exactly one group, ids unique, and `show` naming one of them. */
function checkCareGroups(config: { careGroups?: { groups: Array<{ id: string; beds: string[] }>; show?: string | undefined } | undefined }, beds: ReadonlySet<string>, ctx: Issues): void {
  const cg = config.careGroups;
  if (!cg) return;
  const owner = new Map<string, string>();
  const ids = new Set<string>();
  cg.groups.forEach((group, g) => {
    if (ids.has(group.id)) ctx.addIssue({ code: 'custom', path: ['careGroups', 'groups', g, 'id'], message: `care group ${group.id} is defined twice` });
    ids.add(group.id);
    group.beds.forEach((bedId, b) => {
      const path = ['careGroups', 'groups', g, 'beds', b];
      if (!beds.has(bedId)) ctx.addIssue({ code: 'custom', path, message: `bed ${bedId} is not one of this station's beds` });
      const other = owner.get(bedId);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path, message: `bed ${bedId} is already in care group ${other}` });
      owner.set(bedId, group.id);
    });
  });
  // A bed in no group would have its alarms shown only on whole-unit stations.
  const missing = [...beds].filter((b) => !owner.has(b));
  if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['careGroups', 'groups'], message: `every bed must be in a care group; not in any: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}` });
  if (cg.show !== undefined && !ids.has(cg.show)) ctx.addIssue({ code: 'custom', path: ['careGroups', 'show'], message: `there is no care group ${cg.show}` });
}
export type GatewayFeedConfig = z.infer<typeof GatewayFeedSchema>;
export type StationConfig = z.infer<typeof StationConfigSchema>;
export type StationConfigInput = z.input<typeof StationConfigSchema>;

/** The same folder as written (shared/ has no path module): separators, "./" and trailing slashes do not count. */
function sameFolder(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/(\.\/)+/g, '/').replace(/^(\.\/)+/, '').replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return norm(a) === norm(b);
}
