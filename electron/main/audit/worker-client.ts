import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger';
import { AuditFailure, type AuditFailureReason } from './audit-failure';
import type { AuditWorkerEntry } from './worker-entry';
import type { AuditWorkerData, WorkerCall, WorkerReply } from './writer/worker-protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: (done: number, total: number) => void;
}

/**
 * Request/response over one writer thread. If the thread dies, everything in
 * flight fails (the store requeues or rejects it) and the next request starts
 * a fresh thread, which reopens and re-verifies the database.
 */
export class AuditWorkerClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly entry: AuditWorkerEntry,
    private readonly data: AuditWorkerData,
    private readonly logger: Logger,
  ) {}

  request<T>(call: WorkerCall, progress?: (done: number, total: number) => void): Promise<T> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, ...(progress ? { progress } : {}) });
      worker.postMessage({ ...call, id });
    });
  }

  /** Test seam: the thread dies as a native crash or an OOM would take it (in-flight requests fail as 'writer-died'). */
  async crashWriterForTests(): Promise<void> {
    await this.worker?.terminate();
  }

  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error('the audit writer thread was stopped'));
  }

  private spawn(): Worker {
    const worker = new Worker(this.entry.path, {
      workerData: this.data,
      ...(this.entry.execArgv ? { execArgv: this.entry.execArgv } : {}),
    });
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      if ('progress' in reply) {
        pending.progress?.(reply.progress.done, reply.progress.total);
        return;
      }
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(reply.error.reason ? new AuditFailure(reply.error.reason as AuditFailureReason, reply.error.message) : Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    worker.on('error', (error) => this.logger.error('audit.worker-error', { message: error.message }));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.logger.warn('audit.worker-exited', { code });
      // Whatever was in flight may or may not have committed.
      this.failAll(new AuditFailure('writer-died', `the audit writer thread exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
