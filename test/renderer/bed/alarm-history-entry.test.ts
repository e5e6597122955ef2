import { describe, expect, it } from 'vitest';
import type { AuditReviewRow } from '../../../shared/audit/audit-review';
import { alarmHistoryEntry } from '../../../renderer/src/bed/alarm-history-entry';

const base: AuditReviewRow = {
  seq: 40,
  utcMs: new Date(2024, 4, 1, 3, 12, 7).getTime(),
  stationId: 'icu4',
  userId: 'system',
  role: 'system',
  action: 'alarm.onset',
  bedId: 'bed-07',
  alarmId: 'a-1-000009',
  details: '{"code":"SPO2_EXTREME_LOW","priority":"HIGH","source":"station","latching":false,"value":82,"limit":85}',
  prevHash: 'p',
  hash: 'h',
};

describe('alarm history entries', () => {
  it('an onset: local time, code, priority with its prefix, the station as actor, value and limit', () => {
    expect(alarmHistoryEntry(base)).toEqual({
      seq: 40,
      utcMs: base.utcMs,
      time: '2024-05-01 03:12:07',
      action: 'alarm.onset',
      bedId: 'bed-07',
      event: 'Onset',
      alarmId: 'a-1-000009',
      code: 'SPO2_EXTREME_LOW',
      priority: 'HIGH',
      priorityText: '*** HIGH',
      who: 'Station',
      note: 'value 82, limit 85, station',
    });
  });

  it('an acknowledgement names the person and role', () => {
    const entry = alarmHistoryEntry({ ...base, action: 'alarm.acknowledged', userId: 'nurse', role: 'nurse', details: '{"code":"SPO2_EXTREME_LOW","priority":"HIGH","escalation_level":2}' });
    expect(entry).toMatchObject({ event: 'Acknowledged', who: 'nurse (nurse)', note: 'at level 2', priorityText: '*** HIGH' });
    const remote = alarmHistoryEntry({ ...base, action: 'alarm.acknowledged', userId: 'kim', role: 'remote', details: '{"code":"VT","via_station":"icu4-b","escalation_level":1}' });
    expect(remote).toMatchObject({ who: 'kim (remote)', note: 'at level 1, via icu4-b', priority: null, priorityText: '' });
  });

  it('escalation, resolution and reset', () => {
    expect(alarmHistoryEntry({ ...base, action: 'alarm.escalated', details: '{"code":"HR_HIGH","priority":"MEDIUM","level":3}' })).toMatchObject({
      event: 'Escalated',
      note: 'to level 3',
      priorityText: '** MEDIUM',
    });
    expect(alarmHistoryEntry({ ...base, action: 'alarm.resolved', details: '{"code":"VT","reason":"device-end","latched":true}' })).toMatchObject({
      event: 'Resolved',
      code: 'VT',
      note: 'device-end, stays latched until reset',
    });
    expect(alarmHistoryEntry({ ...base, action: 'alarm.reset', userId: 'charge', role: 'charge-nurse', details: '{"code":"VT","priority":"HIGH"}' })).toMatchObject({
      event: 'Reset',
      who: 'charge (charge-nurse)',
    });
  });

  it('a row whose details cannot be read still shows when and who', () => {
    expect(alarmHistoryEntry({ ...base, details: 'garbled' })).toMatchObject({ time: '2024-05-01 03:12:07', code: '', priority: null, note: '' });
  });
});
