import type { AlarmAuditSink, AuditEventInput } from '../alarms/alarm-audit';
import type { AlarmLifeEvent } from './tick-pipeline';

const KIND: Partial<Record<AuditEventInput['action'], AlarmLifeEvent['kind']>> = {
  'alarm.onset': 'onset',
  'alarm.resolved': 'end',
  'alarm.acknowledged': 'acknowledged',
  'alarm.escalated': 'escalated',
  'alarm.reset': 'reset',
};

/**
 * The alarm engine's audit sink, with every step of an alarm's life also
 * handed to `listener` (the tick pipeline, hence the recorder).
 *
 * Why here: the engine writes exactly one audit entry for each onset, end,
 * acknowledgement, escalation and reset, on every path (limit, device,
 * technical alarms, episodes from the back end, remote acknowledgements), and
 * that is a contract the audit trail depends on. Tapping it cannot miss a
 * path, and it does not depend on how the engine tells views about changes
 * (whole lists or deltas). An acknowledgement is passed on only once its
 * durable write succeeded (a refused one did not happen).
 *
 * Times: an episode that arrived late carries its source's onset and end in
 * the audit details (source_onset_at, source_ended_at), on the source's
 * clock; the recorder places them on its record time like the bed's samples
 * (writer/recorder-core.ts). Otherwise `at` is null: it happened now (the
 * engine audits each step as it takes it).
 */
export function tapAlarmEvents(
  sink: AlarmAuditSink,
  listener: (event: AlarmLifeEvent) => void,
): AlarmAuditSink {
  const pass = (event: AuditEventInput) => {
    const kind = KIND[event.action];
    if (!kind || !event.alarmId) return;
    try {
      listener(toLifeEvent(kind, event));
    } catch {
      // The tap must never disturb the audit write or the alarm: the pipeline logs its own subscribers' faults.
    }
  };
  return {
    record(event) {
      sink.record(event);
      pass(event);
    },
    async recordClinical(event) {
      const result = await sink.recordClinical(event);
      pass(event);
      return result;
    },
  };
}

function toLifeEvent(kind: AlarmLifeEvent['kind'], event: AuditEventInput): AlarmLifeEvent {
  const d = event.details ?? {};
  const num = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : null);
  const str = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : null);
  const at = kind === 'onset' ? num('source_onset_at') : kind === 'end' ? num('source_ended_at') : null;
  const actor = event.actor === 'system' ? 'system' : `${event.actor.userId} (${event.actor.role})`;
  return {
    kind,
    alarmId: event.alarmId!,
    bedId: event.bedId ?? null,
    at,
    code: str('code') ?? 'UNKNOWN',
    priority: str('priority'),
    level: num('level') ?? num('escalation_level'),
    actor,
  };
}
