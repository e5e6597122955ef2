import { join } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import type { AuditWorkerEntry } from '../audit/worker-entry';
import { UserAdminError } from '../auth/user-directory';
import { resolveConfigLocation } from '../config/config-location';
import { ConfigError, loadStationConfig } from '../config/load-station-config';
import { RESOURCE_FILES, isPackagedAppRoot, resourcesDirOf } from '../packaging/app-files';
import { AdminUsageError, type AdminIo } from './admin-io';
import { exportAuditRange, MissingFileError, pruneAudit, verifyAuditDatabase, verifyAuditExport, type AuditToolContext } from './audit-commands';
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
      return verifyAuditExport(command.file, command.manifest, tools);
    case 'init-admin': {
      const { config, dataDir } = stationData(host, command.dataDir);
      return initAdmin({ dataDir, userId: command.userId, displayName: command.displayName, badgeId: command.badgeId, stationId: config.stationId, config }, { ...tools, ...(host.hashCost ? { hashCost: host.hashCost } : {}) });
    }
    case 'verify-audit':
      return verifyAuditDatabase(command.db ?? auditFile(host), tools);
    case 'export-audit':
      return exportAuditRange(command.db ?? auditFile(host), { fromUtc: command.from, toUtc: command.to, format: command.format, outFile: command.out }, tools);
    case 'prune-audit': {
      const { config, dataDir } = stationData(host, null);
      const db = command.db ?? join(dataDir, 'audit.sqlite');
      return pruneAudit(db, { exportFile: command.exportFile, manifestFile: command.manifestFile, by: command.by, retentionYears: command.retentionYears ?? config.audit.retentionYears, stationId: config.stationId }, tools);
    }
  }
}

/** The station's config and data folder, as the station would resolve them; says which folder it uses. */
function stationData(host: AdminHost, explicitDataDir: string | null): { config: StationConfig; dataDir: string } {
  // As the station: a missing file at a path given with --config or VIGIL_CONFIG is exit 78, never the default data folder.
  const loaded = loadStationConfig(resolveConfigLocation(host.argv, host.env, host.platform));
  const dataDir = explicitDataDir ?? loaded.config.dataDir ?? host.defaultDataDir;
  const why = explicitDataDir ? '--data-dir' : loaded.config.dataDir ? `dataDir in ${loaded.source}` : 'no dataDir configured: this account’s app data folder; a station run by another account will not see it';
  host.io.err(`data folder: ${dataDir} (${why})\n`);
  return { config: loaded.config, dataDir };
}

function auditFile(host: AdminHost): string {
  return join(stationData(host, null).dataDir, 'audit.sqlite');
}
