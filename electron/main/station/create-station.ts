import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import { AuditStore, AuditUnavailableError } from '../audit/audit-store';
import type { KeyProtector } from '../audit/signing/key-protector';
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
import { Station } from './station';

export interface CreateStationOptions {
  wallMode: boolean;
  /** Folder for audit.sqlite and users.json (config.dataDir wins when set). */
  dataDir: string;
  /** For the SQLite native binding choice (storage/native-binding.ts). */
  projectRoot: string;
  auditWorker: AuditWorkerEntry;
  /** Where the config came from, for the audit trail; null = built-in simulated unit. */
  configSource?: string | null;
  logger?: Logger;
  now?: () => number;
  tickMs?: number;
  viewTimeoutMs?: number;
  /** scrypt cost for training accounts (tests use the minimum). */
  hashCost?: number;
  /** Seals the audit signing key at rest (Electron's safeStorage in the app). Default: file permissions only. */
  keyProtector?: KeyProtector;
}

export interface StationFiles {
  auditFile: string;
  usersFile: string;
  exportDir: string;
  /** Beside dataDir, not in it (see the config schema, audit.journalDir). */
  journalDir: string;
  keyDir: string;
}

export function stationFiles(config: StationConfig, dataDir: string): StationFiles {
  const dir = resolve(config.dataDir ?? dataDir);
  return {
    auditFile: join(dir, 'audit.sqlite'),
    usersFile: join(dir, 'users.json'),
    exportDir: join(dir, 'exports'),
    journalDir: config.audit.journalDir ?? `${dir}-audit-journal`,
    keyDir: config.audit.keyDir ?? `${dir}-audit-key`,
  };
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

  const { users, problem } = await openUsers(config, files.usersFile, audit, options.hashCost, log);
  const feed = createFeed(config, now, log);
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
  });
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

/** Stops the station and closes its audit trail, recording the stop. */
export async function closeStation(station: Station): Promise<void> {
  station.dispose();
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
