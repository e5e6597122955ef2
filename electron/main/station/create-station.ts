import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import { AuditStore, AuditUnavailableError } from '../audit/audit-store';
import type { KeyProtector } from '../audit/signing/key-protector';
import type { AuditWorkerEntry } from '../audit/worker-entry';
import { realFeedReason, removeTrainingAccounts, seedTrainingAccounts, trainingAccountPolicy } from '../auth/training-accounts';
import type { Operator } from '../auth/operator';
import { UserDirectory } from '../auth/user-directory';
import { UserFileStore } from '../auth/user-file-store';
import type { UserPersistence } from '../auth/stored-user';
import { GatewayFeed } from '../connections/gateway/gateway-feed';
import { createSimulatedFeed } from '../connections/simulated-feed';
import type { UnitFeed } from '../connections/unit-feed';
import { adtConnection } from '../connections/adt/adt-intake';
import { hl7DeviceConnection } from '../connections/hl7/device-intake';
import { CensusFileStore } from '../census/census-store';
import { simulatedUnitNotice } from '../config/simulated-unit-notice';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import { clearRunMarker, readPreviousRun, writeRunMarker, type RunMarker } from './run-marker';
import { UpdateCoordinator } from '../updates/update-coordinator';
import type { StationActivity } from '../updates/update-policy';
import type { UpdateSupport } from '../updates/update-support';
import type { UpdaterPort } from '../updates/updater-port';
import { Station } from './station';
import { DisclosureRecorder } from '../disclosure/disclosure-recorder';
import { DisclosureReview } from '../disclosure/disclosure-review';
import { censusPatientStamp } from '../disclosure/patient-stamp';
import type { StripPrinter } from '../disclosure/strip-printer';
import { disclosureWorkerBeside, type DisclosureWorkerEntry } from '../disclosure/worker-entry';
import { stationFiles, type StationFiles } from './station-files';

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
  /** Where the station looked for its config (the default location when configSource is null), for the simulated-unit banner. */
  configLookedAt?: string;
  logger?: Logger;
  /** For every service that takes time (see time/clock.ts). Default systemClock. */
  clock?: Clock;
  tickMs?: number;
  viewTimeoutMs?: number;
  /** How long the full-disclosure recorder's thread may stay silent before "not recording" (default 10 s), on `clock`. */
  disclosureSilenceMs?: number;
  /** scrypt cost for training accounts (tests use the minimum). */
  hashCost?: number;
  /** Seals the audit signing key at rest (Electron's safeStorage in the app). Default: file permissions only. */
  keyProtector?: KeyProtector;
  /** In-app updates: electron-updater behind its port (Electron only), whether this install can verify them, and the running version. */
  updates?: { updater: UpdaterPort | null; support: UpdateSupport; currentVersion: string };
}

/**
 * Builds the station for a validated config: opens the audit trail first (so
 * everything after it is recorded), then the users, then the feed. Nothing
 * here refuses to start: a damaged audit file or user file becomes a
 * technical alarm on a running wall, never a blank screen.
 */
export async function createStation(config: StationConfig, options: CreateStationOptions): Promise<Station> {
  const log = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
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
    // Rows stamped with its wall clock; retries, the minute's signature and the daily verification on its monotonic clock.
    clock,
    journalDir: files.journalDir,
    keyDir: files.keyDir,
    keyProtector: options.keyProtector,
    signEveryRows: config.audit.signEveryRows,
    fullVerifyEveryMs: config.audit.fullVerifyEveryHours * 3_600_000,
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
  noteRunStarted(audit, dirname(files.auditFile), { stationId: config.stationId, startedAt: clock.wall(), pid: process.pid }, log);

  const { users, problem } = await openUsers(config, files.usersFile, audit, options.hashCost, log);
  const feed = createFeed(config, { clock, log, positionFile: files.gatewayPositionFile, wallMode: options.wallMode });
  // The coordinator reads the station's alarms and sessions, and its restart is a quit the station must
  // approve (clinical-quit.ts), so both are bound to the station once that exists.
  let activity: () => StationActivity = () => {
    throw new Error('station not started');
  };
  let approveQuit: (by: Operator) => () => void = () => {
    throw new Error('station not started');
  };
  const updates = new UpdateCoordinator({
    config: config.updates,
    support: options.updates?.support ?? { supported: false, reason: 'no updater in this runtime' },
    updater: options.updates?.updater ?? null,
    currentVersion: options.updates?.currentVersion ?? 'unknown',
    activity: () => activity(),
    approveQuit: (by) => approveQuit(by),
    audit,
    clock,
    logger: log,
  });
  const station = new Station({
    config,
    feed,
    wallMode: options.wallMode,
    audit,
    users,
    clock,
    logger: log,
    tickMs: options.tickMs,
    viewTimeoutMs: options.viewTimeoutMs,
    exportDir: files.exportDir,
    simulationNotice: simulatedUnitNotice(config, options.configSource ?? null, options.configLookedAt),
    updates,
    censusStore: new CensusFileStore(files.censusFile, config.stationId, clock),
    displaySettingFile: files.displaySettingFile,
  });
  activity = () => ({ alarms: station.alarms.list(), sessions: station.sessions.signedIn() });
  approveQuit = (by) => station.quit.approveUpdateRestart(by);
  station.onDispose(() => updates.stop());
  updates.start();
  startDisclosure(station, config, files, options, clock, log);
  if (problem) station.alarms.raiseTechnical('SIGN_IN_UNAVAILABLE', { bedId: null, priority: 'MEDIUM', message: 'User file unreadable: nobody can sign in' });
  // The saved census first: the first ADT message and the first tile must see it.
  await station.open();
  // Connections start once the station can take what they push.
  markerDirs.set(station, dirname(files.auditFile));
  station.connectFeed();
  if (config.hl7) station.connections.add(hl7DeviceConnection(station, config.hl7, log, clock));
  if (config.adt) station.connections.add(adtConnection(station, station.census, { ...config, adt: config.adt }, log, clock));
  await station.connections.startAll();
  return station;
}

function createFeed(config: StationConfig, with_: { clock: Clock; log: Logger; positionFile: string; wallMode: boolean }): UnitFeed {
  const feed = config.feed;
  if (feed.kind === 'simulator') return createSimulatedFeed({ beds: feed.beds, seed: feed.seed, clock: with_.clock });
  // The schema requires the bed list with the gateway feed.
  return new GatewayFeed({
    config: feed,
    stationId: config.stationId,
    beds: config.beds ?? [],
    logger: with_.log,
    clock: with_.clock,
    positionFile: with_.positionFile,
    // What the other stations show when this one goes dark: "ICU 4 central offline".
    label: `${config.unitName} ${with_.wallMode ? 'wall' : 'central'}`.slice(0, 48),
  });
}

/**
 * The full-disclosure recorder (its own worker thread and SQLite file),
 * subscribed to the station's tick pipeline; when it cannot record, the
 * technical alarm DISCLOSURE_NOT_RECORDING, while the wall carries on.
 */
function startDisclosure(station: Station, config: StationConfig, files: StationFiles, options: CreateStationOptions, clock: Clock, log: Logger): void {
  const recorder = new DisclosureRecorder({
    file: files.disclosureFile,
    projectRoot: options.projectRoot,
    exportDir: files.exportDir,
    beds: station.beds.map((b) => b.bedId),
    retentionHours: config.disclosure.retentionHours,
    worker: options.disclosureWorker ?? disclosureWorkerBeside(options.auditWorker),
    clock,
    silenceMs: options.disclosureSilenceMs,
    logger: log,
    onHealth: (problem) => {
      if (problem === null) station.alarms.clearTechnical('DISCLOSURE_NOT_RECORDING', null);
      else station.alarms.raiseTechnical('DISCLOSURE_NOT_RECORDING', { bedId: null, message: 'Full disclosure not recording: tell IT' });
    },
  });
  // Subscribed until the recorder closes, which Station.dispose does last (after the feed stopped): the final alarm steps are filed too.
  recorder.subscribe(station.pipeline);
  station.useDisclosure(
    new DisclosureReview({
      recorder,
      audit: station.audit,
      beds: station.beds,
      authorize: (viewId) => station.actions.operator(viewId, 'review-disclosure'),
      wallMode: options.wallMode,
      printer: options.stripPrinter ?? null,
      // Whose record a span is: the census's stays in the bed, by wall time.
      patients: censusPatientStamp(station.beds, station.census),
    }),
  );
}

/**
 * Stops the station and closes its audit trail, recording the stop. Only
 * after an approved quit (a clinical quit, or an admin's restart into an
 * update; each audited before it was approved) does the run marker go, and
 * only then does the back-end feed say goodbye (Station.dispose, awaited:
 * at most ~1 s): the other stations show it closed. Any other stop (OS
 * shutdown, a termination signal, a test host torn down) keeps the marker,
 * reported at the next start as a stop without a clinical quit, and the
 * others show it offline; a killed process the same.
 */
export async function closeStation(station: Station, options: { reason?: string } = {}): Promise<void> {
  const quit = station.quit.approvedQuit();
  await station.dispose();
  station.audit.record({
    action: 'app.stop',
    details: { clinical_quit: quit !== null, ...(quit ? { quit: quit.kind } : {}), ...(options.reason ? { reason: options.reason } : {}) },
  });
  await station.audit.close();
  const dir = markerDirs.get(station);
  if (quit !== null && dir !== undefined) clearRunMarker(dir);
}

const markerDirs = new WeakMap<Station, string>();

/**
 * A run marker left by the previous run means it ended without a clinical
 * quit: audited now, since nothing could record it then. Then this run's
 * marker is written (durably) in its place.
 */
function noteRunStarted(audit: AuditStore, dir: string, marker: RunMarker, log: Logger): void {
  const previous = readPreviousRun(dir);
  if (previous.kind === 'unclean') {
    const started = previous.marker ? new Date(previous.marker.startedAt).toISOString() : 'unknown (marker unreadable)';
    log.warn('station.unclean-stop', { previousStart: started });
    audit.record({
      action: 'app.unclean-stop',
      details: { message: 'station stopped without a clinical quit', previous_start: started, previous_pid: previous.marker?.pid ?? null },
    });
  }
  try {
    writeRunMarker(dir, marker);
  } catch (error) {
    // Not fatal, but the next start could not tell a kill from a quit: say so where IT looks.
    log.error('station.run-marker-failed', { reason: (error as Error).message.slice(0, 200) });
    audit.record({ action: 'app.start', details: { run_marker: 'not written', reason: (error as Error).message.slice(0, 200) } });
  }
}

async function openUsers(
  config: StationConfig,
  file: string,
  audit: AuditStore,
  hashCost: number | undefined,
  log: Logger,
): Promise<{ users: UserDirectory; problem: string | null }> {
  const persistence = new UserFileStore(file);
  const trainingAccounts = trainingAccountPolicy(config);
  try {
    if (trainingAccounts === 'allowed' && config.trainingAccounts) {
      try {
        const created = await seedTrainingAccounts(persistence, audit, { hashCost });
        if (created > 0) log.info('users.training-accounts-created', { count: created });
      } catch (error) {
        // The audit trail refused to record the creation (store and journal both down): the accounts
        // are not made, but the user file is fine and must not be reported unreadable (that was the
        // "User file unreadable" alarm a corrupt audit.sqlite used to raise).
        if (!(error instanceof AuditUnavailableError)) throw error;
        log.error('users.training-accounts-not-audited', { reason: error.message.slice(0, 200) });
      }
    } else if (trainingAccounts === 'refused') {
      await purgeTrainingAccounts(persistence, audit, config, log);
    }
    return { users: await UserDirectory.open(persistence, { audit, trainingAccounts }), problem: null };
  } catch (error) {
    // Never fall back to "no users": an empty directory could reopen initial set-up.
    const reason = (error as Error).message;
    log.error('users.unavailable', { reason: reason.slice(0, 200) });
    audit.record({ action: 'config.loaded', details: { source: 'users', ok: false, reason: reason.slice(0, 200) } });
    return { users: await UserDirectory.open(unavailableUsers(reason), { audit, trainingAccounts }), problem: reason };
  }
}

/**
 * A data folder that once ran the simulated unit keeps its training accounts
 * in users.json; on a real feed they go. A failure here does not stop the
 * station (the directory refuses those credentials at sign-in regardless);
 * it is logged and audited. A damaged user file is reported by the caller.
 */
async function purgeTrainingAccounts(persistence: UserFileStore, audit: AuditStore, config: StationConfig, log: Logger): Promise<void> {
  let users;
  try {
    users = await persistence.load();
  } catch {
    return; // the caller's open reports a damaged file
  }
  if (users.length === 0) return;
  const reason = realFeedReason(config);
  try {
    const removed = await removeTrainingAccounts(persistence, audit, reason);
    if (removed.length > 0) log.warn('users.training-accounts-removed', { count: removed.length, reason });
  } catch (error) {
    const why = (error as Error).message.slice(0, 200);
    log.error('users.training-accounts-not-removed', { reason: why });
    audit.record({ action: 'config.changed', details: { change: 'training-accounts.removed', ok: false, reason: why } });
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
