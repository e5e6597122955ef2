import type { Numeric } from '../../../../shared/domain/numeric';
import type { DeviceAlarmInput } from '../../alarms/device-alarm';
import type { AdtEvent, AdtOutcome } from '../../census/adt-event';

/**
 * Where the listener hands decoded data: the station (numerics, watchdog) and
 * the alarm engine. The device's ACK AA is sent only after these calls have
 * returned (or their promises resolved): "accepted" then means the station
 * has the data, not merely that the bytes arrived. A throw or rejection
 * becomes AE, and the device retries.
 *
 * Calls for one connection never overlap (HL7 is one message at a time per
 * connection); calls from different connections may.
 */
export interface Hl7Sink {
  numerics(bedId: string, numerics: Numeric[]): void | Promise<void>;
  deviceAlarm(alarm: DeviceAlarmInput): void | Promise<void>;
  /**
   * The ADT listener's: the census applies the event (audited, saved) and
   * says whether it did; anything but `applied` is an AE/AR with its reason.
   */
  adt?(event: AdtEvent): Promise<AdtOutcome>;
}
