import type { AlarmsDelta, AlarmsUpdate, AuditorySignal } from '../../../shared/domain/station-event';
import { toAlarmCondition, type AlarmRecord } from './alarm-record';

/**
 * What a change touched: one alarm; 'signals': the auditory signal or AUDIO
 * PAUSED only (alarms added or removed are noted by the AlarmRecordMap
 * itself); 'all': something the caller did not name.
 */
export type AlarmChange = AlarmRecord | 'signals' | 'all';

/**
 * AUDIO PAUSED's end and the moment sent, from one wall-clock reading taken
 * when the state is sent (`audioPausedUntil − sentAt` is the pause left).
 */
export interface SignalTimes {
  audioPausedUntil: number | null;
  sentAt: number;
}

/**
 * The engine's outgoing alarm stream (see AlarmsDeltaSchema): which alarms
 * changed since the last publication, so each publication costs what
 * changed, and the sequence numbers views use to prove their copy current.
 *
 * A change that does not name its alarm ('all') is sent as a full
 * replacement rather than guessed at: slower, never stale.
 */
export class AlarmChanges {
  private readonly dirty = new Set<string>();
  private everything = false;
  /** Something changed since the last delta (a 'signals' change names no alarm, so `dirty` alone cannot say). */
  private changed = false;
  private seq = 0;

  constructor(readonly stream: string) {}

  mark(what: AlarmChange): void {
    this.changed = true;
    if (what === 'all') this.everything = true;
    else if (what !== 'signals') this.dirty.add(what.alarmId);
  }

  /** An alarm added or removed (the record map reports these itself). */
  touch(alarmId: string): void {
    this.changed = true;
    this.dirty.add(alarmId);
  }

  get pending(): boolean {
    return this.changed;
  }

  /** The changes since the last call as the next delta, or null if nothing changed. */
  take(records: ReadonlyMap<string, AlarmRecord>, auditory: AuditorySignal | null, { audioPausedUntil, sentAt }: SignalTimes): AlarmsDelta | null {
    if (!this.changed) return null;
    const baseSeq = this.seq++;
    let delta: AlarmsDelta;
    if (this.everything) {
      delta = { stream: this.stream, baseSeq, seq: this.seq, replace: true, changed: [...records.values()].map(toAlarmCondition), removed: [], auditory, audioPausedUntil, sentAt };
    } else {
      const changed = [];
      const removed = [];
      for (const id of this.dirty) {
        const record = records.get(id);
        if (record) changed.push(toAlarmCondition(record));
        else removed.push(id);
      }
      delta = { stream: this.stream, baseSeq, seq: this.seq, replace: false, changed, removed, auditory, audioPausedUntil, sentAt };
    }
    this.dirty.clear();
    this.everything = false;
    this.changed = false;
    return delta;
  }

  /** The full state as of the last delta taken (changes not yet published are in it too: harmless, see the schema). */
  snapshot(records: ReadonlyMap<string, AlarmRecord>, auditory: AuditorySignal | null, { audioPausedUntil, sentAt }: SignalTimes): AlarmsUpdate {
    return { stream: this.stream, seq: this.seq, alarms: [...records.values()].map(toAlarmCondition), auditory, audioPausedUntil, sentAt };
  }
}

/**
 * The engine's alarm records, reporting every record added or removed, so
 * the outgoing stream, the auditory choice and the flood bounds never miss
 * one, whichever code path adds or removes it.
 */
export class AlarmRecordMap extends Map<string, AlarmRecord> {
  constructor(private readonly hooks: { added(record: AlarmRecord): void; removed(record: AlarmRecord): void }) {
    super();
  }

  override set(alarmId: string, record: AlarmRecord): this {
    const before = super.get(alarmId);
    super.set(alarmId, record);
    if (before !== record) {
      if (before) this.hooks.removed(before);
      this.hooks.added(record);
    }
    return this;
  }

  override delete(alarmId: string): boolean {
    const before = super.get(alarmId);
    if (!before) return false;
    super.delete(alarmId);
    this.hooks.removed(before);
    return true;
  }

  override clear(): void {
    for (const id of [...this.keys()]) this.delete(id);
  }
}
