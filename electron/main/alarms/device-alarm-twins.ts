import type { AlarmRecord } from './alarm-record';

/**
 * What makes two device alarms the same alarm for the nurse: everything she
 * is shown, on the same bed, of the same patient (a new patient's alarm is
 * theirs, never a repeat of the one before them still open in the bed).
 */
export interface DeviceAlarmContent {
  bedId: string | null;
  /** The census encounter the alarm is of (null: no patient). */
  encounterId: string | null;
  source: string;
  code: string;
  priority: string;
  latching: boolean;
  message: string;
}

/**
 * Repeats of an identical device alarm under another device alarm id (a
 * monitor that numbers every message anew, a keep-alive shaped like an
 * alarm, two gateways relaying one monitor) are merged into the open alarm
 * they repeat: no new record, no update to the views, counted. The alarm
 * then stays open until every id it stands for has ended.
 *
 * Only an alarm nobody has acknowledged yet takes repeats: after an
 * acknowledgement, the same condition under a new id may be a new episode,
 * and a new episode must sound (unknown is unsafe).
 */
export class DeviceAlarmTwins {
  private readonly byContent = new Map<string, AlarmRecord>();
  private readonly contentOf = new Map<AlarmRecord, string>();
  /** Every device key an open record stands for, its own key included. */
  private readonly keysOf = new Map<AlarmRecord, Set<string>>();

  /** The open, unacknowledged alarm this one repeats, if any. */
  find(content: DeviceAlarmContent): AlarmRecord | undefined {
    const record = this.byContent.get(contentKey(content));
    return record && record.endedAt === null && record.acknowledgedAt === null ? record : undefined;
  }

  /** A new device alarm record, the one later identical repeats join. */
  opened(record: AlarmRecord, key: string, content: DeviceAlarmContent): void {
    const text = contentKey(content);
    this.byContent.set(text, record);
    this.contentOf.set(record, text);
    this.keysOf.set(record, new Set([key]));
  }

  join(key: string, record: AlarmRecord): void {
    this.keysOf.get(record)?.add(key);
  }

  /** The record stands for more than one device alarm id. */
  shared(record: AlarmRecord): boolean {
    return (this.keysOf.get(record)?.size ?? 0) > 1;
  }

  /** One id of the record ended; true if the record is still open under another. */
  leave(key: string, record: AlarmRecord): boolean {
    const keys = this.keysOf.get(record);
    if (!keys) return false;
    keys.delete(key);
    return keys.size > 0;
  }

  /** The record ended or was replaced: returns the keys it still stood for. */
  forget(record: AlarmRecord): string[] {
    const text = this.contentOf.get(record);
    if (text !== undefined && this.byContent.get(text) === record) this.byContent.delete(text);
    this.contentOf.delete(record);
    const keys = [...(this.keysOf.get(record) ?? [])];
    this.keysOf.delete(record);
    return keys;
  }
}

/** One string per content: every field before the free-text message, which comes last, is a bed id, a station-made encounter id (never empty), a code or an enum. */
function contentKey(c: DeviceAlarmContent): string {
  return `${c.bedId}\u001f${c.encounterId ?? ''}\u001f${c.source}\u001f${c.code}\u001f${c.priority}\u001f${c.latching}\u001f${c.message}`;
}
