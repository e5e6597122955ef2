import { describe, expect, it } from 'vitest';
import type { DeviceAlarmInput } from '../../../../electron/main/alarms/device-alarm';
import { DEFAULT_ALARM_FLOOD_POLICY } from '../../../../electron/main/alarms/device-alarm-flood';
import { DEFAULT_ESCALATION_POLICY } from '../../../../electron/main/alarms/escalation-policy';
import { HOUR_STEPS } from '../../../support/fake-clock';
import { chargeReset, harness, nurseAck, onsets, type Harness } from './alarm-test-kit';

const BEDS = ['bed-1', 'bed-2', 'bed-3'];

function device(overrides: Partial<DeviceAlarmInput> & { deviceAlarmId: string }): DeviceAlarmInput {
  return { bedId: 'bed-1', code: 'SPO2_PROBE', message: 'SpO2 probe off', priority: 'MEDIUM', source: 'device', phase: 'start', ...overrides };
}

/** `count` different MEDIUM alarms from one bed, all at the current time (a device gone mad). */
function floodBed(h: Harness, bedId: string, count: number, from = 0, phase: 'start' | 'end' = 'start'): void {
  for (let i = from; i < from + count; i++) h.engine.deviceAlarm(device({ bedId, code: `FLOOD_${i}`, message: `Flood ${i}`, deviceAlarmId: `f-${i}`, phase }));
}

const flood = (h: Harness) => h.engine.list().filter((a) => a.code === 'ALARM_FLOOD' && a.state !== 'resolved');
const shownOf = (h: Harness, bedId: string) => h.engine.list().filter((a) => a.bedId === bedId && a.source === 'device');

describe('repeats of an identical device alarm are merged', () => {
  it('the same alarm repeated under its own id: one alarm, nothing sent, counted', () => {
    const h = harness({ beds: BEDS });
    h.engine.deviceAlarm(device({ deviceAlarmId: 'm1' }));
    const published = h.updates.length;
    // Once a second for 100 s, as devices that repeat every active alarm do: no flood, only repeats.
    for (let i = 0; i < 100; i++) {
      h.clock.advance(1000);
      h.engine.deviceAlarm(device({ deviceAlarmId: 'm1', phase: 'continue' }));
    }
    expect(h.engine.list()).toHaveLength(1);
    expect(h.updates).toHaveLength(published);
    expect(h.engine.floodStatus().merged).toBe(100);
  });

  it('the same alarm under 100 new ids (a monitor that numbers every message): one alarm, open until every id has ended', () => {
    const h = harness({ beds: BEDS });
    for (let i = 0; i < 100; i++) {
      h.clock.advance(1000);
      h.engine.deviceAlarm(device({ deviceAlarmId: `msg-${i}` }));
    }
    expect(h.engine.list()).toHaveLength(1);
    expect(onsets(h.audit, 'SPO2_PROBE')).toBe(1);
    expect(h.engine.floodStatus().merged).toBe(99);
    for (let i = 0; i < 99; i++) {
      h.clock.advance(1000);
      h.engine.deviceAlarm(device({ deviceAlarmId: `msg-${i}`, phase: 'end' }));
    }
    expect(h.engine.list()).toHaveLength(1);
    h.engine.deviceAlarm(device({ deviceAlarmId: 'msg-99', phase: 'end' }));
    expect(h.engine.list()).toEqual([]);
  });

  it('only identical ones: another bed, code, priority or text is another alarm', () => {
    const h = harness({ beds: BEDS });
    h.engine.deviceAlarm(device({ deviceAlarmId: 'a' }));
    h.engine.deviceAlarm(device({ deviceAlarmId: 'b', bedId: 'bed-2' }));
    h.engine.deviceAlarm(device({ deviceAlarmId: 'c', code: 'SPO2_LOW' }));
    h.engine.deviceAlarm(device({ deviceAlarmId: 'd', priority: 'LOW' }));
    h.engine.deviceAlarm(device({ deviceAlarmId: 'e', message: 'SpO2 probe off (left)' }));
    expect(h.engine.list()).toHaveLength(5);
    expect(h.engine.floodStatus().merged).toBe(0);
  });

  it('after an acknowledgement the same alarm under a new id is new, and sounds', async () => {
    const h = harness({ beds: BEDS });
    h.engine.deviceAlarm(device({ deviceAlarmId: 'a' }));
    await h.engine.acknowledge(h.engine.list()[0]!.alarmId, nurseAck());
    h.engine.deviceAlarm(device({ deviceAlarmId: 'b' }));
    expect(h.engine.list().map((a) => a.state)).toEqual(['acknowledged', 'active']);
    expect(h.engine.auditory()?.alarmId).toBe(h.engine.list()[1]!.alarmId);
  });

  it('one id of a merged alarm turning HIGH becomes its own HIGH alarm; the others keep theirs', () => {
    const h = harness({ beds: BEDS });
    h.engine.deviceAlarm(device({ deviceAlarmId: 'a' }));
    h.engine.deviceAlarm(device({ deviceAlarmId: 'b' }));
    h.engine.deviceAlarm(device({ deviceAlarmId: 'b', priority: 'HIGH' }));
    expect(h.engine.list().map((a) => [a.priority, a.state])).toEqual([
      ['MEDIUM', 'active'],
      ['HIGH', 'active'],
    ]);
    h.engine.deviceAlarm(device({ deviceAlarmId: 'a', phase: 'end' }));
    expect(h.engine.list().map((a) => a.priority)).toEqual(['HIGH']);
  });
});

describe('a bed whose devices flood is throttled and named in a technical alarm', () => {
  it('names the bed (ALARM_FLOOD on it), holds its new alarms back, and leaves the other beds alone', () => {
    const h = harness({ beds: BEDS });
    floodBed(h, 'bed-1', 300);
    expect(flood(h).map((a) => [a.bedId, a.priority, a.source])).toEqual([['bed-1', 'MEDIUM', 'technical']]);
    const status = h.engine.floodStatus();
    const bed = status.beds.find((b) => b.bedId === 'bed-1')!;
    expect(bed.throttled).toBe(true);
    expect(bed.messages).toBe(300);
    // The budget's worth went through; the rest wait, counted.
    expect(shownOf(h, 'bed-1')).toHaveLength(DEFAULT_ALARM_FLOOD_POLICY.maxOpenPerBed);
    expect(bed.delayed + bed.discarded).toBe(300 - DEFAULT_ALARM_FLOOD_POLICY.maxOpenPerBed);
    h.engine.deviceAlarm(device({ bedId: 'bed-2', deviceAlarmId: 'quiet' }));
    expect(shownOf(h, 'bed-2')).toHaveLength(1);
    expect(flood(h).map((a) => a.bedId)).toEqual(['bed-1']);
  });

  it('never holds a HIGH back, lethal ones included whatever the device says, and shows it in the same update', () => {
    const h = harness({ beds: BEDS, flood: { maxOpenPerBed: 1_000 } });
    floodBed(h, 'bed-1', 300);
    expect(h.engine.floodStatus().beds[0]!.throttled).toBe(true);
    const before = h.updates.length;
    h.engine.deviceAlarm(device({ code: 'VF', message: 'VF', priority: 'LOW', deviceAlarmId: 'vf' }));
    h.engine.deviceAlarm(device({ code: 'DESAT', message: 'Desat', priority: 'HIGH', deviceAlarmId: 'desat' }));
    expect(h.updates.slice(before).flatMap((u) => u.changed.map((a) => [a.code, a.priority]))).toEqual([
      ['VF', 'HIGH'],
      ['DESAT', 'HIGH'],
    ]);
    expect(h.engine.auditory()).toMatchObject({ priority: 'HIGH' });
  });

  it('an end of an alarm already shown is never held: the list never shows an ended alarm longer for a flood', () => {
    const h = harness({ beds: BEDS });
    h.engine.deviceAlarm(device({ deviceAlarmId: 'shown' }));
    floodBed(h, 'bed-1', 300);
    h.engine.deviceAlarm(device({ deviceAlarmId: 'shown', phase: 'end' }));
    expect(h.engine.list().some((a) => a.code === 'SPO2_PROBE')).toBe(false);
  });

  it('held alarms are let through at a steady rate once the flood stops, at the times they began; then ALARM_FLOOD ends', () => {
    const h = harness({ beds: BEDS, flood: { maxOpenPerBed: 1_000 } });
    const floodAt = h.time.now;
    floodBed(h, 'bed-1', 150);
    const firstGo = shownOf(h, 'bed-1').length;
    expect(firstGo).toBe(DEFAULT_ALARM_FLOOD_POLICY.burst);
    h.tick(1000);
    // One second's release, no more: the views get a steady trickle, not the whole backlog at once.
    expect(shownOf(h, 'bed-1').length - firstGo).toBeLessThanOrEqual(DEFAULT_ALARM_FLOOD_POLICY.perSecond);
    for (let s = 0; s < 20; s++) h.tick(1000);
    expect(shownOf(h, 'bed-1')).toHaveLength(150);
    expect(h.engine.floodStatus().discarded).toBe(0);
    expect(shownOf(h, 'bed-1').every((a) => a.onsetAt === floodAt)).toBe(true);
    expect(flood(h)).toEqual([]);
    expect(h.engine.floodStatus().waiting).toBe(0);
  });

  it('a held alarm keeps its order: its end never overtakes its start, and both are applied at their own times', () => {
    const h = harness({ beds: BEDS, flood: { maxOpenPerBed: 1_000 } });
    floodBed(h, 'bed-1', 100);
    h.engine.deviceAlarm(device({ code: 'PAUSED_RESP', message: 'Apnoea (latched)', deviceAlarmId: 'latched', latching: true }));
    const startedAt = h.time.now;
    h.clock.advance(500);
    h.engine.deviceAlarm(device({ code: 'PAUSED_RESP', message: 'Apnoea (latched)', deviceAlarmId: 'latched', latching: true, phase: 'end' }));
    h.engine.deviceAlarm(device({ code: 'BRIEF', message: 'Brief', deviceAlarmId: 'brief' }));
    h.engine.deviceAlarm(device({ code: 'BRIEF', message: 'Brief', deviceAlarmId: 'brief', phase: 'end' }));
    floodBed(h, 'bed-1', 100, 0, 'end');
    for (let s = 0; s < 30; s++) h.tick(1000);
    // The latching one began and ended while held: it is shown latched, with its real onset.
    const latched = h.engine.list().find((a) => a.code === 'PAUSED_RESP')!;
    expect(latched).toMatchObject({ state: 'resolved', latching: true, onsetAt: startedAt });
    // The brief non-latching one is over: not shown, but in the audit trail, begun and ended.
    expect(h.engine.list().some((a) => a.code === 'BRIEF')).toBe(false);
    expect(h.audit.entries('alarm.onset').filter((e) => e.details?.code === 'BRIEF')).toHaveLength(1);
    expect(h.audit.entries('alarm.resolved').filter((e) => e.details?.code === 'BRIEF')).toHaveLength(1);
    expect(flood(h)).toEqual([]);
  });

  it('a HIGH for an id whose earlier messages are held does not overtake them', () => {
    const h = harness({ beds: BEDS });
    floodBed(h, 'bed-1', 100);
    h.engine.deviceAlarm(device({ code: 'ST', message: 'ST change', deviceAlarmId: 'st' }));
    expect(h.engine.list().some((a) => a.code === 'ST')).toBe(false);
    h.engine.deviceAlarm(device({ code: 'ST', message: 'ST change', deviceAlarmId: 'st', priority: 'HIGH' }));
    // The held MEDIUM is applied first, then superseded by the HIGH: both in the trail, the HIGH shown.
    expect(onsets(h.audit, 'ST')).toBe(2);
    expect(h.engine.list().filter((a) => a.code === 'ST').map((a) => a.priority)).toEqual(['HIGH']);
  });

  it('what cannot even be held is discarded and counted (never a HIGH), and the bed’s ALARM_FLOOD stays meanwhile', () => {
    const h = harness({ beds: BEDS, flood: { maxHeldPerBed: 10 } });
    floodBed(h, 'bed-1', DEFAULT_ALARM_FLOOD_POLICY.burst + 50);
    const bed = h.engine.floodStatus().beds[0]!;
    expect(bed.waiting).toBe(10);
    expect(bed.discarded).toBeGreaterThan(0);
    expect(h.engine.floodStatus().discarded).toBe(bed.discarded);
    h.engine.deviceAlarm(device({ code: 'ASYSTOLE', message: 'Asystole', priority: 'HIGH', deviceAlarmId: 'asys' }));
    expect(h.engine.list().some((a) => a.code === 'ASYSTOLE')).toBe(true);
    expect(flood(h)).toHaveLength(1);
  });

  it('a flood is a few log lines (started, ended with its counts), not one per message', () => {
    const lines: Array<{ event: string; fields?: Record<string, unknown> }> = [];
    const log = (event: string, fields?: Record<string, unknown>) => void lines.push({ event, fields });
    const h = harness({ beds: BEDS, flood: { maxHeldPerBed: 10 }, logger: { debug: log, info: log, warn: log, error: log } });
    floodBed(h, 'bed-1', 1000);
    floodBed(h, 'bed-1', 1000, 0, 'end');
    for (let s = 0; s < 60; s++) h.tick(1000);
    expect(lines.map((l) => l.event)).toEqual(['alarms.flood-started', 'alarms.flood-ended']);
    expect(lines[1]!.fields).toMatchObject({ bedId: 'bed-1', messages: 2000 });
    expect((lines[1]!.fields as { discarded: number }).discarded).toBeGreaterThan(0);
  });

  it.each(HOUR_STEPS)('runs on the monotonic clock: the system clock set an hour %s neither lets a flood through nor holds the bed back longer', (_direction, step) => {
    const h = harness({ beds: BEDS, flood: { maxOpenPerBed: 1_000 } });
    floodBed(h, 'bed-1', 150);
    h.clock.stepWall(step);
    h.tick(100);
    // No hour's worth of budget was earned: the bed is still throttled, and its new alarms wait...
    const shown = shownOf(h, 'bed-1').length;
    floodBed(h, 'bed-1', 10, 150);
    expect(shownOf(h, 'bed-1')).toHaveLength(shown);
    expect(flood(h)).toHaveLength(1);
    // ...and no hour is lost: the backlog goes through at its pace in real time, then ALARM_FLOOD ends.
    for (let s = 0; s < 20; s++) h.tick(1000);
    expect(shownOf(h, 'bed-1')).toHaveLength(160);
    expect(flood(h)).toEqual([]);
  });

  it.each(HOUR_STEPS)('a held alarm is shown with the time it came and escalates from then, the system clock set an hour %s while it waited', (_direction, step) => {
    const h = harness({ beds: BEDS, flood: { maxOpenPerBed: 1_000 } });
    floodBed(h, 'bed-1', DEFAULT_ALARM_FLOOD_POLICY.burst);
    const cameAt = h.time.now;
    const cameAtMono = h.elapsed();
    expect(h.engine.deviceAlarm(device({ code: 'HELD', message: 'Held', deviceAlarmId: 'held' }))).toBe('held');
    h.clock.stepWall(step);
    h.tick(100);
    const held = () => h.engine.list().find((a) => a.code === 'HELD');
    expect(held()).toMatchObject({ onsetAt: cameAt, escalationLevel: 1 });
    // MEDIUM escalates 120 s after it came, not after it was let through, and not an hour early or late.
    h.runUntil(cameAtMono + DEFAULT_ESCALATION_POLICY.MEDIUM[0]! - 1);
    expect(held()!.escalationLevel).toBe(1);
    h.tick(1);
    expect(held()!.escalationLevel).toBe(2);
  });
});

describe('the number of open alarms is bounded', () => {
  it('a bed at its bound gets ALARM_FLOOD; its further MEDIUM/LOW alarms wait for room; a HIGH still comes in', () => {
    const h = harness({ beds: BEDS, flood: { maxOpenPerBed: 4 } });
    for (let i = 0; i < 6; i++) {
      h.clock.advance(1000); // slowly: not a flood, only too many
      h.engine.deviceAlarm(device({ code: `C${i}`, message: `c${i}`, deviceAlarmId: `c${i}` }));
    }
    expect(shownOf(h, 'bed-1')).toHaveLength(4);
    expect(flood(h)).toHaveLength(1);
    h.engine.deviceAlarm(device({ code: 'VT', message: 'VT', priority: 'HIGH', deviceAlarmId: 'vt' }));
    expect(shownOf(h, 'bed-1')).toHaveLength(5);
    // Room again: the waiting ones come in on the next ticks, and ALARM_FLOOD ends.
    for (const id of ['c0', 'c1', 'c2']) h.engine.deviceAlarm(device({ code: id.toUpperCase(), message: id, deviceAlarmId: id, phase: 'end' }));
    h.tick(1000);
    expect(shownOf(h, 'bed-1').map((a) => a.code).sort()).toEqual(['C3', 'C4', 'C5', 'VT']);
    expect(flood(h)).toEqual([]);
  });

  it('the station at its bound raises ALARM_CAPACITY and evicts nothing: every unacknowledged alarm stays', async () => {
    const h = harness({ beds: BEDS, flood: { maxOpen: 6 } });
    const ids: string[] = [];
    for (const [i, bedId] of ['bed-1', 'bed-2', 'bed-3', 'bed-1', 'bed-2', 'bed-3'].entries()) {
      h.clock.advance(1000);
      h.engine.deviceAlarm(device({ bedId, code: `H${i}`, message: `h${i}`, priority: 'HIGH', latching: false, deviceAlarmId: `h${i}` }));
      ids.push(h.engine.list().at(-1)!.alarmId);
    }
    h.tick(100);
    expect(h.engine.list().filter((a) => a.code === 'ALARM_CAPACITY').map((a) => [a.bedId, a.priority])).toEqual([[null, 'MEDIUM']]);
    h.engine.deviceAlarm(device({ bedId: 'bed-2', code: 'LOWER', message: 'lower', deviceAlarmId: 'lower' }));
    h.engine.deviceAlarm(device({ bedId: 'bed-2', code: 'H9', message: 'h9', priority: 'HIGH', deviceAlarmId: 'h9' }));
    const listed = h.engine.list().map((a) => a.alarmId);
    for (const id of ids) expect(listed).toContain(id);
    expect(h.engine.list().some((a) => a.code === 'LOWER')).toBe(false);
    expect(h.engine.list().some((a) => a.code === 'H9')).toBe(true);
    expect(h.engine.floodStatus()).toMatchObject({ openDeviceAlarms: 7, maxOpen: 6, waiting: 1 });
    // A reset of latched alarms or ends make room: the waiting one comes in, ALARM_CAPACITY ends.
    h.engine.deviceAlarm(device({ code: 'H0', message: 'h0', priority: 'HIGH', latching: false, deviceAlarmId: 'h0', phase: 'end' }));
    h.engine.deviceAlarm(device({ bedId: 'bed-2', code: 'H1', message: 'h1', priority: 'HIGH', latching: false, deviceAlarmId: 'h1', phase: 'end' }));
    h.engine.deviceAlarm(device({ bedId: 'bed-3', code: 'H2', message: 'h2', priority: 'HIGH', latching: false, deviceAlarmId: 'h2', phase: 'end' }));
    await h.engine.resetAlarms(chargeReset());
    h.tick(1000);
    expect(h.engine.list().some((a) => a.code === 'LOWER')).toBe(true);
    expect(h.engine.list().some((a) => a.code === 'ALARM_CAPACITY')).toBe(false);
  });
});

describe('flood status for IT', () => {
  it('is on the admin status screen per bed', async () => {
    const h = harness({ beds: BEDS });
    floodBed(h, 'bed-3', 100);
    expect(h.engine.floodStatus()).toMatchObject({
      openDeviceAlarms: DEFAULT_ALARM_FLOOD_POLICY.maxOpenPerBed,
      beds: [expect.objectContaining({ bedId: 'bed-3', throttled: true, messages: 100 })],
    });
  });
});
