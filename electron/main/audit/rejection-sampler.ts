import { isValidAuditId, type AuditEventInput } from './normalize-event';

export interface AuditSink {
  record(event: AuditEventInput): void;
}

interface SourceState {
  lastRowAt: number;
  pending: number;
  lastReason: string;
  bedId: string | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Rejected input (malformed messages, fuzzed payloads) can arrive thousands
 * of times a second; auditing each would drown the trail and the disk. This
 * writes at most one input.rejected row per source per interval (default one
 * minute) carrying the count since that source's previous row: the first
 * rejection is written at once, later ones are summed and written when the
 * interval ends. Sources are bounded too: beyond `maxSources` they are pooled
 * under 'other'.
 */
export class RejectionSampler {
  private readonly sources = new Map<string, SourceState>();
  private readonly intervalMs: number;
  private readonly maxSources: number;
  private readonly now: () => number;

  constructor(
    private readonly sink: AuditSink,
    /** `now`: a monotonic reading (the interval is a duration); the station passes its clock's. */
    options: { intervalMs?: number; maxSources?: number; now?: () => number } = {},
  ) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.maxSources = options.maxSources ?? 256;
    this.now = options.now ?? (() => performance.now());
  }

  /** `source` and `reason` are short codes (e.g. 'feed:bed-03', 'schema'), never message content. */
  reject(source: string, reason: string, options: { bedId?: string } = {}): void {
    const now = this.now();
    const state = this.stateFor(source, now);
    state.pending++;
    state.lastReason = reason;
    // The bed id may come from the rejected input itself: only a well-formed one is kept.
    state.bedId = isValidAuditId(options.bedId) && this.sources.has(source) ? options.bedId : null;
    if (now - state.lastRowAt >= this.intervalMs) {
      this.write(this.keyOf(source), state, now);
    } else {
      state.timer ??= setTimeout(() => this.write(this.keyOf(source), state, this.now()), state.lastRowAt + this.intervalMs - now);
      state.timer.unref?.();
    }
  }

  /** Writes every pending count now (at shutdown). */
  flush(): void {
    const now = this.now();
    for (const [source, state] of this.sources) if (state.pending > 0) this.write(source, state, now);
  }

  dispose(): void {
    for (const state of this.sources.values()) if (state.timer) clearTimeout(state.timer);
    this.sources.clear();
  }

  private keyOf(source: string): string {
    return this.sources.has(source) ? source : 'other';
  }

  private stateFor(source: string, now: number): SourceState {
    const existing = this.sources.get(source);
    if (existing) return existing;
    if (this.sources.size >= this.maxSources) this.forgetIdle(now);
    const key = this.sources.size >= this.maxSources ? 'other' : source;
    let state = this.sources.get(key);
    if (!state) {
      state = { lastRowAt: -Infinity, pending: 0, lastReason: '', bedId: null, timer: null };
      this.sources.set(key, state);
    }
    return state;
  }

  /** Sources with nothing pending whose interval has passed need no memory. */
  private forgetIdle(now: number): void {
    for (const [source, state] of this.sources) {
      if (state.pending === 0 && state.timer === null && now - state.lastRowAt >= this.intervalMs) this.sources.delete(source);
    }
  }

  private write(source: string, state: SourceState, now: number): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    if (state.pending === 0) return;
    this.sink.record({
      action: 'input.rejected',
      bedId: state.bedId,
      details: { source, count: state.pending, reason: state.lastReason },
    });
    state.pending = 0;
    state.lastRowAt = now;
  }
}
