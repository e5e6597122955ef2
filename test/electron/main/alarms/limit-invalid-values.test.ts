import { describe, expect, it } from 'vitest';
import { codes, harness, onsets, only } from './alarm-test-kit';

/**
 * `value: null` is the device saying it cannot measure (e.g. HR with ECG
 * lead off). An invalid value neither raises nor clears a limit alarm; the
 * technical alarm (lead off, no data) covers the loss of monitoring.
 */
describe('invalid (null) values', () => {
  it('null never raises an alarm', () => {
    const h = harness();
    h.numerics('bed-1', { hr: null, spo2: null, rr: null, nibpSys: null, temp: null });
    h.tick(600_000);
    expect(h.engine.list()).toEqual([]);
  });

  it('null does not clear a raised alarm', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88, hr: 130 });
    h.tick(10_000);
    const before = h.engine.list().map((a) => [a.alarmId, a.code, a.state]);
    expect(codes(h.engine)).toEqual(['HR_HIGH', 'SPO2_LOW']);
    h.numerics('bed-1', { spo2: null, hr: null });
    h.tick(300_000);
    expect(h.engine.list().map((a) => [a.alarmId, a.code, a.state])).toEqual(before);
    expect(h.audit.entries('alarm.resolved')).toEqual([]);
  });

  it('a pending violation does not mature while the value is invalid', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(3_000);
    h.numerics('bed-1', { spo2: null });
    h.tick(60_000);
    expect(h.engine.list()).toEqual([]);
  });

  it('a pending violation that comes back valid and still beyond continues its episode (no restart of the delay)', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(3_000);
    h.numerics('bed-1', { spo2: null });
    h.tick(20_000);
    h.numerics('bed-1', { spo2: 88 });
    expect(only(h.engine, 'SPO2_LOW').triggerValue).toBe(88);
  });

  it('a valid value back inside after an invalid stretch clears the alarm', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    h.numerics('bed-1', { spo2: null });
    h.tick(10_000);
    h.numerics('bed-1', { spo2: 97 });
    expect(h.engine.list()).toEqual([]);
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(1);
  });

  it('a bed feed that goes silent keeps its limit alarms and cannot mature pending ones', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    h.numerics('bed-1', { hr: 130 }); // pending HR_HIGH
    h.tick(1_000);
    h.bedStatus('bed-1', 'no-data');
    h.tick(120_000);
    expect(codes(h.engine)).toEqual(['SPO2_LOW', 'NO_DATA']);
  });
});
