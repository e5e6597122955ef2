import type { AlarmCondition } from '../domain/alarm-condition';
import type { AlarmsDelta, AlarmsUpdate, AuditorySignal } from '../domain/station-event';

export type ReplicaApplied =
  | { kind: 'applied'; /** Beds whose alarms changed (a station-wide alarm counts as bed null). */ beds: ReadonlySet<string | null> }
  | { kind: 'already-had' }
  /** Nothing was applied: the copy cannot be proven current until load() is given a full state. */
  | { kind: 'out-of-sync'; reason: 'no full state yet' | 'gap' | 'other stream' };

/**
 * A view's copy of the station's alarm state, kept by applying the numbered
 * deltas of the 'unit:alarms' stream to a full state (see AlarmsDeltaSchema
 * for the rules). The work per delta is what it carries, not the size of the
 * list.
 *
 * It never guesses: before its first full state, after a gap in the numbers
 * or on another stream it applies nothing more and says `out-of-sync` until
 * it is loaded again, so its owner can say the list is not current and fetch
 * the full state.
 */
export class AlarmListReplica {
  private readonly byId = new Map<string, AlarmCondition>();
  private readonly idsByBed = new Map<string | null, Set<string>>();
  private stream: string | null = null;
  private seq = -1;
  private synced = false;
  private current: { auditory: AuditorySignal | null; audioPausedUntil: number | null; sentAt: number } = { auditory: null, audioPausedUntil: null, sentAt: 0 };

  /** False before the first full state and from a gap until the next one. */
  get inSync(): boolean {
    return this.synced;
  }

  get position(): { stream: string | null; seq: number } {
    return { stream: this.stream, seq: this.seq };
  }

  get auditory(): AuditorySignal | null {
    return this.current.auditory;
  }

  get audioPausedUntil(): number | null {
    return this.current.audioPausedUntil;
  }

  get sentAt(): number {
    return this.current.sentAt;
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Takes a full state. One older than what an in-sync copy of the same
   * stream holds is ignored (returns false): it was answered before deltas
   * this copy has already applied.
   */
  load(state: AlarmsUpdate): boolean {
    if (this.synced && state.stream === this.stream && state.seq < this.seq) return false;
    this.byId.clear();
    this.idsByBed.clear();
    for (const alarm of state.alarms) this.put(alarm);
    this.stream = state.stream;
    this.seq = state.seq;
    this.synced = true;
    this.setSignals(state);
    return true;
  }

  apply(delta: AlarmsDelta): ReplicaApplied {
    if (!this.synced) return { kind: 'out-of-sync', reason: this.stream === null ? 'no full state yet' : 'gap' };
    if (delta.stream !== this.stream) return this.lose('other stream');
    if (delta.seq <= this.seq) return { kind: 'already-had' };
    if (!delta.replace && delta.baseSeq > this.seq) return this.lose('gap');
    const beds = new Set<string | null>();
    if (delta.replace) {
      for (const bedId of this.idsByBed.keys()) beds.add(bedId);
      this.byId.clear();
      this.idsByBed.clear();
    }
    for (const id of delta.removed) {
      const gone = this.byId.get(id);
      if (!gone) continue;
      beds.add(gone.bedId);
      this.drop(gone);
    }
    for (const alarm of delta.changed) {
      const before = this.byId.get(alarm.alarmId);
      beds.add(alarm.bedId);
      // An alarm keeps its place (and its bed: a record's bed never changes); only its state is new.
      if (before && before.bedId === alarm.bedId) this.byId.set(alarm.alarmId, alarm);
      else {
        if (before) {
          beds.add(before.bedId);
          this.drop(before);
        }
        this.put(alarm);
      }
    }
    this.seq = delta.seq;
    this.setSignals(delta);
    return { kind: 'applied', beds };
  }

  /** Every alarm held, oldest first (the order the station first sent them). */
  list(): AlarmCondition[] {
    return [...this.byId.values()];
  }

  /** One bed's alarms (null: the station-wide ones), without looking at the others. */
  alarmsOfBed(bedId: string | null): AlarmCondition[] {
    const ids = this.idsByBed.get(bedId);
    return ids ? [...ids].map((id) => this.byId.get(id)!) : [];
  }

  private lose(reason: 'gap' | 'other stream'): ReplicaApplied {
    this.synced = false;
    return { kind: 'out-of-sync', reason };
  }

  private put(alarm: AlarmCondition): void {
    this.byId.set(alarm.alarmId, alarm);
    let ids = this.idsByBed.get(alarm.bedId);
    if (!ids) this.idsByBed.set(alarm.bedId, (ids = new Set()));
    ids.add(alarm.alarmId);
  }

  private drop(alarm: AlarmCondition): void {
    this.byId.delete(alarm.alarmId);
    const ids = this.idsByBed.get(alarm.bedId);
    ids?.delete(alarm.alarmId);
    if (ids?.size === 0) this.idsByBed.delete(alarm.bedId);
  }

  private setSignals(state: { auditory: AuditorySignal | null; audioPausedUntil: number | null; sentAt: number }): void {
    const before = this.current.auditory;
    const next = state.auditory;
    // The same signal keeps its object, so whoever watches it by identity hears no change.
    const same = before !== null && next !== null && before.alarmId === next.alarmId && before.priority === next.priority && before.escalationLevel === next.escalationLevel;
    this.current = { auditory: same ? before : next, audioPausedUntil: state.audioPausedUntil, sentAt: state.sentAt };
  }
}
