// Entry of the audit writer thread (built as out/main/audit-worker.js). Keep
// its imports relative or better-sqlite3 only, so it bundles on its own.
import { parentPort, workerData } from 'node:worker_threads';
import { AuditFailure } from '../audit-failure';
import { AuditWorkerCore } from './audit-worker-core';
import { WalCheckpointer, type WalCheckpointerConfig } from './wal-checkpointer';
import type { AuditWorkerData, WorkerCall, WorkerReply, WorkerRequest } from './worker-protocol';

const port = parentPort!;
const role = (workerData as { role?: string }).role;

// The same file also runs the WAL checkpointer thread (one entry to build and ship).
if (role === 'checkpointer') {
  const checkpointer = new WalCheckpointer(workerData as WalCheckpointerConfig);
  checkpointer.start();
  port.on('message', () => {
    checkpointer.stop();
    port.close();
  });
} else {
  const core = new AuditWorkerCore(workerData as AuditWorkerData);
  port.on('message', (request: WorkerRequest) => handle(core, request));
}

function dispatch(core: AuditWorkerCore, call: WorkerCall, id: number): unknown {
  switch (call.type) {
    case 'open':
      return core.open();
    case 'append':
      return core.append(call.events, call.durable, call.clinicalIndices);
    case 'sign-head':
      return core.signHead();
    case 'signed-heads':
      return core.signedHeads(call.afterSeq, call.limit);
    case 'import-journal':
      return core.importJournal(call);
    case 'check-back-end':
      return core.checkBackEnd(call.heads);
    case 'query':
      return core.query(call.query);
    case 'count':
      return core.count(call.filter);
    case 'verify':
      return core.verify(call.full, call.backEndHeads, (done, total) => port.postMessage({ id, progress: { done, total } } satisfies WorkerReply));
    case 'export':
      return core.export(call.filter, call.format, call.outFile);
    case 'prune':
      return core.prune(call);
    case 'close':
      return core.close();
  }
}

function handle(core: AuditWorkerCore, request: WorkerRequest): void {
  const reply = (message: WorkerReply) => port.postMessage(message);
  // Synchronous calls (append, query) reply before the next message is read,
  // so replies come back in request order.
  try {
    const result = dispatch(core, request, request.id);
    if (result instanceof Promise) {
      result.then(
        (value) => reply({ id: request.id, ok: true, result: value }),
        (error: Error) => reply({ id: request.id, ok: false, error: serialize(error) }),
      );
    } else {
      reply({ id: request.id, ok: true, result });
    }
  } catch (error) {
    reply({ id: request.id, ok: false, error: serialize(error as Error) });
  }
}

function serialize(error: Error) {
  return { name: error.name, message: error.message, ...(error instanceof AuditFailure ? { reason: error.reason } : {}) };
}
