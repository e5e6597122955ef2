import { describe, expect, it } from 'vitest';
import { stationEpisodeId } from '../../../../shared/protocol/episode';
import type { EpisodeInput } from '../../../../electron/main/alarms/episode-input';
import { chargeReset, harness, nurseAck, onsets, only, T0 } from './alarm-test-kit';

/** An episode as the gateway journals it, with source times far from the station's clock. */
function vt(overrides: Partial<EpisodeInput> = {}): EpisodeInput {
  return {
    episodeId: 'ep-vt-1',
    bedId: 'bed-2',
    code: 'VT',
    message: 'V-Tach',
    priority: 'MEDIUM', // a misconfigured monitor: VT is forced HIGH and latching anyway
    source: 'device',
    deviceAlarmId: 'mon-2-1',
    onsetAt: T0 - 7 * 60_000,
    end: { at: T0 - 6 * 60_000, reason: 'ended' },
    delivered: 'resync',
    ...overrides,
  };
}

describe('alarm engine: episodes from the back end, after the fact', () => {
  it('an episode that started and ended while the link was down arrives latched: resolved, unacknowledged, sounding, with its real onset and end audited', () => {
    const h = harness();
    expect(h.engine.episode(vt())).toBe('raised');
    const alarm = only(h.engine, 'VT');
    expect(alarm).toMatchObject({ bedId: 'bed-2', priority: 'HIGH', latching: true, state: 'resolved', acknowledged: false, onsetAt: T0 - 7 * 60_000 });
    expect(h.engine.auditory()?.alarmId).toBe(alarm.alarmId);
    expect(h.engine.findByEpisode('ep-vt-1')?.alarmId).toBe(alarm.alarmId);
    expect(h.engine.episodeIdOf(alarm.alarmId)).toBe('ep-vt-1');
    expect(h.audit.entries('alarm.onset')).toEqual([
      expect.objectContaining({ alarmId: alarm.alarmId, details: expect.objectContaining({ episode_id: 'ep-vt-1', source_onset_at: T0 - 7 * 60_000, delivered: 'resync' }) }),
    ]);
    expect(h.audit.entries('alarm.resolved')).toEqual([
      expect.objectContaining({ alarmId: alarm.alarmId, details: expect.objectContaining({ latched: true, source_ended_at: T0 - 6 * 60_000, end_unknown: false }) }),
    ]);
  });

  it('delivered twice, or again after it was reset, it never becomes a second alarm', async () => {
    const h = harness();
    h.engine.episode(vt());
    expect(h.engine.episode(vt())).toBe('unchanged');
    expect(h.engine.episode(vt({ end: null, delivered: 'live' }))).toBe('unchanged');
    expect(h.engine.list()).toHaveLength(1);
    await h.engine.resetAlarms(chargeReset());
    expect(h.engine.list()).toEqual([]);
    expect(h.engine.episode(vt())).toBe('unchanged');
    expect(h.engine.list()).toEqual([]);
    expect(onsets(h.audit, 'VT')).toBe(1);
  });

  it('a live onset then its end: one alarm, ended with the source end time; a superseded end does not latch', () => {
    const h = harness();
    h.engine.episode(vt({ end: null, delivered: 'live' }));
    expect(only(h.engine, 'VT').state).toBe('active');
    expect(h.engine.episode(vt({ delivered: 'live' }))).toBe('ended');
    expect(only(h.engine, 'VT').state).toBe('resolved');
    h.engine.episode(vt({ episodeId: 'ep-spo2', code: 'SPO2_LOW', priority: 'MEDIUM', end: null }));
    h.engine.episode(vt({ episodeId: 'ep-spo2', code: 'SPO2_LOW', priority: 'MEDIUM', latching: true, end: { at: T0, reason: 'superseded' } }));
    expect(h.engine.list().map((a) => a.code)).toEqual(['VT']);
  });

  it.each([
    ['not set', 0],
    ['set an hour forward', +3_600_000],
    ['set an hour back', -3_600_000],
  ])('escalates from when this station learned of it on its monotonic clock, not from the source onset minutes ago (wall clock %s)', (_how, step) => {
    const h = harness();
    h.runUntil(10_000);
    h.engine.episode(vt({ end: null }));
    h.clock.stepWall(step);
    h.tick(1);
    expect(only(h.engine, 'VT').escalationLevel).toBe(1);
    h.runUntil(39_900);
    expect(only(h.engine, 'VT').escalationLevel).toBe(1);
    h.runUntil(40_000);
    expect(only(h.engine, 'VT').escalationLevel).toBe(2);
    expect(only(h.engine, 'VT').onsetAt).toBe(T0 - 7 * 60_000);
  });

  it('an ended latching episode delivered after the fact keeps escalating like any latched alarm, until a nurse here or at another station acknowledges it', async () => {
    const local = harness();
    local.engine.episode(vt());
    local.runUntil(30_000);
    expect(only(local.engine, 'VT')).toMatchObject({ state: 'resolved', escalationLevel: 2 });
    await local.engine.acknowledge(only(local.engine, 'VT').alarmId, nurseAck());
    local.runUntil(120_000);
    expect(only(local.engine, 'VT')).toMatchObject({ state: 'resolved', acknowledged: true, escalationLevel: 2 });

    const remote = harness();
    remote.engine.episode(vt());
    const id = only(remote.engine, 'VT').alarmId;
    expect(remote.engine.acknowledgeRemote(id, { stationId: 'st2', userId: 'rita' }, T0 - 60_000)).toEqual({ applied: true });
    remote.runUntil(120_000);
    expect(only(remote.engine, 'VT')).toMatchObject({ state: 'resolved', acknowledged: true, escalationLevel: 1 });
    expect(remote.audit.entries('alarm.acknowledged')[0]?.details).toMatchObject({ episode_id: 'ep-vt-1', remote_at: T0 - 60_000, condition_ended: true });
    expect(remote.engine.auditory()).toBeNull();
  });

  it('an episode that ended while nobody could say when: ended now, audited with an unknown end, still latched', () => {
    const h = harness();
    h.engine.episode(vt({ end: null }));
    expect(h.engine.endEpisodeUnknown('ep-vt-1')).toBe(true);
    expect(only(h.engine, 'VT')).toMatchObject({ state: 'resolved', acknowledged: false });
    expect(h.audit.entries('alarm.resolved')[0]?.details).toMatchObject({ source_ended_at: null, end_unknown: true });
    expect(h.engine.endEpisodeUnknown('ep-vt-1')).toBe(false);
  });

  it('a station-evaluated limit alarm is identified by the source time of the sample that began the excursion, not by any clock here', () => {
    // Two engines whose clocks differ by 10 minutes, fed the same samples (measured by the same source).
    const a = harness();
    const b = harness();
    b.clock.stepWall(-10 * 60_000);
    const source = T0 + 123_456;
    for (let i = 0; i < 40; i++) {
      const sample = [{ kind: 'spo2' as const, value: 88, measuredAt: source + i * 1000 }];
      a.clock.advance(1000);
      b.clock.advance(1000);
      a.engine.observeNumerics('bed-1', sample);
      b.engine.observeNumerics('bed-1', sample);
    }
    const atA = only(a.engine, 'SPO2_LOW');
    const atB = only(b.engine, 'SPO2_LOW');
    expect(atA.onsetAt).not.toBe(atB.onsetAt);
    const id = stationEpisodeId('bed-1', 'SPO2_LOW', atA.priority, source);
    expect(a.engine.episodeIdOf(atA.alarmId)).toBe(id);
    expect(b.engine.episodeIdOf(atB.alarmId)).toBe(id);
  });

  it('technical alarms with a subject are one per subject; their audit entry carries the details', () => {
    const h = harness();
    h.engine.raiseTechnical('PEER_STATION_OFFLINE', { bedId: null, subject: 'icu5', message: 'ICU 5 central offline' });
    h.engine.raiseTechnical('PEER_STATION_OFFLINE', { bedId: null, subject: 'icu6', message: 'ICU 6 central offline', details: { station: 'icu6' } });
    expect(h.engine.list().map((a) => a.message)).toEqual(['ICU 5 central offline', 'ICU 6 central offline']);
    h.engine.clearTechnical('PEER_STATION_OFFLINE', null, 'icu5');
    expect(h.engine.list().map((a) => a.message)).toEqual(['ICU 6 central offline']);
    expect(h.audit.entries('alarm.onset')[1]?.details).toMatchObject({ station: 'icu6', subject: 'icu6' });
  });
});
