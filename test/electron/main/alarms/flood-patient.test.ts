import { describe, expect, it } from 'vitest';
import type { DeviceAlarmInput } from '../../../../electron/main/alarms/device-alarm';
import type { EpisodeInput } from '../../../../electron/main/alarms/episode-input';
import { harness, T0, type Harness } from './alarm-test-kit';

/**
 * Flood control (issue 12.4) meets the census (issue 16): an alarm is the
 * patient's who was in the bed when it came, however late a flood lets it
 * be shown, and a repeat of one patient's alarm is never the next patient's.
 */

/** A census of one bed, changed by the test: who is in bed-1 now. */
function withCensus(flood = { burst: 2, perSecond: 1 }) {
  const inBed = new Map<string, string | null>([['bed-1', 'enc-A']]);
  const h = harness({ flood, encounterOf: (bedId) => inBed.get(bedId) ?? null });
  return { h, inBed };
}

function device(overrides: Partial<DeviceAlarmInput> & { deviceAlarmId: string }): DeviceAlarmInput {
  return { bedId: 'bed-1', code: 'SPO2_PROBE', message: 'SpO2 probe off', priority: 'MEDIUM', source: 'device', phase: 'start', ...overrides };
}

/** Spends bed-1's budget (burst 2) on two other alarms, so the next one waits. */
function floodBed(h: Harness): void {
  for (const n of [1, 2]) h.engine.deviceAlarm(device({ deviceAlarmId: `f-${n}`, code: `FLOOD_${n}`, message: `Flood ${n}` }));
}

const ofCode = (h: Harness, code: string) => h.engine.list().filter((a) => a.code === code);
const onsetOf = (h: Harness, alarmId: string) => h.audit.entries('alarm.onset').find((e) => e.alarmId === alarmId)?.details;

describe('an alarm held back in a flood keeps its patient', () => {
  it('held while patient A was in the bed and shown after B was admitted: it is A’s, on the wall and in its onset entry; B’s own alarm is B’s', () => {
    const { h, inBed } = withCensus();
    floodBed(h);
    const cameAt = h.time.now;
    expect(h.engine.deviceAlarm(device({ deviceAlarmId: 'late' }))).toBe('held');
    // A leaves, B comes, while it waits.
    h.clock.advance(200);
    inBed.set('bed-1', 'enc-B');
    for (let s = 0; s < 5 && ofCode(h, 'SPO2_PROBE').length === 0; s++) h.tick(1000);
    const [late] = ofCode(h, 'SPO2_PROBE');
    expect(late).toMatchObject({ encounterId: 'enc-A', onsetAt: cameAt });
    // Named explicitly, so the trail's identity stamp is A's, not the bed's occupant now.
    expect(onsetOf(h, late!.alarmId)).toMatchObject({ encounter: 'enc-A' });
    h.engine.deviceAlarm(device({ deviceAlarmId: 'b-own', code: 'NIBP_CUFF', message: 'Cuff leak' }));
    for (let s = 0; s < 5 && ofCode(h, 'NIBP_CUFF').length === 0; s++) h.tick(1000);
    const [own] = ofCode(h, 'NIBP_CUFF');
    expect(own!.encounterId).toBe('enc-B');
    // The occupant's own alarm needs no explicit name: the stamp is the occupant's.
    expect(onsetOf(h, own!.alarmId)).not.toHaveProperty('encounter');
  });

  it('held while the bed was empty and shown after an admission: it names nobody', () => {
    const { h, inBed } = withCensus();
    inBed.set('bed-1', null);
    floodBed(h);
    expect(h.engine.deviceAlarm(device({ deviceAlarmId: 'late' }))).toBe('held');
    inBed.set('bed-1', 'enc-B');
    for (let s = 0; s < 5 && ofCode(h, 'SPO2_PROBE').length === 0; s++) h.tick(1000);
    const [late] = ofCode(h, 'SPO2_PROBE');
    expect(late!.encounterId).toBeNull();
    expect(onsetOf(h, late!.alarmId)).toMatchObject({ encounter: null });
  });

  it('a journaled episode held back keeps the patient it came for', () => {
    const { h, inBed } = withCensus();
    floodBed(h);
    const episode: EpisodeInput = {
      episodeId: 'ep-late',
      bedId: 'bed-1',
      code: 'PVC_RUN',
      message: 'PVC run',
      priority: 'MEDIUM',
      source: 'device',
      deviceAlarmId: 'dev-late',
      onsetAt: T0 - 5_000,
      end: null,
      delivered: 'live',
    };
    expect(h.engine.episode(episode)).toBe('held');
    inBed.set('bed-1', 'enc-B');
    for (let s = 0; s < 5 && !h.engine.findByEpisode('ep-late'); s++) h.tick(1000);
    expect(h.engine.findByEpisode('ep-late')).toMatchObject({ encounterId: 'enc-A', onsetAt: T0 - 5_000 });
  });

  it('held for A, then its device id starts again for B after an end: A’s alarm is shown and ended, B’s is another alarm, not one longer alarm of A’s', () => {
    const { h, inBed } = withCensus();
    floodBed(h);
    expect(h.engine.deviceAlarm(device({ deviceAlarmId: 'reused' }))).toBe('held');
    inBed.set('bed-1', 'enc-B');
    h.clock.advance(100);
    // The next message of that id is B's time: A's waiting alarm goes first, at its own onset.
    h.engine.deviceAlarm(device({ deviceAlarmId: 'reused', phase: 'end' }));
    h.clock.advance(100);
    h.engine.deviceAlarm(device({ deviceAlarmId: 'reused' }));
    for (let s = 0; s < 5 && h.engine.list().filter((a) => a.code === 'SPO2_PROBE').length < 2; s++) h.tick(1000);
    const onsets = h.audit.entries('alarm.onset').filter((e) => e.details?.code === 'SPO2_PROBE');
    expect(onsets).toHaveLength(2);
    const shown = ofCode(h, 'SPO2_PROBE');
    expect(shown.map((a) => a.encounterId)).toEqual(['enc-B']);
    expect(h.audit.entries('alarm.resolved').filter((e) => e.alarmId === onsets[0]!.alarmId)).toHaveLength(1);
    expect(onsets[0]!.details).toMatchObject({ encounter: 'enc-A' });
  });
});

describe('repeats are merged only within one patient', () => {
  it('an identical alarm under a new id after the patient changed is the new patient’s own alarm, not a repeat of the old one', () => {
    const { h, inBed } = withCensus({ burst: 64, perSecond: 20 });
    h.engine.deviceAlarm(device({ deviceAlarmId: 'a-1' }));
    h.engine.deviceAlarm(device({ deviceAlarmId: 'a-2' }));
    expect(ofCode(h, 'SPO2_PROBE')).toHaveLength(1);
    inBed.set('bed-1', 'enc-B');
    expect(h.engine.deviceAlarm(device({ deviceAlarmId: 'b-1' }))).toBe('applied');
    expect(ofCode(h, 'SPO2_PROBE').map((a) => a.encounterId)).toEqual(['enc-A', 'enc-B']);
    // Still merged within B's.
    expect(h.engine.deviceAlarm(device({ deviceAlarmId: 'b-2' }))).toBe('merged');
  });
});
