import type { DeviceAlarmInput } from '../../alarms/device-alarm';

/**
 * The device alarms this listener delivered and has not seen end, so that
 * a later "no alarm" for the same alert id (PN: IHE PCD TF-2 B.8.5 maps
 * the 11073 AlertType no-alert to it) ends the alarm, while a PN for an id
 * never raised – a keep-alive, a status report – raises and records
 * nothing. The alarm engine turns an end it never saw start into a missed
 * episode, so such ends must not reach it.
 *
 * Bounded (oldest forgotten first): a forgotten alarm stays up until the
 * device ends it properly or a nurse resets it, which is the safe side.
 * Per listener and in memory: after a restart a PN cannot end an alarm
 * raised before it, with the same result.
 */
export const MAX_OPEN_DEVICE_ALARMS = 4096;

export class OpenDeviceAlarms {
  private readonly open = new Set<string>();

  constructor(private readonly limit = MAX_OPEN_DEVICE_ALARMS) {}

  /** Called for every alarm the sink took. */
  delivered(alarm: DeviceAlarmInput): void {
    const key = keyOf(alarm);
    this.open.delete(key);
    if (alarm.phase === 'end') return;
    this.open.add(key);
    if (this.open.size > this.limit) this.open.delete(this.open.values().next().value!);
  }

  isOpen(alarm: DeviceAlarmInput): boolean {
    return this.open.has(keyOf(alarm));
  }

  get size(): number {
    return this.open.size;
  }
}

function keyOf(alarm: DeviceAlarmInput): string {
  return `${alarm.bedId}\u0000${alarm.deviceAlarmId}`;
}
