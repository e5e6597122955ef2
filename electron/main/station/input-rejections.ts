import { RejectionSampler, type AuditSink } from '../audit/rejection-sampler';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';

export interface RejectionCount {
  source: string;
  reason: string;
  count: number;
  lastAt: number;
}

/** Distinct source/reason pairs kept; beyond it they are pooled so a fuzzer cannot grow memory. */
const MAX_KEYS = 512;
const POOLED_KEY = 'other\u0000other';

/**
 * Bad input from anywhere (IPC, the back end, HL7 feeds) is rejected with a
 * reason, and this is where it is counted: per source and reason for the
 * admin status screen, logged (codes only, never content), and written to
 * the audit trail at most once a minute per source with the count (a
 * minute of the monotonic clock: a clock set back must not silence it).
 */
export class InputRejections {
  private readonly counts = new Map<string, RejectionCount>();
  private readonly sampler: RejectionSampler;
  private readonly log: Logger;
  private readonly clock: Clock;
  private total = 0;

  constructor(audit: AuditSink, options: { logger?: Logger; clock?: Clock; auditIntervalMs?: number } = {}) {
    this.log = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.sampler = new RejectionSampler(audit, { intervalMs: options.auditIntervalMs, now: () => this.clock.monotonic() });
  }

  /** `source` like 'ipc', 'gateway', 'hl7:10.1.2.3'; `reason` a short code or schema path. */
  reject(source: string, reason: string, options: { bedId?: string } = {}): void {
    this.total++;
    const shortReason = reason.slice(0, 120);
    const key = `${source}\u0000${shortReason}`;
    const pooled = !this.counts.has(key) && this.counts.size >= MAX_KEYS;
    let entry = this.counts.get(pooled ? POOLED_KEY : key);
    if (!entry) {
      entry = pooled ? { source: 'other', reason: 'other', count: 0, lastAt: 0 } : { source, reason: shortReason, count: 0, lastAt: 0 };
      this.counts.set(pooled ? POOLED_KEY : key, entry);
    }
    entry.count++;
    entry.lastAt = Math.round(this.clock.wall());
    if (entry.count === 1 || entry.count % 1000 === 0) this.log.warn('input.rejected', { source, reason: shortReason, count: entry.count });
    try {
      this.sampler.reject(source, shortReason, options);
    } catch (error) {
      this.log.error('input.rejection-not-audited', { reason: (error as Error).message });
    }
  }

  get totalRejected(): number {
    return this.total;
  }

  /** Most frequent first. */
  summary(): RejectionCount[] {
    return [...this.counts.values()].map((c) => ({ ...c })).sort((a, b) => b.count - a.count);
  }

  dispose(): void {
    this.sampler.flush();
    this.sampler.dispose();
  }
}
