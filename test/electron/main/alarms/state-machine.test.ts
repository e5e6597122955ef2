import { describe, expect, it } from 'vitest';
import type { AlarmState } from '../../../../shared/domain/alarm-condition';
import { isFlashing } from '../../../../renderer/src/alarms/flash-clock';
import { chargeReset, harness, nurseAck, refusal, type Harness } from './alarm-test-kit';

/**
 * Every cell of the state-machine table in electron/main/alarms/README.md:
 * condition active or ended × acknowledged or not × latching or not. For
 * each, what is listed (and as what), whether it sounds and flashes, whether
 * it escalates, what a nurse's acknowledgement and a charge nurse's reset do.
 * The alarm is a HIGH device alarm (escalation at 30 s and 60 s).
 */
type Condition = 'active' | 'ended';

interface Cell {
  condition: Condition;
  acknowledged: boolean;
  latching: boolean;
  /** null: not in the list at all. */
  listedAs: { state: AlarmState; acknowledged: boolean } | null;
  sounds: boolean;
  flashes: boolean;
  escalates: boolean;
  /** What a nurse's acknowledgement does now. */
  acknowledge: 'applied' | 'already-acknowledged' | 'unknown-alarm';
  /** Still listed after a charge nurse's alarm reset. */
  afterReset: 'stays' | 'cleared' | 'not listed';
}

const TABLE: Cell[] = [
  { condition: 'active', acknowledged: false, latching: false, listedAs: { state: 'active', acknowledged: false }, sounds: true, flashes: true, escalates: true, acknowledge: 'applied', afterReset: 'stays' },
  { condition: 'active', acknowledged: false, latching: true, listedAs: { state: 'active', acknowledged: false }, sounds: true, flashes: true, escalates: true, acknowledge: 'applied', afterReset: 'stays' },
  { condition: 'active', acknowledged: true, latching: false, listedAs: { state: 'acknowledged', acknowledged: true }, sounds: false, flashes: false, escalates: false, acknowledge: 'already-acknowledged', afterReset: 'stays' },
  { condition: 'active', acknowledged: true, latching: true, listedAs: { state: 'acknowledged', acknowledged: true }, sounds: false, flashes: false, escalates: false, acknowledge: 'already-acknowledged', afterReset: 'stays' },
  { condition: 'ended', acknowledged: false, latching: false, listedAs: null, sounds: false, flashes: false, escalates: false, acknowledge: 'unknown-alarm', afterReset: 'not listed' },
  { condition: 'ended', acknowledged: false, latching: true, listedAs: { state: 'resolved', acknowledged: false }, sounds: true, flashes: true, escalates: true, acknowledge: 'applied', afterReset: 'cleared' },
  { condition: 'ended', acknowledged: true, latching: false, listedAs: null, sounds: false, flashes: false, escalates: false, acknowledge: 'unknown-alarm', afterReset: 'not listed' },
  { condition: 'ended', acknowledged: true, latching: true, listedAs: { state: 'resolved', acknowledged: true }, sounds: false, flashes: false, escalates: false, acknowledge: 'already-acknowledged', afterReset: 'cleared' },
];

const CODE = 'APNEA';

/** A HIGH device alarm brought into the cell's state: acknowledged (if so) `ackFirst` or after the end. */
async function enter(cell: Cell, ackFirst = true): Promise<{ h: Harness; id: string }> {
  const h = harness();
  h.engine.deviceAlarm({ bedId: 'bed-1', code: CODE, message: 'Apnea', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'apnea-1', latching: cell.latching });
  const id = h.engine.list()[0]!.alarmId;
  h.tick(2_000);
  const end = () => h.engine.deviceAlarm({ bedId: 'bed-1', code: CODE, message: 'Apnea', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'apnea-1', latching: cell.latching });
  if (cell.acknowledged && ackFirst) await h.engine.acknowledge(id, nurseAck());
  if (cell.condition === 'ended') end();
  if (cell.acknowledged && !ackFirst && cell.latching) await h.engine.acknowledge(id, nurseAck());
  return { h, id };
}

const name = (c: Cell) => `${c.condition}, ${c.acknowledged ? 'acknowledged' : 'not acknowledged'}, ${c.latching ? 'latching' : 'non-latching'}`;

describe.each(TABLE.map((cell) => [name(cell), cell] as const))('alarm state: %s', (_name, cell) => {
  it(`is ${cell.listedAs ? `listed as ${cell.listedAs.state}` : 'not listed'}`, async () => {
    const { h, id } = await enter(cell);
    const listed = h.engine.list().find((a) => a.alarmId === id);
    expect(listed ? { state: listed.state, acknowledged: listed.acknowledged } : null).toEqual(cell.listedAs);
    expect(h.engine.list()).toHaveLength(cell.listedAs ? 1 : 0);
  });

  it(`${cell.sounds ? 'sounds' : 'is silent'} and ${cell.flashes ? 'flashes' : 'does not flash'}`, async () => {
    const { h, id } = await enter(cell);
    expect(h.engine.auditory()?.alarmId ?? null).toBe(cell.sounds ? id : null);
    const listed = h.engine.list().find((a) => a.alarmId === id);
    expect(listed !== undefined && isFlashing(listed)).toBe(cell.flashes);
  });

  it(`${cell.escalates ? 'escalates to level 3 by 60 s' : 'never escalates'}`, async () => {
    const { h, id } = await enter(cell);
    h.runUntil(600_000, 1_000);
    expect(h.escalations.filter((e) => e.alarmId === id).map((e) => e.level)).toEqual(cell.escalates ? [2, 3] : []);
  });

  it(`a nurse's acknowledgement: ${cell.acknowledge}`, async () => {
    const { h, id } = await enter(cell);
    if (cell.acknowledge === 'applied') {
      await expect(h.engine.acknowledge(id, nurseAck())).resolves.toMatchObject({ applied: true });
      // Audio off and escalation stopped; still listed (a latched one until reset).
      expect(h.engine.auditory()).toBeNull();
      expect(h.engine.list().find((a) => a.alarmId === id)).toMatchObject({ acknowledged: true, state: cell.condition === 'ended' ? 'resolved' : 'acknowledged' });
      h.runUntil(600_000, 1_000);
      expect(h.escalations).toEqual([]);
    } else {
      expect(await refusal(h.engine.acknowledge(id, nurseAck()))).toBe(cell.acknowledge);
    }
  });

  it(`a charge nurse's alarm reset: ${cell.afterReset}`, async () => {
    const { h, id } = await enter(cell);
    await h.engine.resetAlarms(chargeReset());
    const listed = h.engine.list().some((a) => a.alarmId === id);
    expect(listed).toBe(cell.afterReset === 'stays');
    // A latched alarm leaves the list only through the reset; an active condition only by ending.
    if (cell.afterReset === 'stays') {
      h.engine.deviceAlarm({ bedId: 'bed-1', code: CODE, message: 'Apnea', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'apnea-1', latching: cell.latching });
      expect(h.engine.list().some((a) => a.alarmId === id)).toBe(cell.latching);
    }
  });
});

describe('alarm state: ended, acknowledged after the end, latching', () => {
  it('is the same cell as acknowledged before the end: listed resolved and acknowledged, silent, not escalating, cleared by reset', async () => {
    const cell = TABLE.find((c) => c.condition === 'ended' && c.acknowledged && c.latching)!;
    const { h, id } = await enter(cell, false);
    expect(h.engine.list()).toEqual([expect.objectContaining({ alarmId: id, state: 'resolved', acknowledged: true })]);
    expect(h.engine.auditory()).toBeNull();
    h.runUntil(600_000, 1_000);
    expect(h.escalations).toEqual([]);
    await h.engine.resetAlarms(chargeReset());
    expect(h.engine.list()).toEqual([]);
  });
});
