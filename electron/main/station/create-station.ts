import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import { AuditStore } from '../audit/audit-store';
import type { AuditWorkerEntry } from '../audit/worker-entry';
import { seedTrainingAccounts } from '../auth/training-accounts';
import { UserDirectory } from '../auth/user-directory';
import { UserFileStore } from '../auth/user-file-store';
import type { UserPersistence } from '../auth/stored-user';
import { GatewayFeed } from '../connections/gateway/gateway-feed';
import { createSimulatedFeed } from '../connections/simulated-feed';
import type { UnitFeed } from '../connections/unit-feed';
import { silentLogger, type Logger } from '../logging/logger';
import { startHl7Intake } from './hl7-intake';
import { UpdateCoordinator } from '../updates/update-coordinator';
import type { StationActivity } from '../updates/update-policy';
import type { UpdateSupport } from '../updates/update-support';
import type { UpdaterPort } from '../updates/updater-port';
import { Station } from './station';
import { DisclosureRecorder } from '../disclosure/disclosure-recorder';
import { DisclosureReview } from '../disclosure/disclosure-review';
import type { StripPrinter } from '../disclosure/strip-printer';
import { disclosureWorkerBeside, type DisclosureWorkerEntry } from '../disclosure/worker-entry';
import { systemClock, type Clock } from '../time/clock';

export interface CreateStationOptions {
  wallMode: boolean;
  /** Folder for audit.sqlite and users.json (config.dataDir wins when set). */
  dataDir: string;
  /** For the SQLite native binding choice (storage/native-binding.ts). */
  projectRoot: string;
  auditWorker: AuditWorkerEntry;
  /** The full-disclosure recorder's thread (default: beside the audit writer, from the same build or sources). */
  disclosureWorker?: DisclosureWorkerEntry;
  /** Prints a view's strip sheet to PDF (Electron's printToPDF); absent in browser mode. */
  stripPrinter?: StripPrinter;
  /** Where the config came from, for the audit trail; null = built-in simulated unit. */
  configSource?: string | null;
  logger?: Logger;
  now?: () => number;
  tickMs?: number;
  viewTimeoutMs?: number;
  /** scrypt cost for training accounts (tests use the minimum). */
  hashCost?: number;
  /** In-app updates: electron-updater behind its port (Electron only), whether this install can verify them, and the running version. */
  updates?: { updater: UpdaterPort | null; support: UpdateSupport; currentVersion: string };
}

export interface StationFiles {
  auditFile: string;
  disclosureFile: string;
  usersFile: string;
  exportDir: string;
}

export function stationFiles(config: StationConfig, dataDir: string): StationFiles {
  const dir = config.dataDir ?? dataDir;
  return { auditFile: join(dir, 'audit.sqlite'), disclosureFile: join(config.disclosure.dir ?? dir, 'disclosure.sqlite'), usersFile: join(dir, 'users.json'), exportDir: join(dir, 'exports') };
}

/**
 * Builds the station for a validated config: opens the audit trail first (so
 * everything after it is recorded), then the users, then the feed. Nothing
 * here refuses to start: a damaged audit file or user file becomes a
 * technical alarm on a running wall, never a blank screen.
 */
export async function createStation(config: StationConfig, options: CreateStationOptions): Promise<Station> {
  const log = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const files = stationFiles(config, options.dataDir);
  try {
    mkdirSync(join(files.auditFile, '..'), { recursive: true });
  } catch (error) {
    // Not fatal here: the audit store then fails to open, which is a technical alarm on a running wall.
    log.error('station.data-dir-unavailable', { reason: (error as Error).message.slice(0, 200) });
  }

  const audit = await AuditStore.open({
    file: files.auditFile,
    stationId: config.stationId,
    projectRoot: options.projectRoot,
    workerEntry: options.auditWorker,
    retentionYears: config.audit.retentionYears,
    logger: log,
  });
  audit.record({
    action: 'app.start',
    details: {
      feed: config.feed.kind,
      beds: config.feed.kind === 'simulator' ? config.feed.beds : (config.beds?.length ?? 0),
      wall: options.wallMode,
      station_id: config.stationId,
    },
  });
  audit.record({ action: 'config.loaded', details: { source: options.configSource ?? 'built-in simulated unit' } });

  const { users, problem } = await openUsers(config, files.usersFile, audit, options.hashCost, log);
  const feed = createFeed(config, now, log);
  // The coordinator reads the station's alarms and sessions, so it is bound to the station once that exists.
  let activity: () => StationActivity = () => {
    throw new Error('station not started');
  };
  const updates = new UpdateCoordinator({
    config: config.updates,
    support: options.updates?.support ?? { supported: false, reason: 'no updater in this runtime' },
    updater: options.updates?.updater ?? null,
    currentVersion: options.updates?.currentVersion ?? 'unknown',
    activity: () => activity(),
    audit,
    logger: log,
  });
  const station = new Station({
    config,
    feed,
    wallMode: options.wallMode,
    audit,
    users,
    now,
    logger: log,
    tickMs: options.tickMs,
    viewTimeoutMs: options.viewTimeoutMs,
    exportDir: files.exportDir,
    updates,
  });
  activity = () => ({ alarms: station.alarms.list(), sessions: station.sessions.signedIn(now()) });
  station.onDispose(() => updates.stop());
  updates.start();
  startDisclosure(station, config, files, options, log);
  if (problem) station.alarms.raiseTechnical('SIGN_IN_UNAVAILABLE', { bedId: null, priority: 'MEDIUM', message: 'User file unreadable: nobody can sign in' }, now());
  // Connections start once the station can take what they push.
  station.connectFeed();
  if (config.hl7) {
    const listener = await startHl7Intake(station, config.hl7, log);
    station.onDispose(() => listener.stop().catch(() => undefined));
  }
  return station;
}

function createFeed(config: StationConfig, now: () => number, log: Logger): UnitFeed {
  const feed = config.feed;
  if (feed.kind === 'simulator') return createSimulatedFeed({ beds: feed.beds, seed: feed.seed, startAt: now() });
  // The schema requires the bed list with the gateway feed.
  return new GatewayFeed({ config: feed, stationId: config.stationId, beds: config.beds ?? [], logger: log, now });
}

/**
 * The full-disclosure recorder (its own worker thread and SQLite file),
 * subscribed to the station's tick pipeline; when it cannot record, the
 * technical alarm DISCLOSURE_NOT_RECORDING, while the wall carries on.
 */
function startDisclosure(station: Station, config: StationConfig, files: StationFiles, options: CreateStationOptions, log: Logger): void {
  // Time passing, as the station sees it: a test host's injected time moves the record clock too.
  const clock: Clock = options.now ? { monotonic: options.now, wall: options.now } : systemClock;
  const recorder = new DisclosureRecorder({
    file: files.disclosureFile,
    projectRoot: options.projectRoot,
    exportDir: files.exportDir,
    beds: station.beds.map((b) => b.bedId),
    retentionHours: config.disclosure.retentionHours,
    worker: options.disclosureWorker ?? disclosureWorkerBeside(options.auditWorker),
    clock,
    logger: log,
    onHealth: (problem) => {
      if (problem === null) station.alarms.clearTechnical('DISCLOSURE_NOT_RECORDING', null, clock.wall());
      else station.alarms.raiseTechnical('DISCLOSURE_NOT_RECORDING', { bedId: null, message: 'Full disclosure not recording: tell IT' }, clock.wall());
    },
  });
  station.onDispose(recorder.subscribe(station.pipeline));
  station.useDisclosure(
    new DisclosureReview({
      recorder,
      audit: station.audit,
      beds: station.beds,
      authorize: (viewId) => station.actions.operator(viewId, 'review-disclosure'),
      wallMode: options.wallMode,
      printer: options.stripPrinter ?? null,
    }),
  );
}

/** Stops the station, writes what the recorder still holds, and closes the audit trail, recording the stop. */
export async function closeStation(station: Station): Promise<void> {
  station.dispose();
  await station.disclosure?.close();
  station.audit.record({ action: 'app.stop' });
  await station.audit.close();
}

async function openUsers(
  config: StationConfig,
  file: string,
  audit: AuditStore,
  hashCost: number | undefined,
  log: Logger,
): Promise<{ users: UserDirectory; problem: string | null }> {
  const persistence = new UserFileStore(file);
  try {
    if (config.feed.kind === 'simulator' && config.trainingAccounts) {
      const created = await seedTrainingAccounts(persistence, audit, { hashCost });
      if (created > 0) log.info('users.training-accounts-created', { count: created });
    }
    return { users: await UserDirectory.open(persistence, { audit }), problem: null };
  } catch (error) {
    // Never fall back to "no users": an empty directory could reopen initial set-up.
    const reason = (error as Error).message;
    log.error('users.unavailable', { reason: reason.slice(0, 200) });
    audit.record({ action: 'config.loaded', details: { source: 'users', ok: false, reason: reason.slice(0, 200) } });
    return { users: await UserDirectory.open(unavailableUsers(reason), { audit }), problem: reason };
  }
}

/** A user store that holds nobody and refuses every change, used while the real one is unreadable. */
function unavailableUsers(reason: string): UserPersistence {
  return {
    load: async () => [],
    save: async () => {
      throw new Error(`the user file is unreadable (${reason}); fix or restore it first`);
    },
  };
}
