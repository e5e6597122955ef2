import { dirname, join, resolve } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import type { AuditWorkerEntry } from '../audit/worker-entry';
import { UserAdminError } from '../auth/user-directory';
import { resolveConfigLocation } from '../config/config-location';
import { ConfigError, loadStationConfig } from '../config/load-station-config';
import { RESOURCE_FILES, isPackagedAppRoot, resourcesDirOf } from '../packaging/app-files';
import { AdminUsageError, type AdminIo } from './admin-io';
import { stationFiles, type StationFiles } from '../station/station-files';
import { exportAuditRange, MissingFileError, newAuditChain, pruneAudit, verifyAuditDatabase, verifyAuditExport, type AuditToolContext } from './audit-commands';
import { checkConfigFile } from './check-config';
import { ADMIN_USAGE, type AdminCommand } from './command-line';
import { EXIT } from './exit-codes';
import { initAdmin } from './init-admin';
import { printVersion } from './version-info';

/** Where the command runs: the packaged app's main process, or Node for the npm scripts and tests. */
export interface AdminHost {
  io: AdminIo;
  /** The whole command line, for --config. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** app.getAppPath() (resources/app.asar when packaged), or the project folder. */
  appRoot: string;
  workerEntry: AuditWorkerEntry;
  /** The station's default data folder when the config names none (Electron's userData). */
  defaultDataDir: string;
  productName: string;
  version: string;
  /** e.g. "Electron 39.5.0" or "Node 20.19.5". */
  runtime: string;
  /** scrypt cost for the new admin's hash (tests use the minimum). */
  hashCost?: number;
}

/**
 * Runs one administrative command to completion and returns the exit code.
 * Nothing here starts the station or opens a window; every failure is a
 * message and a code, never a stack trace in IT's terminal.
 */
export async function runAdminCommand(command: AdminCommand, host: AdminHost): Promise<number> {
  try {
    return await dispatch(command, host);
  } catch (error) {
    if (error instanceof AdminUsageError) {
      host.io.err(`${error.message}\n${ADMIN_USAGE}\n`);
      return EXIT.usageOrIo;
    }
    if (error instanceof ConfigError) {
      host.io.err(`${error.message}\n(vigil-station --check-config lists every error)\n`);
      return EXIT.config;
    }
    if (error instanceof UserAdminError) {
      host.io.err(`${error.message}\n`);
      return EXIT.refused;
    }
    host.io.err(`${error instanceof MissingFileError ? '' : 'error: '}${(error as Error).message}\n`);
    return EXIT.usageOrIo;
  }
}

async function dispatch(command: AdminCommand, host: AdminHost): Promise<number> {
  const tools: AuditToolContext = { io: host.io, projectRoot: host.appRoot, workerEntry: host.workerEntry };
  switch (command.kind) {
    case 'version': {
      const resources = resourcesDirOf(host.appRoot);
      const sbomFile = resources ? join(resources, RESOURCE_FILES.sbom) : join(host.appRoot, 'out', RESOURCE_FILES.sbom);
      return printVersion({ productName: host.productName, version: host.version, runtime: host.runtime, sbomFile, packaged: isPackagedAppRoot(host.appRoot) }, host.io);
    }
    case 'check-config':
      return checkConfigFile(command.path ?? resolveConfigLocation(host.argv, host.env, host.platform).path, host.io);
    case 'verify-audit-export':
      return verifyAuditExport(command.file, command.manifest, command.publicKey, tools);
    case 'init-admin': {
      const { config, files } = stationData(host, command.dataDir);
      const dataDir = dirname(files.auditFile);
      return initAdmin(
        { dataDir, keyDir: files.keyDir, userId: command.userId, displayName: command.displayName, badgeId: command.badgeId, stationId: config.stationId, config },
        { ...tools, ...(host.hashCost ? { hashCost: host.hashCost } : {}) },
      );
    }
    case 'verify-audit': {
      const { db, keyDir } = auditFiles(host, command.db, command.keyDir);
      return verifyAuditDatabase(db, { keyDir, publicKeyPem: command.publicKey }, tools);
    }
    case 'export-audit':
      return exportAuditRange(command.db ?? stationData(host, null).files.auditFile, { fromUtc: command.from, toUtc: command.to, format: command.format, outFile: command.out }, tools);
    case 'prune-audit': {
      const station = stationData(host, null);
      const { config } = station;
      const { db, keyDir } = auditFiles(host, command.db, command.keyDir, station);
      return pruneAudit(
        db,
        { exportFile: command.exportFile, manifestFile: command.manifestFile, by: command.by, retentionYears: command.retentionYears ?? config.audit.retentionYears, stationId: config.stationId, keyDir },
        tools,
      );
    }
    case 'new-audit-chain': {
      // The configured station's own trail: its id; a file named on the command line: the one its last head names.
      const station = command.db === null ? stationData(host, null) : null;
      const { db, keyDir } = auditFiles(host, command.db, command.keyDir, station);
      return newAuditChain(db, { keyDir, stationId: command.stationId ?? station?.config.stationId ?? null, by: command.by, reason: command.reason, replaces: command.replaces }, tools);
    }
  }
}

/** The station's config and files, as the station would resolve them; says which data folder it uses. */
function stationData(host: AdminHost, explicitDataDir: string | null): { config: StationConfig; files: StationFiles } {
  // As the station: a missing file at a path given with --config or VIGIL_CONFIG is exit 78, never the default data folder.
  const loaded = loadStationConfig(resolveConfigLocation(host.argv, host.env, host.platform));
  const dataDir = explicitDataDir ?? loaded.config.dataDir ?? host.defaultDataDir;
  const why = explicitDataDir ? '--data-dir' : loaded.config.dataDir ? `dataDir in ${loaded.source}` : 'no dataDir configured: this account’s app data folder; a station run by another account will not see it';
  host.io.err(`data folder: ${dataDir} (${why})\n`);
  return { config: loaded.config, files: stationFiles({ ...loaded.config, dataDir }, dataDir) };
}

/**
 * The database and the key folder a command works on: the configured
 * station's (audit.keyDir, else beside dataDir), or for a database named on
 * the command line, the key folder beside its folder, as the station lays
 * them out; --key-dir wins over both.
 */
function auditFiles(host: AdminHost, db: string | null, keyDir: string | null, station: { files: StationFiles } | null = null): { db: string; keyDir: string } {
  if (db === null) {
    const { files } = station ?? stationData(host, null);
    return { db: files.auditFile, keyDir: keyDir ?? files.keyDir };
  }
  return { db, keyDir: keyDir ?? `${resolve(dirname(db))}-audit-key` };
}
