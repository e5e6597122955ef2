import { join, resolve } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';

/**
 * Where a station keeps its files. One definition for the station and for
 * IT's command-line tools (admin-cli/), so `--init-admin` and `--prune-audit`
 * write the trail the station will open, under the key and last signed head
 * the station checks it against.
 */
export interface StationFiles {
  auditFile: string;
  /** The full-disclosure record: in disclosure.dir when IT gave it a volume of its own, else in dataDir. */
  disclosureFile: string;
  usersFile: string;
  exportDir: string;
  /** Where this station stands in the back end's episode journal (connections/gateway/position-file.ts). */
  gatewayPositionFile: string;
  /** Who is in which bed (census/census-store.ts). */
  censusFile: string;
  /** An admin's choice of patient display mode (census/patient-display-setting.ts). */
  displaySettingFile: string;
  /** Beside dataDir, not in it (see the config schema, audit.journalDir). */
  journalDir: string;
  keyDir: string;
}

export function stationFiles(config: StationConfig, dataDir: string): StationFiles {
  const dir = resolve(config.dataDir ?? dataDir);
  return {
    auditFile: join(dir, 'audit.sqlite'),
    disclosureFile: join(resolve(config.disclosure.dir ?? dir), 'disclosure.sqlite'),
    usersFile: join(dir, 'users.json'),
    exportDir: join(dir, 'exports'),
    gatewayPositionFile: join(dir, 'gateway-position.json'),
    censusFile: join(dir, 'census.json'),
    displaySettingFile: join(dir, 'display.json'),
    journalDir: config.audit.journalDir ?? `${dir}-audit-journal`,
    keyDir: config.audit.keyDir ?? `${dir}-audit-key`,
  };
}
