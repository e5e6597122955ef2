import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import type { AlarmsDelta } from '../../../shared/domain/station-event';
import { FLOOD_UPDATES, FLOOD_WINDOW_MS } from '../../../renderer/src/store/alarm-render-pacing';
import { audioPauseRemainingMs, useAlarmStore } from '../../../renderer/src/store/alarm-store';
import { HOUR_STEPS } from '../../support/fake-clock';

/** Each test is a new run of the station, so the page's one alarm copy takes its full state. */
let runs = 0;

/**
 * AUDIO PAUSED as a view counts it down: what was left when the station sent
 * it (pausedUntil − sentAt, one reading of the station's clock), then this
 * view's monotonic clock. This computer's wall clock plays no part.
 */
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe.each(HOUR_STEPS)('the AUDIO PAUSED countdown with this computer’s clock set an hour %s', (_direction, step) => {
  it('ends after the 120 s the station said were left, not an hour early or late', () => {
    let perf = 1_000;
    let wall = 1_700_000_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => perf);
    vi.spyOn(Date, 'now').mockImplementation(() => wall);
    // The station's own clock is 5 min off this computer's: it does not matter either.
    const stationSentAt = 1_700_000_300_000;
    useAlarmStore.getState().loadAlarms({ stream: `countdown:${++runs}:`, seq: 0, alarms: [], auditory: null, audioPausedUntil: stationSentAt + 120_000, sentAt: stationSentAt });
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

describe('AUDIO PAUSED while the alarm list floods', () => {
  function low(id: string): AlarmCondition {
    return { alarmId: id, bedId: 'bed-1', code: 'C', message: id, source: 'device', priority: 'LOW', latching: false, state: 'active', acknowledged: false, onsetAt: 1, triggerValue: null, limit: null, escalationLevel: 1 };
  }

  it('an update drawn late (paced) counts the pause down from when it arrived, not from when it was drawn', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const stream = `flood:${++runs}:`;
    const sentAt = 1_700_000_000_000;
    const store = useAlarmStore.getState;
    store().loadAlarms({ stream, seq: 0, alarms: [], auditory: null, audioPausedUntil: sentAt + 120_000, sentAt });
    // Non-urgent updates, 1 ms apart: after FLOOD_UPDATES of them the rest wait to be drawn together.
    let seq = 0;
    const delta = (): AlarmsDelta => {
      seq++;
      // Each sent 1 ms later with 1 ms less of the pause left; rounding the two readings moves the end by a millisecond (not a change of the pause).
      return { stream, baseSeq: seq - 1, seq, replace: false, changed: [low(`a${seq}`)], removed: [], auditory: null, audioPausedUntil: sentAt + 120_000 + (seq % 2), sentAt: sentAt + seq };
    };
    for (let i = 0; i <= FLOOD_UPDATES; i++) {
      vi.advanceTimersByTime(1);
      expect(store().applyAlarmDelta(delta())).toBe('applied');
    }
    const arrivedAt = performance.now();
    const drawnSentAt = store().sentAt;
    expect(drawnSentAt).toBeLessThan(sentAt + seq); // the last one is waiting to be drawn
    vi.advanceTimersByTime(FLOOD_WINDOW_MS);
    expect(store().sentAt).toBe(sentAt + seq);
    expect(store().receivedAt).toBe(arrivedAt);
    // What was left when it was sent, less the time since it arrived: never the drawing delay on top.
    expect(audioPauseRemainingMs(store())).toBe(120_000 + (seq % 2) - seq - (performance.now() - arrivedAt));
  });

  it('AUDIO PAUSED starting is drawn at once even in a flood', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const stream = `pause-start:${++runs}:`;
    const sentAt = 1_700_000_000_000;
    const store = useAlarmStore.getState;
    store().loadAlarms({ stream, seq: 0, alarms: [], auditory: null, audioPausedUntil: null, sentAt });
    let seq = 0;
    const delta = (audioPausedUntil: number | null): AlarmsDelta => {
      seq++;
      return { stream, baseSeq: seq - 1, seq, replace: false, changed: [low(`p${seq}`)], removed: [], auditory: null, audioPausedUntil, sentAt: sentAt + seq };
    };
    for (let i = 0; i <= FLOOD_UPDATES; i++) {
      vi.advanceTimersByTime(1);
      store().applyAlarmDelta(delta(null));
    }
    expect(store().sentAt).toBeLessThan(sentAt + seq); // pacing holds what is not urgent
    vi.advanceTimersByTime(1);
    store().applyAlarmDelta(delta(sentAt + 120_000));
    expect(store().audioPausedUntil).toBe(sentAt + 120_000);
    expect(store().sentAt).toBe(sentAt + seq);
  });
});
