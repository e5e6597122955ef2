import { describe, expect, it } from 'vitest';
import { AlarmListReplica } from '../../../shared/alarms/alarm-list-replica';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import type { AlarmsDelta, AlarmsUpdate } from '../../../shared/domain/station-event';

function alarm(id: string, bedId: string | null, overrides: Partial<AlarmCondition> = {}): AlarmCondition {
  return {
    alarmId: id,
    bedId,
    code: 'SPO2_LOW',
    message: 'SpO2 low',
    source: 'station',
    priority: 'MEDIUM',
    latching: false,
    state: 'active',
    acknowledged: false,
    onsetAt: 1,
    triggerValue: null,
    limit: null,
    escalationLevel: 1,
    ...overrides,
  };
}

const full = (seq: number, alarms: AlarmCondition[], stream = 's1'): AlarmsUpdate => ({ stream, seq, alarms, auditory: null, audioPausedUntil: null, sentAt: seq });
const delta = (baseSeq: number, seq: number, changes: Partial<AlarmsDelta> = {}): AlarmsDelta => ({
  stream: 's1',
  baseSeq,
  seq,
  replace: false,
  changed: [],
  removed: [],
  auditory: null,
  audioPausedUntil: null,
  sentAt: seq,
  ...changes,
});

describe('AlarmListReplica', () => {
  it('applies deltas that follow on, and names the beds they touched', () => {
    const copy = new AlarmListReplica();
    copy.load(full(5, [alarm('a', 'bed-1'), alarm('b', 'bed-2')]));
    const result = copy.apply(delta(5, 6, { changed: [alarm('a', 'bed-1', { acknowledged: true, state: 'acknowledged' }), alarm('c', null)], removed: ['b'] }));
    expect(result).toEqual({ kind: 'applied', beds: new Set(['bed-1', null, 'bed-2']) });
    expect(copy.list().map((a) => [a.alarmId, a.state])).toEqual([
      ['a', 'acknowledged'],
      ['c', 'active'],
    ]);
    expect(copy.alarmsOfBed('bed-2')).toEqual([]);
    expect(copy.alarmsOfBed(null).map((a) => a.alarmId)).toEqual(['c']);
    expect(copy.position).toEqual({ stream: 's1', seq: 6 });
  });

  it('ignores what its full state already had, and applies a delta that overlaps it', () => {
    const copy = new AlarmListReplica();
    copy.load(full(7, [alarm('a', 'bed-1', { state: 'acknowledged', acknowledged: true })]));
    expect(copy.apply(delta(5, 7, { changed: [alarm('a', 'bed-1', { state: 'acknowledged', acknowledged: true })] }))).toEqual({ kind: 'already-had' });
    // Sent as 6 → 9 (merged), the view holds 7: the newest states of 6..9 on top of 7 give 9.
    expect(copy.apply(delta(6, 9, { changed: [alarm('b', 'bed-2')], removed: ['a'] })).kind).toBe('applied');
    expect(copy.list().map((a) => a.alarmId)).toEqual(['b']);
  });

  it('a gap is never papered over: it applies nothing more until it is given a full state', () => {
    const copy = new AlarmListReplica();
    copy.load(full(1, [alarm('a', 'bed-1')]));
    expect(copy.apply(delta(2, 3, { removed: ['a'] }))).toEqual({ kind: 'out-of-sync', reason: 'gap' });
    expect(copy.inSync).toBe(false);
    // Even a delta that would follow on from what it holds is refused now.
    expect(copy.apply(delta(1, 2, { changed: [alarm('z', 'bed-1')] })).kind).toBe('out-of-sync');
    expect(copy.list().map((a) => a.alarmId)).toEqual(['a']);
    expect(copy.load(full(3, []))).toBe(true);
    expect(copy.inSync).toBe(true);
    expect(copy.list()).toEqual([]);
  });

  it('another stream (a restarted station) and no full state yet are out of sync too', () => {
    const copy = new AlarmListReplica();
    expect(copy.apply(delta(0, 1))).toEqual({ kind: 'out-of-sync', reason: 'no full state yet' });
    copy.load(full(10, []));
    expect(copy.apply({ ...delta(0, 11), stream: 's2' })).toEqual({ kind: 'out-of-sync', reason: 'other stream' });
  });

  it('a replacement resets the list whatever it held', () => {
    const copy = new AlarmListReplica();
    copy.load(full(1, [alarm('a', 'bed-1'), alarm('b', 'bed-2')]));
    const result = copy.apply(delta(1, 2, { replace: true, changed: [alarm('c', 'bed-3')] }));
    expect(result).toEqual({ kind: 'applied', beds: new Set(['bed-1', 'bed-2', 'bed-3']) });
    expect(copy.list().map((a) => a.alarmId)).toEqual(['c']);
  });

  it('a full state older than what it holds is ignored; the same auditory signal keeps its object', () => {
    const copy = new AlarmListReplica();
    const signal = { alarmId: 'a', priority: 'HIGH' as const, escalationLevel: 1 };
    copy.load({ ...full(4, [alarm('a', 'bed-1')]), auditory: signal });
    expect(copy.load(full(3, []))).toBe(false);
    expect(copy.list()).toHaveLength(1);
    copy.apply(delta(4, 5, { auditory: { ...signal } }));
    expect(copy.auditory).toBe(signal);
    copy.apply(delta(5, 6, { auditory: { ...signal, escalationLevel: 2 } }));
    expect(copy.auditory).toEqual({ ...signal, escalationLevel: 2 });
  });
});
