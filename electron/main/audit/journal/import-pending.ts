import type { Logger } from '../../logging/logger';
import type { Clock } from '../../time/clock';
import { monotonicStamp } from '../monotonic-clock';
import type { AuditWorkerClient } from '../worker-client';
import type { JournalImport, SigningOutcome } from '../writer/worker-protocol';
import type { FallbackJournal } from './fallback-journal';

export interface ImportPendingDeps {
  journal: FallbackJournal;
  client: AuditWorkerClient;
  stationId: string;
  /** The station key now: seals must verify with it (and an unsigned segment is refused unless this run wrote it). */
  publicKey: string | null;
  clock: Clock;
  logger: Logger;
  took(outcome: SigningOutcome, headSeq?: number): void;
  rejected(file: string, what: string): void;
}

/**
 * Every journal segment waiting for import, oldest first, each verified and
 * written in one transaction with the row recording its import (see
 * writer/import-journal.ts). A segment is moved to imported/ only after that
 * commit; a crash in between leaves it pending, and the next attempt finds
 * its audit.journal-imported row and just moves it. A segment that fails
 * verification is renamed *.rejected, recorded, and kept for IT. Throws if
 * the store fails meanwhile (the caller goes back to journalling). Returns
 * how many segments it wrote rows for (each a real write to the store).
 */
export async function importPendingSegments(deps: ImportPendingDeps): Promise<number> {
  const { journal, client, logger } = deps;
  let wrote = 0;
  for (const file of journal.pendingSegments()) {
    const result = await client.request<JournalImport>({
      type: 'import-journal',
      file,
      expect: { stationId: deps.stationId, publicKey: deps.publicKey, requireSignature: deps.publicKey !== null },
      written: journal.writtenByThisRun(file) ?? null,
      nowUtc: deps.clock.wall(),
      monoMs: monotonicStamp(deps.clock),
    });
    if (result.outcome !== 'already-imported') wrote++;
    if (result.outcome === 'rejected') {
      deps.took(result);
      const kept = moveSafely(() => journal.markRejected(file), logger) ?? file;
      const what = `failed verification at line ${result.line} (${result.problem}: ${result.detail})`;
      logger.error('audit.journal-rejected', { file: kept, problem: result.problem, line: result.line });
      deps.rejected(kept, what);
      continue;
    }
    if (result.outcome === 'imported') {
      deps.took(result, result.headSeq);
      logger.info('audit.journal-imported', { file, entries: result.entries, clinical: result.clinical, skippedInDoubt: result.skippedInDoubt, unsealed: result.unsealed });
    }
    moveSafely(() => journal.markImported(file), logger);
  }
  return wrote;
}

function moveSafely<T>(move: () => T, logger: Logger): T | null {
  try {
    return move();
  } catch (error) {
    // Imported already (the chain records it): the next attempt only moves it.
    logger.warn('audit.journal-move-failed', { reason: (error as Error).message.slice(0, 160) });
    return null;
  }
}
