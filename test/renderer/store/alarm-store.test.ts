import { afterEach, describe, expect, it, vi } from 'vitest';
import { audioPauseRemainingMs, useAlarmStore } from '../../../renderer/src/store/alarm-store';
import { HOUR_STEPS } from '../../support/fake-clock';

/**
 * AUDIO PAUSED as a view counts it down: what was left when the station sent
 * it (pausedUntil − sentAt, one reading of the station's clock), then this
 * view's monotonic clock. This computer's wall clock plays no part.
 */
afterEach(() => vi.restoreAllMocks());

describe.each(HOUR_STEPS)('the AUDIO PAUSED countdown with this computer’s clock set an hour %s', (_direction, step) => {
  it('ends after the 120 s the station said were left, not an hour early or late', () => {
    let perf = 1_000;
    let wall = 1_700_000_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => perf);
    vi.spyOn(Date, 'now').mockImplementation(() => wall);
    // The station's own clock is 5 min off this computer's: it does not matter either.
    const stationSentAt = 1_700_000_300_000;
    useAlarmStore.getState().applyAlarms({ alarms: [], auditory: null, audioPausedUntil: stationSentAt + 120_000, sentAt: stationSentAt });
    perf += 60_000;
    wall += 60_000 + step;
    expect(audioPauseRemainingMs(useAlarmStore.getState())).toBe(60_000);
    perf += 59_999;
    wall += 59_999;
    expect(audioPauseRemainingMs(useAlarmStore.getState())).toBe(1);
    perf += 1;
    expect(audioPauseRemainingMs(useAlarmStore.getState())).toBe(0);
  });
});

describe('audioPauseRemainingMs', () => {
  it('is null when not paused, and never negative', () => {
    expect(audioPauseRemainingMs({ audioPausedUntil: null, sentAt: 5, receivedAt: 0 }, 10)).toBeNull();
    expect(audioPauseRemainingMs({ audioPausedUntil: 1_000, sentAt: 0, receivedAt: 0 }, 5_000)).toBe(0);
    // A reading taken before the update arrived cannot lengthen it.
    expect(audioPauseRemainingMs({ audioPausedUntil: 121_000, sentAt: 1_000, receivedAt: 500 }, 400)).toBe(120_000);
  });
});
