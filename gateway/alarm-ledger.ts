import type { AckRecord } from '../shared/protocol/acknowledgement';
import type { AlarmIdentity } from '../shared/protocol/alarm-identity';
import type { ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import type { EscalationRecord } from '../shared/protocol/escalation';
import { MAX_LEDGER_ENTRIES } from '../shared/protocol/limits';

/** Acknowledgements and escalations older than this are history, not state: left out of snapshots. */
export const LEDGER_RETENTION_MS = 12 * 3_600_000;

/**
 * Episode keys. A device alarm is its own episode (`d|bed|deviceAlarmId`):
 * the device's start and end bound it. A station-evaluated alarm has no
 * shared id, so its key is per bed and code (`s|bed|code`) and the arbiter
 * decides with the onset rule whether a claim belongs to the recorded
 * episode or starts a new one (see ack-arbiter.ts).
 */
export function deviceEpisodeKey(bedId: string, deviceAlarmId: string): string {
  return `d|${bedId}|${deviceAlarmId}`;
}

export function stationEpisodeKey(bedId: string, code: string): string {
  return `s|${bedId}|${code}`;
}

/**
 * The gateway's picture of the unit's shared alarm state, which every
 * (re)connecting station gets in its snapshot: active device alarms, the
 * winning acknowledgement per episode, and the highest escalation level
 * reported per episode. Kept in memory and changed synchronously, in the
 * same step as the change is sent to the stations, so a snapshot is always
 * consistent with the stream positions it names. (With Redis, the copy in
 * Redis is what a gateway process starting later loads.)
 */
export class AlarmLedger {
  private readonly devices = new Map<string, ProtocolDeviceAlarm>();
  private readonly acks = new Map<string, AckRecord>();
  private readonly escalations = new Map<string, EscalationRecord>();

  /** Returns false for an end of an alarm that was not active (nothing to tell anyone). */
  deviceAlarm(alarm: ProtocolDeviceAlarm): boolean {
    const key = deviceEpisodeKey(alarm.bedId, alarm.deviceAlarmId);
    if (alarm.phase === 'end') {
      // Its episode is over: a new alarm with the same code is a new episode, unacknowledged.
      for (const map of [this.acks, this.escalations]) for (const k of [...map.keys()]) if (k === key || k.startsWith(`${key}|`)) map.delete(k);
      return this.devices.delete(key);
    }
    this.devices.set(key, alarm);
    bound(this.devices);
    return true;
  }

  /**
   * The episode a station's alarm belongs to: the active device alarm it
   * reports at that priority (a device deepening MEDIUM to HIGH starts a new
   * alarm at every station, so a new episode here), or its bed and code.
   */
  episodeKeyOf(alarm: AlarmIdentity): string {
    if (alarm.origin === 'device') {
      for (const [key, device] of this.devices) if (device.bedId === alarm.bedId && device.code === alarm.code) return `${key}|${alarm.priority}`;
    }
    return stationEpisodeKey(alarm.bedId, alarm.code);
  }

  /** Records an episode's winning acknowledgement; false if it was already recorded (nothing new to relay). */
  acknowledged(key: string, winner: AckRecord): boolean {
    const known = this.acks.get(key);
    if (known && known.ackId === winner.ackId && known.by.stationId === winner.by.stationId) return false;
    this.acks.delete(key);
    this.acks.set(key, winner);
    bound(this.acks);
    return true;
  }

  /** Keeps the highest level of the episode; false if this step tells nothing new. */
  escalated(key: string, record: EscalationRecord): boolean {
    const known = this.escalations.get(key);
    if (known && known.level >= record.level && Math.abs(known.alarm.onsetAt - record.alarm.onsetAt) <= 60_000) return false;
    this.escalations.delete(key);
    this.escalations.set(key, record);
    bound(this.escalations);
    return true;
  }

  activeDeviceAlarms(): ProtocolDeviceAlarm[] {
    return [...this.devices.values()];
  }

  recentAcks(now: number): AckRecord[] {
    return [...this.acks.values()].filter((a) => now - a.at <= LEDGER_RETENTION_MS);
  }

  recentEscalations(now: number): EscalationRecord[] {
    return [...this.escalations.values()].filter((e) => now - e.at <= LEDGER_RETENTION_MS);
  }

  /** What Redis gave a process that starts later. */
  load(state: { devices: ProtocolDeviceAlarm[]; acks: Array<[string, AckRecord]>; escalations: Array<[string, EscalationRecord]> }): void {
    for (const d of state.devices) this.deviceAlarm(d);
    for (const [key, a] of state.acks) this.acks.set(key, a);
    for (const [key, e] of state.escalations) this.escalations.set(key, e);
  }
}

/** Oldest first out: a snapshot must stay within the protocol's list bounds. */
function bound<V>(map: Map<string, V>): void {
  while (map.size > MAX_LEDGER_ENTRIES) map.delete(map.keys().next().value!);
}
