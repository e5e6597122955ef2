import type { PendingAuditEvent } from './audit-row';
import type { ClinicalRecord } from './durability-receipt';

export interface ClinicalWaiter {
  resolve(record: ClinicalRecord): void;
  reject(error: Error): void;
}

export interface QueuedEvent {
  event: PendingAuditEvent;
  /** Call order; also what flush() waits on. */
  ordinal: number;
  enqueuedAt: number;
  clinical: ClinicalWaiter | null;
  /** Was in a batch the writer thread died with: it may be committed already (the journal import checks). */
  inDoubt: boolean;
}

/**
 * The bounded, ordered in-memory queue between callers and the writer
 * thread. The first `inFlight` entries are the batch being written; they stay
 * here until the commit is confirmed, so a failed batch is simply sent again.
 */
export class PendingQueue {
  private items: QueuedEvent[] = [];
  private clinical = 0;
  private nextOrdinal = 1;
  inFlight = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  get clinicalCount(): number {
    return this.clinical;
  }

  get lastOrdinal(): number {
    return this.nextOrdinal - 1;
  }

  get isFull(): boolean {
    return this.items.length >= this.capacity;
  }

  oldestEnqueuedAt(): number | null {
    return this.items[0]?.enqueuedAt ?? null;
  }

  /** `force` is for the store's own outage markers: they must not be the events that get dropped. */
  push(event: PendingAuditEvent, clinical: ClinicalWaiter | null, now: number, force = false): boolean {
    if (!force && this.isFull) return false;
    this.items.push({ event, ordinal: this.nextOrdinal++, enqueuedAt: now, clinical, inDoubt: false });
    if (clinical) this.clinical++;
    return true;
  }

  /** Marks up to `max` oldest entries as in flight and returns them. */
  takeBatch(max: number): QueuedEvent[] {
    const batch = this.items.slice(0, max);
    this.inFlight = batch.length;
    return batch;
  }

  /** The in-flight batch failed in a way that leaves its commit unknown. */
  markInFlightInDoubt(): void {
    for (let i = 0; i < this.inFlight; i++) this.items[i]!.inDoubt = true;
  }

  /** The in-flight batch failed: it stays queued, to be sent again (to the store or the journal). */
  releaseInFlight(): void {
    this.inFlight = 0;
  }

  /** The in-flight batch was committed. */
  commitInFlight(): QueuedEvent[] {
    const done = this.items.splice(0, this.inFlight);
    this.inFlight = 0;
    for (const q of done) if (q.clinical) this.clinical--;
    return done;
  }

  /** The first `count` entries are durable (the rest of the in-flight batch is released): removes and returns them. */
  commitPrefix(count: number): QueuedEvent[] {
    const done = this.items.splice(0, count);
    this.inFlight = 0;
    for (const q of done) if (q.clinical) this.clinical--;
    return done;
  }

  /** Removes every clinical entry (not in flight) and returns their waiters. */
  removeClinical(): ClinicalWaiter[] {
    this.inFlight = 0;
    const waiters: ClinicalWaiter[] = [];
    this.items = this.items.filter((q) => {
      if (!q.clinical) return true;
      waiters.push(q.clinical);
      return false;
    });
    this.clinical = 0;
    return waiters;
  }

  /** True when nothing with an ordinal up to `ordinal` is still waiting. */
  doneThrough(ordinal: number): boolean {
    return this.items.length === 0 || this.items[0]!.ordinal > ordinal;
  }
}
