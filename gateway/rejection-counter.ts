import type { Logger } from '../electron/main/logging/logger';

const MAX_KEYS = 512;

/**
 * The gateway validates what stations send it as strictly as stations
 * validate the gateway: every rejected message is counted per station and
 * reason (bounded: a misbehaving client cannot grow the map) and logged on
 * the first occurrence and every 1000th.
 */
export class RejectionCounter {
  private readonly counts = new Map<string, number>();
  private total = 0;

  constructor(private readonly log: Logger) {}

  reject(source: string, reason: string): void {
    this.total++;
    let key = `${source}\u0000${reason.slice(0, 120)}`;
    if (!this.counts.has(key) && this.counts.size >= MAX_KEYS) key = 'other\u0000other';
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count === 1 || count % 1000 === 0) this.log.warn('gateway.rejected', { source, reason: reason.slice(0, 120), count });
  }

  get totalRejected(): number {
    return this.total;
  }

  summary(): Array<{ source: string; reason: string; count: number }> {
    return [...this.counts].map(([key, count]) => {
      const [source, reason] = key.split('\u0000') as [string, string];
      return { source, reason, count };
    });
  }
}
