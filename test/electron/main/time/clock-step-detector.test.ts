import { describe, expect, it } from 'vitest';
import { ClockStepDetector } from '../../../../electron/main/time/clock-step-detector';
import { FakeClock } from '../../../support/fake-clock';

describe('ClockStepDetector', () => {
  it('reports a step of more than 2 s either way, with the wall time after it, once', () => {
    const clock = new FakeClock({ wall: 1_000_000 });
    const steps = new ClockStepDetector(clock);
    clock.advance(40);
    clock.stepWall(3_600_000);
    expect(steps.check()).toEqual({ stepMs: 3_600_000, at: 1_000_040 + 3_600_000 });
    clock.advance(40);
    expect(steps.check()).toBeNull();
    clock.stepWall(-2_001);
    expect(steps.check()).toEqual({ stepMs: -2_001, at: 1_000_080 + 3_600_000 - 2_001 });
  });

  it('ignores time passing however long between checks, and steps of 2 s or less', () => {
    const clock = new FakeClock();
    const steps = new ClockStepDetector(clock);
    clock.advance(600_000);
    expect(steps.check()).toBeNull();
    clock.stepWall(2_000);
    expect(steps.check()).toBeNull();
    clock.stepWall(-2_000);
    expect(steps.check()).toBeNull();
  });
});
