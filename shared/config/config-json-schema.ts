import { z } from 'zod';
import { StationConfigSchema } from './station-config';

/**
 * The station configuration as a JSON Schema (draft 2020-12), generated from
 * the zod schema with zod 4's z.toJSONSchema, so IT can validate config files
 * with standard tools and edit them with completion. Kept in
 * docs/config.schema.json (`npm run config-schema`; a test fails when it is
 * stale) and shipped beside app.asar as config.schema.json.
 *
 * It describes the file as IT writes it (zod's input side: defaults are
 * optional). Rules that span fields (the gateway feed needs `beds`, no bed
 * listed twice, HL7 bed map entries naming shown beds, an HL7 listener off
 * loopback needs `tls` or `insecure` and `allowedPeers` – the ADT listener
 * too –, `updates.url` when updates are on, every bed in exactly one care
 * group, dataDir / audit.journalDir / audit.keyDir three different folders)
 * cannot be expressed in it: `vigil-station --check-config`
 * is the authority, and the app applies the same zod schema at start.
 */
export const CONFIG_SCHEMA_ID = 'https://vigilstation.org/schema/station-config.json';

/** One line per top-level field, for editors' hover help. Every field needs one (generation fails otherwise). */
export const TOP_LEVEL_FIELD_HELP: Readonly<Record<string, string>> = {
  $schema: 'Where an editor finds this schema (e.g. "config.schema.json" beside the app, or a copy on your share); ignored by the station.',
  stationId: 'This station’s id: in the audit trail, to the back end, in exports. Letters, digits, _ . - (max 48).',
  unitName: 'The unit’s name shown on the wall header.',
  feed: 'Where bed data comes from: the built-in simulator, or the hospital back end (gateway).',
  beds: 'The unit’s beds (required with the gateway feed, so the wall shows them even before the back end answers).',
  noDataTimeoutMs: 'A bed with no data for this long goes grey and raises NO_DATA (ms).',
  wall: 'Kiosk wall (--wall) policy: view-only unless allowClinicalActions.',
  scenarioControls: 'Offer the simulator’s scenario menu (never on a wall).',
  dataDir: 'Folder for the audit trail (audit.sqlite), users (users.json), the census (census.json), the patient display setting, the back end’s journal position and exports. Default: the app’s data folder.',
  alarms: 'Default limit profile and the escalation delays per priority.',
  sessions: 'Sign-out after inactivity at a workstation (ms).',
  audit: 'The audit trail: retention in calendar years; the fallback journal’s and the signing key’s folders (default beside dataDir: <dataDir>-audit-journal, <dataDir>-audit-key; never dataDir itself nor each other); how often the chain head is signed and the whole chain verified.',
  disclosure: 'Full-disclosure record: retention in hours (default 72, at most 96) and, optionally, the folder of disclosure.sqlite (default dataDir; never audit.journalDir nor audit.keyDir).',
  trainingAccounts: 'Create the training accounts on the simulated unit (never on a real feed).',
  hl7: 'HL7 v2 MLLP listener for monitors or an integration engine (PCD-01 numerics, PCD-04 alarms). Off unless present. Off this machine it needs tls (or an explicit insecure: true) and allowedPeers.',
  adt: 'The hospital’s ADT feed (A01–A05, A08, cancels A11–A13) on an MLLP listener of its own port. Off unless present; only with the gateway feed. Same transport rules as hl7; bedMap ties PV1-3 locations to beds (default: hl7.bedMap’s location entries).',
  patientDisplay: 'How tiles name their patient: full-name, initials-mrn or bed-only. Default: initials-mrn on a wall, full-name at a workstation; an admin may change it at the station.',
  careGroups: 'Named care groups splitting the unit (every bed in exactly one); show: the group this station shows (absent: the whole unit); nursesAcknowledgeAnyGroup.',
  updates: 'In-app updates from the hospital’s server (electron-updater, generic provider). Off by default.',
};

export function stationConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(StationConfigSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' }) as {
    properties: Record<string, Record<string, unknown>>;
    [key: string]: unknown;
  };
  for (const [name, property] of Object.entries(generated.properties)) {
    const help = TOP_LEVEL_FIELD_HELP[name];
    if (help === undefined) throw new Error(`config field ${name} has no help text in TOP_LEVEL_FIELD_HELP`);
    property.description = help;
  }
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'Vigil Station configuration',
    description: 'config.json read at start (Linux /etc/vigil-station/, Windows %ProgramData%\\Vigil Station\\, macOS /Library/Application Support/Vigil Station/). Check a file with: vigil-station --check-config <file>',
    ...rest,
  };
}

/** The exact text of docs/config.schema.json. */
export function stationConfigJsonSchemaText(): string {
  return `${JSON.stringify(stationConfigJsonSchema(), null, 2)}\n`;
}
