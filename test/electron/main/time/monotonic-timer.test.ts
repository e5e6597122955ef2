import { describe, expect, it } from 'vitest';
import { afterMonotonic } from '../../../../electron/main/time/monotonic-timer';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

describe.each(HOUR_STEPS)('afterMonotonic with the wall clock set an hour %s', (_direction, step) => {
  it('fires once the monotonic delay is up, not sooner, and only once', async () => {
    const clock = new FakeClock();
    let fired = 0;
    afterMonotonic(clock, 10 * 60_000, () => fired++, { recheckMs: 2 });
    clock.stepWall(step);
    clock.advance(10 * 60_000 - 1);
    await settle();
    expect(fired).toBe(0);
    clock.advance(1);
    await settle();
    expect(fired).toBe(1);
    clock.advance(60 * 60_000);
    await settle();
    expect(fired).toBe(1);
  });
});

describe('afterMonotonic', () => {
  it('never calls back synchronously, even when already due, and not at all once cancelled', async () => {
    const clock = new FakeClock();
    let fired = 0;
    afterMonotonic(clock, 0, () => fired++);
    expect(fired).toBe(0);
    await settle();
    expect(fired).toBe(1);
    const timer = afterMonotonic(clock, 5, () => fired++, { recheckMs: 2 });
    clock.advance(5);
    timer.cancel();
    await settle();
    expect(fired).toBe(1);
  });

  it('on the system clock it never fires before the delay', async () => {
    const started = performance.now();
    const at = await new Promise<number>((resolve) => afterMonotonic({ monotonic: () => performance.now(), wall: Date.now }, 30, () => resolve(performance.now())));
    expect(at - started).toBeGreaterThanOrEqual(30);
  });
});
