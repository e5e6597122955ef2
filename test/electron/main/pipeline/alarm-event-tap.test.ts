import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../../../electron/main/alarms/alarm-audit';
import { tapAlarmEvents } from '../../../../electron/main/pipeline/alarm-event-tap';
import type { AlarmLifeEvent } from '../../../../electron/main/pipeline/tick-pipeline';

function sink(options: { failClinical?: boolean } = {}) {
  const written: AuditEventInput[] = [];
  return {
    written,
    record: (e: AuditEventInput) => void written.push(e),
    recordClinical: async (e: AuditEventInput) => {
      if (options.failClinical) throw new Error('disk gone');
      written.push(e);
      return {};
    },
  };
}

describe('alarm event tap', () => {
  it('passes every alarm step on after the audit write, with the source times an episode from the back end carries', async () => {
    const inner = sink();
    const events: AlarmLifeEvent[] = [];
    const tapped = tapAlarmEvents(inner, (e) => events.push(e));
    tapped.record({ action: 'alarm.onset', actor: 'system', bedId: 'bed-01', alarmId: 'a1', details: { code: 'VT', priority: 'HIGH' } });
    tapped.record({ action: 'alarm.onset', actor: 'system', bedId: 'bed-02', alarmId: 'a2', details: { code: 'VF', priority: 'HIGH', source_onset_at: 1_000 } });
    tapped.record({ action: 'alarm.escalated', actor: 'system', bedId: 'bed-01', alarmId: 'a1', details: { code: 'VT', priority: 'HIGH', level: 2 } });
    await tapped.recordClinical({ action: 'alarm.acknowledged', actor: { userId: 'nurse', role: 'nurse' }, bedId: 'bed-01', alarmId: 'a1', details: { code: 'VT', escalation_level: 2 } });
    tapped.record({ action: 'alarm.resolved', actor: 'system', bedId: 'bed-02', alarmId: 'a2', details: { code: 'VF', source_ended_at: 5_000 } });
    tapped.record({ action: 'audio.paused', actor: 'system' });
    expect(inner.written).toHaveLength(6);
    expect(events).toEqual([
      { kind: 'onset', alarmId: 'a1', bedId: 'bed-01', at: null, code: 'VT', priority: 'HIGH', level: null, actor: 'system' },
      { kind: 'onset', alarmId: 'a2', bedId: 'bed-02', at: 1_000, code: 'VF', priority: 'HIGH', level: null, actor: 'system' },
      { kind: 'escalated', alarmId: 'a1', bedId: 'bed-01', at: null, code: 'VT', priority: 'HIGH', level: 2, actor: 'system' },
      { kind: 'acknowledged', alarmId: 'a1', bedId: 'bed-01', at: null, code: 'VT', priority: null, level: 2, actor: 'nurse (nurse)' },
      { kind: 'end', alarmId: 'a2', bedId: 'bed-02', at: 5_000, code: 'VF', priority: null, level: null, actor: 'system' },
    ]);
  });

  it('an acknowledgement whose audit write failed did not happen: it is not filed; a listener that throws disturbs nothing', async () => {
    const events: AlarmLifeEvent[] = [];
    const failing = tapAlarmEvents(sink({ failClinical: true }), (e) => events.push(e));
    await expect(failing.recordClinical({ action: 'alarm.acknowledged', actor: { userId: 'nurse', role: 'nurse' }, bedId: 'bed-01', alarmId: 'a1' })).rejects.toThrow('disk gone');
    expect(events).toEqual([]);
    const inner = sink();
    const throwing = tapAlarmEvents(inner, () => {
      throw new Error('listener bug');
    });
    expect(() => throwing.record({ action: 'alarm.onset', actor: 'system', bedId: 'bed-01', alarmId: 'a1', details: { code: 'VT' } })).not.toThrow();
    expect(inner.written).toHaveLength(1);
  });
});
