import type { ProtocolDeviceAlarm } from '../../../../shared/protocol/device-alarm';
import type { DeviceAlarmInput } from '../../alarms/device-alarm';

/** The protocol's device alarm is the engine's input, field for field (checked here at compile time). */
const sameShape = (alarm: ProtocolDeviceAlarm): DeviceAlarmInput => alarm;

/**
 * The device alarms this station took from the gateway, so a resync can end
 * the ones that ended while the link was down (the gateway's snapshot lists
 * only active ones) and join the ones that began meanwhile.
 */
export class DeviceAlarmTracker {
  private readonly active = new Map<string, ProtocolDeviceAlarm>();

  /** `ingest` is the station's ingestDeviceAlarm: false for a bed it does not show. */
  constructor(private readonly ingest: (alarm: DeviceAlarmInput) => boolean) {}

  take(alarm: ProtocolDeviceAlarm): void {
    const key = `${alarm.bedId}|${alarm.deviceAlarmId}`;
    if (!this.ingest(sameShape(alarm))) return;
    if (alarm.phase === 'end') this.active.delete(key);
    else this.active.set(key, alarm);
  }

  /** Makes this station's device alarms those of the snapshot. */
  reconcile(activeAtGateway: readonly ProtocolDeviceAlarm[]): void {
    const current = new Set(activeAtGateway.map((a) => `${a.bedId}|${a.deviceAlarmId}`));
    for (const [key, alarm] of [...this.active]) {
      if (!current.has(key)) this.take({ ...alarm, phase: 'end' });
    }
    // 'continue' joins an alarm not yet shown and leaves one already shown as it is.
    for (const alarm of activeAtGateway) this.take({ ...alarm, phase: 'continue' });
  }
}
