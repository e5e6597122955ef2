import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { syncFolder, writeFileDurably } from '../storage/durable-file';

/**
 * How the station knows, at start, that its previous run did not end with a
 * clinical quit (killed, crashed, OS shutdown, power loss): a marker file in
 * the data folder, written (fsync'd) when the station starts and removed only
 * after a clinical quit has been audited and the audit trail closed. A marker
 * found at start is audited as "station stopped without a clinical quit".
 *
 * The marker holds the wall-clock start time (for people to read) and the
 * process id; nothing monotonic (meaningless after a restart).
 */
export const RUN_MARKER_FILE = 'station.running';

export interface RunMarker {
  stationId: string;
  startedAt: number;
  pid: number;
}

/** What the previous run left: nothing (it quit cleanly, or never ran), its marker, or a marker we cannot read (still unclean). */
export type PreviousRun = { kind: 'clean' } | { kind: 'unclean'; marker: RunMarker | null };

export function runMarkerPath(dataDir: string): string {
  return join(dataDir, RUN_MARKER_FILE);
}

export function readPreviousRun(dataDir: string): PreviousRun {
  let text: string;
  try {
    text = readFileSync(runMarkerPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'clean' };
    return { kind: 'unclean', marker: null };
  }
  try {
    const json = JSON.parse(text) as Partial<RunMarker>;
    const ok = typeof json.stationId === 'string' && Number.isInteger(json.startedAt) && Number.isInteger(json.pid);
    return { kind: 'unclean', marker: ok ? { stationId: json.stationId!, startedAt: json.startedAt!, pid: json.pid! } : null };
  } catch {
    // A torn write (power lost while starting) is still a run that never quit.
    return { kind: 'unclean', marker: null };
  }
}

/** Durable before it returns: a kill one instruction later must still be detected at the next start. */
export function writeRunMarker(dataDir: string, marker: RunMarker): void {
  writeFileDurably(runMarkerPath(dataDir), JSON.stringify(marker));
}

/** After a clinical quit only. */
export function clearRunMarker(dataDir: string): void {
  rmSync(runMarkerPath(dataDir), { force: true });
  syncFolder(dataDir);
}

