import { describe, expect, it } from 'vitest';
import { UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';
import { BedSchema } from '../../../../shared/domain/bed';
import { NUMERIC_KINDS, NumericSchema } from '../../../../shared/domain/numeric';
import { run, START } from './recording';

const NIBP_MS = 15 * 60_000;

describe('numerics', () => {
  it('each bed reports every kind about once per second, valid and properly rounded', () => {
    const sim = new UnitSimulator({ beds: 8, seed: 2, startAt: START });
    const rec = run(sim, START, START + 60_000, 40);
    for (let bed = 0; bed < 8; bed++) {
      const reports = rec.numerics.filter((n) => n.bedIndex === bed);
      expect(reports).toHaveLength(60);
      const times = reports.map((r) => r.numerics[0]!.measuredAt);
      times.slice(1).forEach((t, i) => expect(t - times[i]!).toBe(1000));
      expect(times[0]! - START).toBeGreaterThan(0);
      expect(times[0]! - START).toBeLessThan(1000);
    }
    // Beds report at different instants within the second.
    expect(new Set(rec.numerics.slice(0, 8).map((n) => n.numerics[0]!.measuredAt % 1000)).size).toBe(8);
    const bed0 = rec.numerics.filter((n) => n.bedIndex === 0);
    expect(bed0[0]!.numerics.map((n) => n.kind)).toEqual(NUMERIC_KINDS);
    for (const { numerics } of rec.numerics) {
      for (const n of numerics) {
        expect(NumericSchema.parse(n)).toEqual(n);
        if (n.kind === 'temp') expect(Math.round(n.value! * 10) / 10).toBe(n.value);
        else if (n.kind.startsWith('nibp') === false) expect(Number.isInteger(n.value)).toBe(true);
      }
    }
  });

  it('stays inside plausible ward ranges without a scenario', () => {
    const sim = new UnitSimulator({ beds: 16, seed: 31, startAt: START });
    const rec = run(sim, START, START + 10 * 60_000, 1000);
    const all = rec.numerics.flatMap((n) => n.numerics);
    const range = (kind: string) => {
      const values = all.filter((n) => n.kind === kind).map((n) => n.value as number);
      return [Math.min(...values), Math.max(...values)];
    };
    const [hrLo, hrHi] = range('hr');
    expect(hrLo).toBeGreaterThanOrEqual(55);
    expect(hrHi).toBeLessThanOrEqual(100);
    expect(range('spo2')[0]).toBeGreaterThanOrEqual(94);
    expect(range('spo2')[1]).toBeLessThanOrEqual(100);
    expect(range('rr')[0]).toBeGreaterThanOrEqual(10);
    expect(range('rr')[1]).toBeLessThanOrEqual(22);
    expect(range('temp')[0]).toBeGreaterThanOrEqual(36.2);
    expect(range('temp')[1]).toBeLessThanOrEqual(37.6);
  });

  it('NIBP is measured every 15 min, the first at start, staggered by bed, with a consistent mean', () => {
    const sim = new UnitSimulator({ beds: 4, seed: 5, startAt: START });
    const rec = run(sim, START, START + 31 * 60_000, 1000);
    const firsts: number[] = [];
    for (let bed = 0; bed < 4; bed++) {
      const sys = rec.values(bed, 'nibpSys');
      const dia = rec.values(bed, 'nibpDia');
      const mean = rec.values(bed, 'nibpMean');
      const times = [...new Set(sys.map((v) => v.measuredAt))];
      expect(times).toHaveLength(3);
      expect(times[1]! - times[0]!).toBe(NIBP_MS);
      expect(times[2]! - times[1]!).toBe(NIBP_MS);
      firsts.push(times[0]!);
      // Three values of one measurement always travel together.
      sys.forEach((s, i) => {
        expect(dia[i]!.measuredAt).toBe(s.measuredAt);
        expect(mean[i]!.measuredAt).toBe(s.measuredAt);
        const expected = dia[i]!.value! + (s.value! - dia[i]!.value!) / 3;
        expect(Math.abs(mean[i]!.value! - expected)).toBeLessThanOrEqual(0.5);
        expect(s.value! - dia[i]!.value!).toBeGreaterThanOrEqual(25);
        expect(s.value!).toBeGreaterThanOrEqual(85);
        expect(s.value!).toBeLessThanOrEqual(160);
      });
    }
    expect(firsts[0]).toBe(START);
    expect(new Set(firsts).size).toBe(4);
    expect(Math.max(...firsts) - START).toBeLessThan(60_000);
    // Values differ from one measurement to the next.
    expect(new Set(rec.values(0, 'nibpSys').map((v) => v.value)).size).toBeGreaterThan(1);
  });

  it('names beds and pseudonymous patients the way the wall expects', () => {
    const sim = new UnitSimulator({ beds: 64, seed: 77, startAt: START });
    expect(sim.beds).toHaveLength(64);
    expect(sim.beds[0]).toMatchObject({ bedId: 'bed-01', label: 'Bed 1', patient: { reference: 'SIM-77-1' } });
    expect(sim.beds[63]).toMatchObject({ bedId: 'bed-64', label: 'Bed 64', patient: { reference: 'SIM-77-64' } });
    for (const bed of sim.beds) {
      expect(BedSchema.parse(bed)).toEqual(bed);
      expect(bed.patient?.alias).toMatch(/^[A-Z]{2}$/);
    }
    expect(new Set(sim.beds.map((b) => b.patient?.alias)).size).toBeGreaterThan(40);
    expect(new UnitSimulator({ beds: 64, seed: 77, startAt: 0 }).beds).toEqual(sim.beds);
  });

  it('rejects impossible options', () => {
    expect(() => new UnitSimulator({ beds: 0, seed: 1, startAt: START })).toThrow(/beds/);
    expect(() => new UnitSimulator({ beds: 65, seed: 1, startAt: START })).toThrow(/beds/);
    expect(() => new UnitSimulator({ beds: 4, seed: -1, startAt: START })).toThrow(/seed/);
    expect(() => new UnitSimulator({ beds: 4, seed: 1, startAt: NaN })).toThrow(/startAt/);
    expect(() => new UnitSimulator({ beds: 4, seed: 1, startAt: START }).trueHeartRate(4)).toThrow(/index 4/);
  });
});
