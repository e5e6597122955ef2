import { describe, expect, it } from 'vitest';
import type { AlarmPriority } from '../../../../shared/domain/alarm-condition';
import type { BedScenarioKind } from '../../../../electron/main/simulator/scenarios';
import { createSimulatedFeed } from '../../../../electron/main/connections/simulated-feed';
import { HOUR_STEPS } from '../../../support/fake-clock';
import { harness } from '../alarms/alarm-test-kit';

/**
 * Every alarm priority can be demonstrated from the simulator: its scenarios
 * run through the real alarm engine on the default (adult) limit profile, as
 * the station wires them, and each raises the priority it is there for – alone,
 * so a trainer (or an e2e test) hears and sees that priority's signals.
 */
const BEDS = ['bed-01', 'bed-02'];

/** `wallStep`: the system clock set by this much, once, a minute into the scenario. */
function runScenario(scenario: BedScenarioKind, seed: number, minutes: number, wallStep = 0) {
  const h = harness({ beds: BEDS });
  // The simulator as the station wires it: its own sender, running on the station's monotonic clock.
  const feed = createSimulatedFeed({ beds: BEDS.length, seed, clock: h.clock });
  feed.triggerScenario!({ scenario, bedId: 'bed-02', seed: seed * 7 + 1 });
  const raisedAt = new Map<string, number>();
  while (h.elapsed() < minutes * 60_000) {
    h.clock.advance(250);
    if (h.elapsed() === 60_000) h.clock.stepWall(wallStep);
    for (const { bedIndex, numerics } of feed.pull().numerics) h.engine.observeNumerics(BEDS[bedIndex]!, numerics);
    h.engine.tick();
    for (const a of h.engine.list()) if (!raisedAt.has(a.code)) raisedAt.set(a.code, h.elapsed());
  }
  return { h, raisedAt };
}

describe('scenario → alarm priority on the adult profile', () => {
  const cases: Array<[BedScenarioKind, string, AlarmPriority, number]> = [
    ['desaturation', 'SPO2_EXTREME_LOW', 'HIGH', 3],
    ['tachypnoea', 'RR_HIGH', 'MEDIUM', 3],
    ['fever', 'TEMP_HIGH', 'LOW', 8],
  ];
  for (const [scenario, code, priority, minutes] of cases) {
    it.each([1, 2, 3, 4])(`${scenario} raises ${code} (${priority}) and nothing of a higher priority (seed %i)`, (seed) => {
      const { h, raisedAt } = runScenario(scenario, seed, minutes);
      const alarms = h.engine.list();
      const alarm = alarms.find((a) => a.code === code);
      expect(alarm, `${code} raised; got ${JSON.stringify([...raisedAt])}`).toMatchObject({ bedId: 'bed-02', priority, source: 'station', state: 'active' });
      // Only this bed, and what sounds is this priority: no other alarm outranks or joins it
      // (desaturation's own MEDIUM SpO2 alarm is retired when it deepens to HIGH).
      expect(alarms.filter((a) => a.state === 'active').map((a) => [a.bedId, a.code])).toEqual([['bed-02', code]]);
      expect(h.engine.auditory()).toMatchObject({ alarmId: alarm!.alarmId, priority });
    });
  }

  it('fever is a slow rise: the LOW alarm comes minutes after the trigger, not at once', () => {
    const { raisedAt } = runScenario('fever', 3, 8);
    expect(raisedAt.get('TEMP_HIGH')).toBeGreaterThan(90_000);
  });

  it.each(HOUR_STEPS)('a scenario runs on elapsed time: with the system clock set an hour %s a minute in, fever’s LOW alarm comes exactly when it would have', (_direction, step) => {
    const steady = runScenario('fever', 3, 8).raisedAt.get('TEMP_HIGH');
    expect(steady).toBeGreaterThan(90_000);
    expect(runScenario('fever', 3, 8, step).raisedAt.get('TEMP_HIGH')).toBe(steady);
  });
});
