import { describeError } from '../audit-failure';
import type { AuditProblem } from '../audit-problems';
import { FILE_PERMISSIONS_ONLY, type KeyProtector } from './key-protector';
import { ExposedKeyFileError } from './private-file';
import { writeNoChainYet } from './head-file';
import { loadOrCreateStationKey, stationKeyExists, stationKeyFiles, type StationKey } from './station-key';

export interface SigningSetup {
  key: StationKey | null;
  /** A key existed before this start, so a chain signed with it must exist too. */
  preexisting: boolean;
  /** The last signed head, beside the key; null when no key folder is configured. */
  headFile: string | null;
  problem: Omit<AuditProblem, 'sinceUtcMs'> | null;
}

/**
 * The station key for the store: loaded, or created on a station's first
 * start. A key that cannot be used is a problem for IT (an alarm), not a
 * reason to stop: the chain is then written unsigned, while the last signed
 * head is still checked, and the journal's seals are unsigned.
 */
export function setUpSigning(keyDir: string | null | undefined, stationId: string, protector: KeyProtector = FILE_PERMISSIONS_ONLY, options: { create?: boolean; now?: () => number } = {}): SigningSetup {
  const now = options.now ?? Date.now;
  if (!keyDir) return { key: null, preexisting: false, headFile: null, problem: null };
  const files = stationKeyFiles(keyDir);
  const preexisting = stationKeyExists(keyDir);
  try {
    const key = loadOrCreateStationKey(keyDir, protector, { create: options.create ?? true, now });
    if (!key) return { key: null, preexisting, headFile: files.headFile, problem: null };
    // A new key has signed no chain yet; saying so (signed) lets a later start tell a new
    // station (no database yet) from one whose database and last head were deleted.
    if (key.created) writeNoChainYet(files.headFile, { stationId, keyId: key.keyId, publicKey: key.publicKey, privateKey: key.privateKey }, now());
    return { key, preexisting, headFile: files.headFile, problem: null };
  } catch (error) {
    const exposed = error instanceof ExposedKeyFileError;
    return {
      key: null,
      preexisting,
      headFile: files.headFile,
      problem: {
        code: 'key-unusable',
        path: files.keyFile,
        what: exposed ? `refused: ${(error as Error).message}` : `cannot be used: ${describeError(error).slice(0, 160)}`,
        fix: exposed ? `restrict the key folder to the service account (chmod 700 ${keyDir}, chmod 600 the key); heads stay unsigned until then` : `restore ${files.keyFile} from the station's backup; heads stay unsigned until then`,
      },
    };
  }
}
