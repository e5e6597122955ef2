import type { Hl7ListenerConfig } from '../../../../shared/hl7/listener-config';
import type { Logger } from '../../logging/logger';
import type { Station } from '../../station/station';
import { systemClock, type Clock } from '../../time/clock';
import { Hl7Listener } from './hl7-listener';
import { Hl7ListenerConnection } from './hl7-listener-connection';
import { throttledSendersAlarm } from './throttled-senders-alarm';

export const HL7_DEVICES_CONNECTION = 'hl7-listener';

/**
 * The device feed: bedside monitors over HL7 v2 / MLLP into the station.
 * The listener ACKs a message AA only after these calls returned, i.e. once
 * the station has the data; a bed this station does not show is an error,
 * so the device gets AE rather than a false "accepted", and so is an alarm
 * the station had to discard in a flood from that bed. Rejected messages
 * and framing errors are counted and sampled into the audit trail like any
 * bad input. A sender over its message rate is a technical alarm naming it
 * (HL7_SENDER_THROTTLED) until it has slowed down; the listener's facts and
 * warnings (TLS, allow-list, insecure plain text, throttled senders) are on
 * the admin status screen through Hl7ListenerConnection.describe().
 * `clock` is the station's: the listener's rate limits are durations on its
 * monotonic reading.
 */
export function hl7DeviceConnection(
  station: Pick<Station, 'ingestNumerics' | 'takeDeviceAlarm' | 'rejections' | 'reportConnection' | 'alarms'>,
  config: Hl7ListenerConfig,
  log: Logger,
  clock: Clock = systemClock,
): Hl7ListenerConnection {
  const listener = new Hl7Listener({
    config,
    logger: log,
    clock,
    sink: {
      numerics: (bedId, numerics, origin) => {
        const taken = station.ingestNumerics(bedId, numerics, origin);
        if (taken === 'unknown-bed') throw new Error(`bed ${bedId} is not shown on this station`);
        // A device whose clock is wrong (or a backlog) should hear about it, not get "accepted".
        if (taken === 'not-current') throw new Error('no numeric was measured recently enough to be current');
      },
      deviceAlarm: (alarm) => {
        const outcome = station.takeDeviceAlarm(alarm);
        if (outcome === 'unknown-bed') throw new Error(`bed ${alarm.bedId} is not shown on this station`);
        // Held back in a flood is taken (it will be shown); discarded is not, and the device must not hear "accepted".
        if (outcome === 'discarded') throw new Error(`too many alarms from bed ${alarm.bedId}: this one was not taken`);
      },
    },
    onIssue: (source, reason) => station.rejections.reject(`hl7:${source}`, reason),
    onThrottled: throttledSendersAlarm(station.alarms, { label: 'HL7' }),
  });
  return new Hl7ListenerConnection({ name: HL7_DEVICES_CONNECTION, kind: 'hl7-devices', listener, reporter: station, logger: log });
}
