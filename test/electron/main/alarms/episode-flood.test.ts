import { describe, expect, it } from 'vitest';
import type { DeviceAlarmInput } from '../../../../electron/main/alarms/device-alarm';
import { DEFAULT_ALARM_FLOOD_POLICY } from '../../../../electron/main/alarms/device-alarm-flood';
import type { EpisodeInput } from '../../../../electron/main/alarms/episode-input';
import { DEFAULT_ESCALATION_POLICY } from '../../../../electron/main/alarms/escalation-policy';
import { chargeReset, harness, nurseAck, onsets, T0, type Harness } from './alarm-test-kit';

/**
 * Episodes from the back end's journal (issue 12.1) under the flood control
 * and bounds of device alarms (issue 12.4): whichever way a bed's alarms
 * come, a flood is throttled and named, the open set is bounded, and no
 * episode held back, refused or repeated loses its identity or its trail.
 */

const BURST = DEFAULT_ALARM_FLOOD_POLICY.burst;

/** A MEDIUM episode journaled by the gateway, onset on the source's clock (far from the station's). */
function episode(n: number, overrides: Partial<EpisodeInput> = {}): EpisodeInput {
  return {
    episodeId: `ep-${n}`,
    bedId: 'bed-1',
    code: `FLOOD_${n}`,
    message: `Flood ${n}`,
    priority: 'MEDIUM',
    source: 'device',
    deviceAlarmId: `dev-${n}`,
    onsetAt: T0 - 60_000 + n,
    end: null,
    delivered: 'live',
    ...overrides,
  };
}

function floodEpisodes(h: Harness, count: number, from = 0, overrides: Partial<EpisodeInput> = {}): void {
  for (let n = from; n < from + count; n++) h.engine.episode(episode(n, overrides));
}

const openTechnical = (h: Harness, code: string) => h.engine.list().filter((a) => a.code === code && a.state !== 'resolved');
const shownOf = (h: Harness, bedId: string) => h.engine.list().filter((a) => a.bedId === bedId && a.source === 'device');

describe('episodes obey the flood control of device alarms', () => {
  it('a flood of new episodes from one bed is throttled and named; they wait, then come in with their source onset, escalating from when they came', () => {
    const h = harness({ flood: { maxOpenPerBed: 1_000 } });
    floodEpisodes(h, BURST + 20);
    floodEpisodes(h, 3, 1_000, { bedId: 'bed-2' }); // another bed is not held back
    expect(shownOf(h, 'bed-1')).toHaveLength(BURST);
    expect(shownOf(h, 'bed-2')).toHaveLength(3);
    expect(openTechnical(h, 'ALARM_FLOOD').map((a) => a.bedId)).toEqual(['bed-1']);
    const cameAtMono = h.elapsed();
    expect(h.engine.episode(episode(500))).toBe('held');
    expect(h.engine.findByEpisode('ep-500')).toBeNull();

    for (let s = 0; s < 5; s++) h.tick(1000);
    const late = h.engine.findByEpisode('ep-500');
    expect(late).toMatchObject({ code: 'FLOOD_500', onsetAt: T0 - 60_000 + 500, state: 'active' });
    expect(shownOf(h, 'bed-1')).toHaveLength(BURST + 21);
    expect(openTechnical(h, 'ALARM_FLOOD')).toEqual([]);
    expect(h.audit.entries('alarm.onset').find((e) => e.details?.episode_id === 'ep-500')?.details).toMatchObject({ source_onset_at: T0 - 60_000 + 500 });
    // MEDIUM escalates 120 s after it reached the station, not after it was let through.
    h.runUntil(cameAtMono + DEFAULT_ESCALATION_POLICY.MEDIUM[0]!);
    expect(h.engine.findByEpisode('ep-500')!.escalationLevel).toBe(2);
  });

  it('never holds a HIGH episode back, a latched VT that ended in a gap included', () => {
    const h = harness();
    floodEpisodes(h, BURST + 20);
    expect(h.engine.episode(episode(900, { code: 'VT', message: 'V-Tach', priority: 'HIGH', end: { at: T0 - 1000, reason: 'ended' } }))).toBe('raised');
    expect(h.engine.findByEpisode('ep-900')).toMatchObject({ priority: 'HIGH', latching: true, state: 'resolved' });
    expect(h.engine.auditory()?.alarmId).toBe(h.engine.findByEpisode('ep-900')!.alarmId);
  });

  it('the end of an episode already shown never waits; an end that comes while it waits is folded in: shown ended, with the source end audited', () => {
    const h = harness({ flood: { maxOpenPerBed: 1_000 } });
    floodEpisodes(h, BURST);
    floodEpisodes(h, 10, BURST);
    expect(h.engine.episode(episode(0, { end: { at: T0, reason: 'ended' } }))).toBe('ended');
    expect(h.engine.findByEpisode('ep-0')).toBeNull();

    expect(h.engine.episode(episode(BURST, { latching: true }))).toBe('held');
    h.clock.advance(500);
    expect(h.engine.episode(episode(BURST, { latching: true, end: { at: T0 + 7, reason: 'ended' } }))).toBe('held');
    expect(h.engine.isEpisodeOpen(`ep-${BURST}`)).toBe(false);
    for (let s = 0; s < 5; s++) h.tick(1000);
    const alarm = h.engine.findByEpisode(`ep-${BURST}`);
    expect(alarm).toMatchObject({ state: 'resolved', latching: true, onsetAt: T0 - 60_000 + BURST });
    expect(h.audit.entries('alarm.resolved').find((e) => e.alarmId === alarm!.alarmId)?.details).toMatchObject({ latched: true, source_ended_at: T0 + 7, end_unknown: false });
  });

  it('an episode waiting in a flood is still expected to end; if it ends while nobody can say when, it comes in ended, its end unknown', () => {
    const h = harness({ flood: { maxOpenPerBed: 1_000 } });
    floodEpisodes(h, BURST + 1);
    expect(h.engine.findByEpisode(`ep-${BURST}`)).toBeNull();
    expect(h.engine.isEpisodeOpen(`ep-${BURST}`)).toBe(true);
    expect(h.engine.endEpisodeUnknown(`ep-${BURST}`)).toBe(true);
    expect(h.engine.isEpisodeOpen(`ep-${BURST}`)).toBe(false);
    expect(h.engine.endEpisodeUnknown(`ep-${BURST}`)).toBe(false);
    expect(h.engine.endEpisodeUnknown('ep-never-seen')).toBe(false);
    for (let s = 0; s < 5; s++) h.tick(1000);
    const onset = h.audit.entries('alarm.onset').find((e) => e.details?.episode_id === `ep-${BURST}`)!;
    expect(h.audit.entries('alarm.resolved').find((e) => e.alarmId === onset.alarmId)?.details).toMatchObject({ source_ended_at: null, end_unknown: true });
  });

  it('a resync replays what is active: no flood, nothing held', () => {
    const h = harness({ flood: { maxOpenPerBed: 1_000 } });
    floodEpisodes(h, BURST * 3, 0, { delivered: 'resync' });
    expect(shownOf(h, 'bed-1')).toHaveLength(BURST * 3);
    expect(openTechnical(h, 'ALARM_FLOOD')).toEqual([]);
  });

  it('the same episode delivered again is a repeat: counted, never held, never a second alarm', () => {
    const h = harness();
    floodEpisodes(h, BURST + 5);
    for (let i = 0; i < 50; i++) expect(h.engine.episode(episode(1))).toBe('unchanged');
    expect(h.engine.list().filter((a) => a.code === 'FLOOD_1')).toHaveLength(1);
    expect(onsets(h.audit, 'FLOOD_1')).toBe(1);
    expect(h.engine.floodStatus().merged).toBe(50);
  });

  it('two episodes that say the same are never merged into one alarm: acknowledging one leaves the other sounding', () => {
    const h = harness();
    h.engine.episode(episode(1, { code: 'SPO2_PROBE', message: 'SpO2 probe off' }));
    h.engine.episode(episode(2, { code: 'SPO2_PROBE', message: 'SpO2 probe off' }));
    const [first, second] = [h.engine.findByEpisode('ep-1')!, h.engine.findByEpisode('ep-2')!];
    expect(first.alarmId).not.toBe(second.alarmId);
    expect(h.engine.acknowledgeRemote(first.alarmId, { stationId: 'icu-b', userId: 'bea' }, T0)).toEqual({ applied: true });
    expect(h.engine.findByEpisode('ep-2')!.acknowledged).toBe(false);
    expect(h.engine.auditory()?.alarmId).toBe(second.alarmId);
  });
});

describe('episodes and device alarms share the bounds of open alarms', () => {
  it('a bed at its bound, reached by HL7 alarms and episodes together, holds the next episode back under ALARM_FLOOD until there is room', () => {
    const h = harness({ flood: { maxOpenPerBed: 4 } });
    const hl7 = (n: number, phase: DeviceAlarmInput['phase'] = 'start'): DeviceAlarmInput => ({ bedId: 'bed-1', code: `HL7_${n}`, message: `hl7 ${n}`, priority: 'LOW', source: 'device', phase, deviceAlarmId: `h-${n}` });
    h.engine.deviceAlarm(hl7(1));
    h.engine.deviceAlarm(hl7(2));
    h.engine.episode(episode(1));
    h.engine.episode(episode(2));
    expect(h.engine.floodStatus().openDeviceAlarms).toBe(4);
    expect(h.engine.episode(episode(3))).toBe('held');
    expect(openTechnical(h, 'ALARM_FLOOD').map((a) => a.bedId)).toEqual(['bed-1']);
    h.engine.deviceAlarm(hl7(1, 'end'));
    h.tick(1000);
    expect(h.engine.findByEpisode('ep-3')?.state).toBe('active');
    expect(openTechnical(h, 'ALARM_FLOOD')).toEqual([]);
  });

  it('the station at its bound: episodes count too, ALARM_CAPACITY is raised, and a HIGH episode still comes in', () => {
    const h = harness({ flood: { maxOpen: 3 } });
    h.engine.episode(episode(1));
    h.engine.episode(episode(2, { bedId: 'bed-2' }));
    h.engine.episode(episode(3, { bedId: 'bed-3' }));
    expect(openTechnical(h, 'ALARM_CAPACITY').map((a) => a.bedId)).toEqual([null]);
    expect(h.engine.episode(episode(4, { bedId: 'bed-2' }))).toBe('held');
    expect(h.engine.episode(episode(5, { bedId: 'bed-2', code: 'ASYSTOLE', priority: 'HIGH' }))).toBe('raised');
  });
});

describe('what a flood discards is never silent', () => {
  it('an episode that cannot even wait is audited as never shown, with its identity; the bed gets HISTORY_INCOMPLETE, latched when its flood ends', async () => {
    const h = harness({ flood: { maxHeldPerBed: 10, maxOpenPerBed: 1_000 } });
    floodEpisodes(h, BURST + 10);
    expect(h.engine.episode(episode(700))).toBe('discarded');
    expect(h.audit.entries('alarm.onset').filter((e) => e.details?.episode_id === 'ep-700')).toEqual([
      expect.objectContaining({ bedId: 'bed-1', alarmId: null, details: expect.objectContaining({ code: 'FLOOD_700', shown: false, discarded: 'alarm-flood', source_onset_at: T0 - 60_000 + 700 }) }),
    ]);
    const incomplete = () => h.engine.list().filter((a) => a.code === 'HISTORY_INCOMPLETE');
    expect(incomplete()).toEqual([expect.objectContaining({ bedId: 'bed-1', priority: 'MEDIUM', latching: true, state: 'active' })]);
    // Another discard in the same flood is the same alarm.
    h.engine.episode(episode(701));
    expect(incomplete()).toHaveLength(1);

    for (let s = 0; s < 10; s++) h.tick(1000);
    expect(openTechnical(h, 'ALARM_FLOOD')).toEqual([]);
    // The flood is over; what it discarded still needs a person: it sounds until acknowledged and stays until reset.
    expect(incomplete()).toEqual([expect.objectContaining({ state: 'resolved', acknowledged: false })]);
    await h.engine.acknowledge(incomplete()[0]!.alarmId, nurseAck());
    await h.engine.resetAlarms(chargeReset());
    expect(incomplete()).toEqual([]);
  });

  it('so is a device alarm the flood had to discard (its HL7 sender is also answered AE)', () => {
    const h = harness({ flood: { maxHeldPerBed: 10 } });
    let outcome = '';
    for (let i = 0; i < BURST + 50 && outcome !== 'discarded'; i++) {
      outcome = h.engine.deviceAlarm({ bedId: 'bed-2', code: `C${i}`, message: `c${i}`, priority: 'LOW', source: 'device', phase: 'start', deviceAlarmId: `c${i}` });
    }
    expect(outcome).toBe('discarded');
    expect(h.engine.list().filter((a) => a.code === 'HISTORY_INCOMPLETE')).toEqual([expect.objectContaining({ bedId: 'bed-2', latching: true })]);
  });
});
