import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import { FLASH_HALF_PERIOD_MS, FlashClock, flashPhase, isFlashing } from '../../../renderer/src/alarms/flash-clock';

const alarm = (priority: AlarmCondition['priority'], state: AlarmCondition['state'], latching = false, acknowledged = state === 'acknowledged'): AlarmCondition => ({
  alarmId: 'a',
  bedId: 'bed-01',
  code: 'X',
  message: 'x',
  source: 'station',
  priority,
  latching,
  state,
  onsetAt: 0,
  triggerValue: null,
  limit: null,
  escalationLevel: 1,
  acknowledged,
});

describe('flash phase', () => {
  it('starts on and alternates every half-period: HIGH 2 Hz and MEDIUM 0.625 Hz, 50 % on (IEC 60601-1-8 Table 1)', () => {
    expect(1000 / (2 * FLASH_HALF_PERIOD_MS.HIGH)).toBe(2);
    expect(1000 / (2 * FLASH_HALF_PERIOD_MS.MEDIUM)).toBe(0.625);
    expect([0, 249, 250, 499, 500].map((t) => flashPhase('HIGH', t))).toEqual(['on', 'on', 'off', 'off', 'on']);
    expect([0, 799, 800, 1599, 1600].map((t) => flashPhase('MEDIUM', t))).toEqual(['on', 'on', 'off', 'off', 'on']);
  });

  it('flashes HIGH and MEDIUM alarms until acknowledged, latched ones too; LOW never', () => {
    expect(isFlashing(alarm('HIGH', 'active'))).toBe(true);
    expect(isFlashing(alarm('MEDIUM', 'active'))).toBe(true);
    expect(isFlashing(alarm('HIGH', 'resolved', true))).toBe(true);
    // Acknowledged, then its condition ended: latched and silent, so steady.
    expect(isFlashing(alarm('HIGH', 'resolved', true, true))).toBe(false);
    expect(isFlashing(alarm('HIGH', 'acknowledged'))).toBe(false);
    expect(isFlashing(alarm('HIGH', 'resolved', false))).toBe(false);
    expect(isFlashing(alarm('LOW', 'active'))).toBe(false);
  });
});

describe('FlashClock', () => {
  let now = 0;
  const target = () => ({ dataset: {} as Record<string, string> }) as unknown as HTMLElement;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
  });
  afterEach(() => vi.useRealTimers());
  const advance = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };

  it('rests at on while nothing flashes, so a new alarm is drawn filled at once', () => {
    const element = target();
    const clock = new FlashClock(element, () => now);
    expect(element.dataset).toEqual({ flashHigh: 'on', flashMedium: 'on' });
    advance(5_000);
    expect(element.dataset).toEqual({ flashHigh: 'on', flashMedium: 'on' });
    clock.dispose();
  });

  it('toggles each rate on its own half-period from the moment something flashes, its timer set from the start (no offset builds up)', () => {
    const element = target();
    const clock = new FlashClock(element, () => now);
    advance(123);
    clock.setFlashing(true);
    // Sampled every 50 ms, between boundaries (the timer wakes just after each one).
    advance(25);
    const seen: string[] = [];
    const expected: string[] = [];
    for (let t = 25; t < 3300; t += 50) {
      seen.push(`${element.dataset['flashHigh']}/${element.dataset['flashMedium']}`);
      expected.push(`${flashPhase('HIGH', t)}/${flashPhase('MEDIUM', t)}`);
      advance(50);
    }
    expect(seen).toEqual(expected);
    expect(seen.slice(0, 7)).toEqual(['on/on', 'on/on', 'on/on', 'on/on', 'on/on', 'off/on', 'off/on']);
    expect(seen[16]).toBe('off/off');
    // After many periods the phase is still exact: the timer is set from the start, not from the last tick.
    advance(60_000 - 3325 + 25);
    expect(element.dataset['flashHigh']).toBe(flashPhase('HIGH', 60_025));
    expect(element.dataset['flashMedium']).toBe(flashPhase('MEDIUM', 60_025));
    clock.dispose();
  });

  it('stops and returns to on when the last flashing alarm is acknowledged', () => {
    const element = target();
    const clock = new FlashClock(element, () => now);
    clock.setFlashing(true);
    advance(260);
    expect(element.dataset['flashHigh']).toBe('off');
    clock.setFlashing(false);
    expect(element.dataset).toEqual({ flashHigh: 'on', flashMedium: 'on' });
    advance(1_000);
    expect(element.dataset).toEqual({ flashHigh: 'on', flashMedium: 'on' });
    expect(vi.getTimerCount()).toBe(0);
    clock.dispose();
  });
});
