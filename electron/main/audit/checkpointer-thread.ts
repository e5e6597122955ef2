import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger';
import type { AuditWorkerEntry } from './worker-entry';

/**
 * The WAL checkpointer (writer/wal-checkpointer.ts) on its own thread: the
 * writer's entry file, started in the other role. It follows the file on its
 * own (reopening it if it is restored), so it is started once.
 */
export function startCheckpointerThread(options: { workerEntry: AuditWorkerEntry; file: string; projectRoot: string }, logger: Logger): Worker {
  const { workerEntry, file, projectRoot } = options;
  const worker = new Worker(workerEntry.path, {
    workerData: { role: 'checkpointer', file, projectRoot },
    ...(workerEntry.execArgv ? { execArgv: workerEntry.execArgv } : {}),
  });
  worker.on('error', (error) => logger.warn('audit.checkpointer-failed', { message: error.message }));
  return worker;
}

export async function stopCheckpointerThread(worker: Worker | null): Promise<void> {
  if (!worker) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.postMessage('stop');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  await worker.terminate();
}
