import { describe, expect, it } from 'vitest';
import type { AlarmsDelta } from '../../../../shared/domain/station-event';
import { PROMPT_UPDATES_PER_TICK } from '../../../../electron/main/station/alarm-broadcast';
import { nursePause } from '../alarms/alarm-test-kit';
import { harnessesClosedAfterEach } from './station-test-kit';

const setup = harnessesClosedAfterEach();

const nextTask = () => new Promise((resolve) => setImmediate(resolve));

function flood(i: number, beds: number) {
  return { bedId: `bed-${(i % beds) + 1}`, code: `FLOOD_${i % 40}`, message: `Alarm ${i}`, priority: 'MEDIUM' as const, source: 'device' as const, phase: 'start' as const, deviceAlarmId: `a-${i}` };
}

describe('Station alarm updates: deltas, coalesced per tick', () => {
  it('4,000 device alarms, one per task, reach a view as a few updates carrying each alarm once', async () => {
    const h = await setup({ beds: 64 });
    h.tick(0);
    h.view.events.length = 0;
    for (let i = 0; i < 4000; i++) {
      h.station.ingestDeviceAlarm(flood(i, 64));
      await nextTask();
    }
    h.tick(40);
    const updates = h.view.of('unit:alarms') as AlarmsDelta[];
    // The first few of a tick go out at once, the rest with the tick: not one update per alarm.
    expect(updates.length).toBeLessThanOrEqual(PROMPT_UPDATES_PER_TICK + 1);
    const carried = updates.reduce((n, u) => n + u.changed.length + u.removed.length, 0);
    const listed = h.station.alarms.list().length;
    expect(carried).toBe(listed);
    expect(h.view.alarms.list()).toEqual(h.station.alarms.list());
  });

  it('the first alarm after a quiet spell goes out at the end of its task, without waiting for the tick', async () => {
    const h = await setup();
    h.tick(0);
    h.view.events.length = 0;
    h.station.ingestDeviceAlarm({ bedId: 'bed-1', code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'vf' });
    expect(h.view.of('unit:alarms')).toEqual([]);
    await Promise.resolve();
    expect(h.view.alarms.list().map((a) => a.code)).toEqual(['VF']);
    expect(h.view.alarms.auditory?.priority).toBe('HIGH');
  });

  it('in a flood, a new HIGH does not wait for the tick: it goes out at the end of its task', async () => {
    const h = await setup({ beds: 8 });
    h.tick(0);
    for (let i = 0; i < 20; i++) {
      h.station.ingestDeviceAlarm(flood(i, 8));
      await nextTask();
    }
    // The tick's prompt updates are spent: MEDIUM changes now wait for the tick.
    expect(h.view.alarms.list().length).toBeLessThan(h.station.alarms.list().length);
    h.station.ingestDeviceAlarm({ bedId: 'bed-3', code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'vf' });
    await Promise.resolve();
    expect(h.view.alarms.list().some((a) => a.code === 'VF')).toBe(true);
    // With it went everything that was waiting: the view is in step with the station.
    expect(h.view.alarms.list()).toEqual(h.station.alarms.list());
  });

  it('an update that waited for the tick says how much AUDIO PAUSED is left when it goes, not when its change was made', async () => {
    const h = await setup({ beds: 8 });
    h.tick(0);
    await h.station.alarms.pauseAudio(nursePause(), 120_000);
    for (let i = 0; i < 20; i++) {
      h.station.ingestDeviceAlarm(flood(i, 8));
      await nextTask();
    }
    // The tick's prompt updates are spent: this change waits for the tick, 10 ms.
    h.time.now = 30;
    h.station.ingestDeviceAlarm(flood(20, 8));
    await nextTask();
    expect(h.view.alarms.list().length).toBeLessThan(h.station.alarms.list().length);
    h.tick(40);
    const sent = (h.view.of('unit:alarms') as AlarmsDelta[]).at(-1)!;
    expect(h.view.alarms.list()).toEqual(h.station.alarms.list());
    // A view counts down from when it arrives: it must be told what is left now.
    expect(sent.audioPausedUntil! - sent.sentAt).toBe(h.station.alarms.audioPauseRemainingMs);
    expect(sent.audioPausedUntil! - sent.sentAt).toBe(120_000 - 40);
  });

  it('what waits for the tick is sent before the tick’s waveform', async () => {
    const h = await setup({ beds: 2 });
    h.tick(0);
    for (let i = 0; i < PROMPT_UPDATES_PER_TICK + 3; i++) {
      h.station.ingestDeviceAlarm(flood(i, 2));
      await nextTask();
    }
    h.view.order.length = 0;
    h.feed.next = { segments: [{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: 40, samples: new Float32Array(4) }], numerics: [] };
    h.tick(40);
    expect(h.view.order.filter((e) => e === 'unit:alarms' || e === 'frame')).toEqual(['unit:alarms', 'frame']);
    expect(h.view.alarms.list()).toEqual(h.station.alarms.list());
  });

  it('a view attached in the middle of a flood holds the same list as the others once it has the snapshot', async () => {
    const h = await setup({ beds: 8 });
    for (let i = 0; i < 300; i++) {
      h.station.ingestDeviceAlarm(flood(i, 8));
      if (i === 150) h.attachView();
      if (i % 50 === 0) h.tick(i * 10);
      await nextTask();
    }
    h.tick(5000);
    const late = h.attachView();
    expect(late.alarms.list()).toEqual(h.view.alarms.list());
    expect(h.view.alarms.list()).toEqual(h.station.alarms.list());
  });
});
