import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, formatLocalHourMinute, formatLocalTime, localInputToUtcMs, toLocalInputValue } from '../../../renderer/src/review/local-time';

describe('local time on review screens', () => {
  it('writes the full local date and time with seconds, zero-padded', () => {
    const at = new Date(2024, 0, 7, 3, 12, 5).getTime();
    expect(formatLocalDateTime(at)).toBe('2024-01-07 03:12:05');
  });

  it('writes 24-hour local times for the wall, zero-padded', () => {
    const at = new Date(2024, 0, 7, 15, 4, 9).getTime();
    expect(formatLocalTime(at)).toBe('15:04:09');
    expect(formatLocalHourMinute(at)).toBe('15:04');
    expect(formatLocalTime(new Date(2024, 0, 7, 0, 0, 0).getTime())).toBe('00:00:00');
  });

  it('reads datetime-local values as local time, with or without seconds', () => {
    expect(localInputToUtcMs('2024-01-07T03:12')).toBe(new Date(2024, 0, 7, 3, 12).getTime());
    expect(localInputToUtcMs('2024-01-07T03:12:30')).toBe(new Date(2024, 0, 7, 3, 12, 30).getTime());
    expect(localInputToUtcMs('2024-01-07T03:12:30.250')).toBe(new Date(2024, 0, 7, 3, 12, 30).getTime());
  });

  it('treats empty as no bound and rejects what is not a real time', () => {
    expect(localInputToUtcMs('')).toBeNull();
    expect(localInputToUtcMs('  ')).toBeNull();
    expect(localInputToUtcMs('yesterday')).toBeNaN();
    expect(localInputToUtcMs('2024-02-31T00:00')).toBeNaN();
  });

  it('round-trips through the input format at minute precision', () => {
    const at = new Date(2023, 11, 31, 23, 59).getTime();
    expect(localInputToUtcMs(toLocalInputValue(at))).toBe(at);
  });
});
