import type { Hl7ListenerConfig } from '../../../shared/hl7/listener-config';
import { Hl7Listener } from '../connections/hl7/hl7-listener';
import type { Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import type { Station } from './station';

const CONNECTION_NAME = 'hl7-listener';

/**
 * Feeds the station from bedside monitors over HL7 v2 / MLLP. The listener
 * ACKs a message AA only after these calls returned, i.e. once the station
 * has the data; a bed this station does not show is an error, so the device
 * gets AE rather than a false "accepted", and so is an alarm the station had
 * to discard in a flood from that bed. Rejected messages and framing
 * errors are counted and sampled into the audit trail like any bad input.
 * A listener that cannot open its port is a lost connection (COMMS_LOST):
 * devices configured to send here are not being heard. A sender over its
 * message rate is a technical alarm naming it (HL7_SENDER_THROTTLED) until
 * it has slowed down, and the listener's facts and warnings (TLS, allow-list,
 * insecure plain text, throttled senders) are on the admin status screen.
 * `clock` is the station's: the listener's rate limits are durations on its
 * monotonic reading.
 */
export async function startHl7Intake(station: Station, config: Hl7ListenerConfig, log: Logger, clock: Clock = systemClock): Promise<Hl7Listener> {
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
    // A sender over its rate gets AE and must resend: its alarms may be late. Failures in the alarm path are alarms.
    onThrottled: (peers) => {
      if (peers.length === 0) station.alarms.clearTechnical('HL7_SENDER_THROTTLED', null);
      else station.alarms.raiseTechnical('HL7_SENDER_THROTTLED', { bedId: null, message: throttledMessage(peers) });
    },
  });
  station.describeConnection(CONNECTION_NAME, () => listener.describe());
  try {
    const { host, port } = await listener.start();
    log.info('hl7.intake-started', { host, port });
  } catch (error) {
    station.reportConnection(CONNECTION_NAME, false, `cannot listen on ${config.host}:${config.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return listener;
}

function throttledMessage(peers: readonly string[]): string {
  const names = peers.length <= 2 ? peers.join(', ') : `${peers.slice(0, 2).join(', ')} and ${peers.length - 2} more`;
  return `HL7 sender ${names} over its message rate: messages refused`.slice(0, 120);
}
