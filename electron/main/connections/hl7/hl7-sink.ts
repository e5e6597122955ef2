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
 *
 * Numerics come with their origin: the sender (one clock) and MSH-7, what
 * its clock read when it sent them. Their OBX-14 times are on that same
 * clock, so their age is judged there, never against the station's clock.
 */
export interface Hl7Sink {
  numerics(bedId: string, numerics: Numeric[], origin: { sender: string; sentAt: number }): void | Promise<void>;
  deviceAlarm(alarm: DeviceAlarmInput): void | Promise<void>;
  /**
   * The ADT listener's: the census applies the event (audited, saved) and
   * says whether it did; anything but `applied` is an AE/AR with its reason.
   */
  adt?(event: AdtEvent): Promise<AdtOutcome>;
}
