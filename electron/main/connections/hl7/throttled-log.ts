import type { LogFields, Logger } from '../../logging/logger';

/**
 * A misbehaving device can send thousands of bad messages a minute; logging
 * each would bury everything else (and fill the disk). Per key (source +
 * reason) the first line goes out at once, then at most one line per
 * interval carrying how many were suppressed in between. The counters stay
 * exact; only the log is thinned. `now` is a monotonic reading (the
 * interval is a duration: a wall clock set back must not silence the log).
 */
export class ThrottledLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly intervalMs = 10_000,
    private readonly maxKeys = 1024,
  ) {}

  warn(key: string, event: string, fields: LogFields): void {
    const now = this.now();
    const entry = this.last.get(key);
    if (entry !== undefined && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    if (entry === undefined && this.last.size >= this.maxKeys) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    this.log.warn(event, { ...fields, suppressed: entry?.suppressed ?? 0 });
    this.last.delete(key);
    this.last.set(key, { at: now, suppressed: 0 });
  }
}
