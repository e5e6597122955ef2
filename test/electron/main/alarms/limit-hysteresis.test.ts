import { describe, expect, it } from 'vitest';
import { harness, onsets, only } from './alarm-test-kit';

/**
 * Hysteresis: a condition ends only when the value is back inside the limit
 * by the parameter's hysteresis, so a value hovering on the edge raises one
 * alarm, not a stream of onsets and ends (alarm fatigue).
 * Adult SpO2: low 90, hysteresis 1. Adult HR: high 120, hysteresis 2.
 */
describe('limit hysteresis', () => {
  it('SpO2 hovering at the low limit (89, 90, 89, …) for minutes is one alarm that never toggles', () => {
    const h = harness();
    for (let s = 0; s < 180; s++) {
      h.numerics('bed-1', { spo2: s % 2 === 0 ? 89 : 90 });
      h.tick(1_000);
    }
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(1);
    expect(h.audit.entries('alarm.resolved')).toHaveLength(0);
    expect(only(h.engine, 'SPO2_LOW').state).toBe('active');
  });

  it('once raised, the alarm ends only when the value is back inside by the hysteresis', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    const alarm = only(h.engine, 'SPO2_LOW');
    h.numerics('bed-1', { spo2: 90 }); // at the limit: inside, but not by the hysteresis
    h.tick(30_000);
    expect(only(h.engine, 'SPO2_LOW').alarmId).toBe(alarm.alarmId);
    h.numerics('bed-1', { spo2: 91 }); // limit + hysteresis
    expect(h.engine.list()).toEqual([]);
    expect(h.audit.entries('alarm.resolved')).toHaveLength(1);
  });

  it('HR hovering around the high limit (121, 119, 121, …) raises one alarm; 118 ends it', () => {
    const h = harness();
    for (let s = 0; s < 120; s++) {
      h.numerics('bed-1', { hr: s % 2 === 0 ? 121 : 119 });
      h.tick(1_000);
    }
    expect(onsets(h.audit, 'HR_HIGH')).toBe(1);
    expect(h.audit.entries('alarm.resolved')).toHaveLength(0);
    h.numerics('bed-1', { hr: 118 });
    expect(h.engine.list()).toEqual([]);
    expect(onsets(h.audit, 'HR_HIGH')).toBe(1);
  });

  it('a value that keeps crossing well past the hysteresis is a new alarm each time (counted onsets)', () => {
    const h = harness();
    for (let episode = 0; episode < 3; episode++) {
      h.numerics('bed-1', { spo2: 88 });
      h.tick(10_000);
      h.numerics('bed-1', { spo2: 95 });
      h.tick(1_000);
    }
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(3);
    expect(h.audit.entries('alarm.resolved')).toHaveLength(3);
  });

  it('a value that only reaches the hysteresis band (never beyond the limit) starts nothing', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 90, hr: 120 });
    h.tick(120_000);
    expect(h.engine.list()).toEqual([]);
  });
});
