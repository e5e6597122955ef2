import { describe, expect, it } from 'vitest';
import type { ProtocolDeviceAlarm } from '../../shared/protocol/device-alarm';
import { decideDeviceEpisode } from '../../gateway/device-episodes';

const T = 1_768_443_240_000;
let n = 0;
const ids = () => `ep-test-${++n}`;
const alarm = (overrides: Partial<ProtocolDeviceAlarm> = {}): ProtocolDeviceAlarm => ({
  bedId: 'bed-01',
  code: 'SPO2_LOW',
  message: 'SpO2 low',
  priority: 'MEDIUM',
  source: 'device',
  phase: 'start',
  deviceAlarmId: 'm1',
  ...overrides,
});

describe('gateway: what a device alarm message means for its episodes', () => {
  it('start opens an episode; continue changes nothing; end ends it; a repeated end is nothing; a new start is a new episode', () => {
    const started = decideDeviceEpisode(null, alarm(), T, ids);
    expect(started.changes).toEqual([expect.objectContaining({ onsetAt: T, end: null, code: 'SPO2_LOW' })]);
    expect(decideDeviceEpisode(started.latest, alarm({ phase: 'continue' }), T + 1, ids).changes).toEqual([]);
    const ended = decideDeviceEpisode(started.latest, alarm({ phase: 'end' }), T + 2, ids);
    expect(ended.changes).toEqual([{ ...started.latest, end: { at: T + 2, reason: 'ended' } }]);
    expect(decideDeviceEpisode(ended.latest, alarm({ phase: 'end' }), T + 3, ids).changes).toEqual([]);
    const again = decideDeviceEpisode(ended.latest, alarm(), T + 4, ids);
    expect(again.changes[0]!.episodeId).not.toBe(started.latest!.episodeId);
  });

  it('a deeper priority is a new episode, journaled before the old one ends as superseded; a lower one changes nothing', () => {
    const medium = decideDeviceEpisode(null, alarm(), T, ids).latest!;
    const deeper = decideDeviceEpisode(medium, alarm({ priority: 'HIGH', phase: 'continue' }), T + 5, ids);
    expect(deeper.changes).toEqual([expect.objectContaining({ priority: 'HIGH', end: null, onsetAt: T + 5 }), { ...medium, end: { at: T + 5, reason: 'superseded' } }]);
    expect(decideDeviceEpisode(deeper.latest, alarm({ priority: 'LOW', phase: 'continue' }), T + 6, ids).changes).toEqual([]);
  });

  it('the end of an alarm never seen to start is an episode that starts and ends at once: nobody may miss it', () => {
    const missed = decideDeviceEpisode(null, alarm({ code: 'VT', priority: 'HIGH', phase: 'end' }), T, ids);
    expect(missed.changes).toEqual([expect.objectContaining({ code: 'VT', onsetAt: T, end: { at: T, reason: 'ended' } })]);
  });
});
