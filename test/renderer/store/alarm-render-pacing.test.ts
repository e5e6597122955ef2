import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlarmRenderPacing, FLOOD_UPDATES, FLOOD_WINDOW_MS } from '../../../renderer/src/store/alarm-render-pacing';

describe('alarm render pacing', () => {
  let t = 0;
  let draws = 0;
  let pacing: AlarmRenderPacing;
  beforeEach(() => {
    vi.useFakeTimers();
    t = 0;
    draws = 0;
    pacing = new AlarmRenderPacing(() => draws++, () => t);
  });
  afterEach(() => vi.useRealTimers());
  const at = (ms: number) => {
    vi.advanceTimersByTime(ms - t);
    t = ms;
  };

  it('draws every update at once at a normal pace (the alarm-latency target leaves no time to wait)', () => {
    for (let i = 0; i < 40; i++) {
      at(i * 60);
      pacing.applied(false);
      expect(draws).toBe(i + 1);
    }
  });

  it('in a flood draws what is not urgent at most every 250 ms, and nothing gathered is lost', () => {
    for (let i = 0; i < 100; i++) {
      at(i * 10); // 100 updates a second
      pacing.applied(false);
    }
    // The first FLOOD_UPDATES went at once; the rest of a second's worth in ~4 draws.
    expect(draws).toBeLessThanOrEqual(FLOOD_UPDATES + Math.ceil(1000 / FLOOD_WINDOW_MS) + 1);
    const before = draws;
    at(990 + FLOOD_WINDOW_MS);
    expect(draws).toBe(before + 1); // what was gathered at the end is drawn, not kept
  });

  it('an urgent update (a HIGH, the auditory signal) is drawn at once even in a flood', () => {
    for (let i = 0; i < 50; i++) {
      at(i * 10);
      pacing.applied(false);
    }
    const before = draws;
    at(505);
    pacing.applied(true);
    expect(draws).toBe(before + 1);
  });
});
