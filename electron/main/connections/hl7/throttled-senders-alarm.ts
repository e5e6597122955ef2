import type { AlarmEngine } from '../../alarms/alarm-engine';

/**
 * What a listener's `onThrottled` does: a sender over its message rate gets
 * AE and must resend, so what it sends arrives late (a monitor's alarms, the
 * HIS's admissions), and a failure in the alarm path is itself an alarm:
 * HL7_SENDER_THROTTLED, naming the senders, until none is throttled. Each
 * listener has its own (`subject`): the ADT feed's slowing down must not
 * clear the device listener's alarm, nor the other way round.
 */
export function throttledSendersAlarm(
  alarms: Pick<AlarmEngine, 'raiseTechnical' | 'clearTechnical'>,
  feed: { label: string; subject?: string },
): (peers: readonly string[]) => void {
  const subject = feed.subject !== undefined ? { subject: feed.subject } : {};
  return (peers) => {
    if (peers.length === 0) alarms.clearTechnical('HL7_SENDER_THROTTLED', null, feed.subject);
    else alarms.raiseTechnical('HL7_SENDER_THROTTLED', { bedId: null, ...subject, message: throttledMessage(feed.label, peers) });
  };
}

function throttledMessage(label: string, peers: readonly string[]): string {
  const names = peers.length <= 2 ? peers.join(', ') : `${peers.slice(0, 2).join(', ')} and ${peers.length - 2} more`;
  return `${label} sender ${names} over its message rate: messages refused`.slice(0, 120);
}
