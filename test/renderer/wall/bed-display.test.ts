import { describe, expect, it } from 'vitest';
import type { Numeric } from '../../../shared/domain/numeric';
import { onViewClock, type ShownNumeric } from '../../../renderer/src/store/unit-store';
import { bedDisplayState, numericText } from '../../../renderer/src/wall/bed-display';
import { HOUR_STEPS } from '../../support/fake-clock';

const live = { bedId: 'b', feed: 'live' as const, ecgLeadOff: false, lastDataAt: 0 };
/** A numeric measured at `measuredLocal` on the view's clock (its wall-clock `measuredAt` plays no part in its age). */
const shown = (n: Numeric, measuredLocal: number): ShownNumeric => ({ ...n, measuredLocal });

describe('bedDisplayState', () => {
  it('is live only when both the main process and this view can prove it', () => {
    expect(bedDisplayState(live, false)).toBe('live');
    expect(bedDisplayState(live, true)).toBe('no-data');
    expect(bedDisplayState(live, undefined)).toBe('no-data');
    expect(bedDisplayState({ ...live, feed: 'no-data' }, false)).toBe('no-data');
    expect(bedDisplayState({ ...live, feed: 'unknown' }, false)).toBe('no-data');
    expect(bedDisplayState(undefined, false)).toBe('no-data');
  });
  it('shows lead-off on a live bed', () => {
    expect(bedDisplayState({ ...live, ecgLeadOff: true }, false)).toBe('lead-off');
  });
});

describe('numericText', () => {
  it('formats a current value', () => {
    expect(numericText(shown({ kind: 'hr', value: 72, measuredAt: 1000 }, 1000), 1000, 5000)).toBe('72');
    expect(numericText(shown({ kind: 'temp', value: 36.84, measuredAt: 1000 }, 1000), 1000, 5000, 1)).toBe('36.8');
  });
  it('shows dashes for invalid, missing or old continuous values – never the last number', () => {
    expect(numericText(shown({ kind: 'hr', value: null, measuredAt: 1000 }, 1000), 1000, 5000)).toBe('---');
    expect(numericText(undefined, 1000, 5000)).toBe('---');
    expect(numericText(shown({ kind: 'spo2', value: 97, measuredAt: 1000 }, 1000), 7000, 5000)).toBe('---');
    expect(numericText(shown({ kind: 'spo2', value: 97, measuredAt: 1000 }, 1000), undefined, 5000)).toBe('---');
  });
  it('keeps an episodic NIBP reading (shown with its time)', () => {
    expect(numericText(shown({ kind: 'nibpSys', value: 120, measuredAt: 0 }, 0), 600_000, 5000)).toBe('120');
  });
});

describe('onViewClock', () => {
  it('carries each value’s age (sentAt − measuredAt, the station’s clock) onto this view’s monotonic clock', () => {
    const [hr] = onViewClock([{ kind: 'hr', value: 72, measuredAt: 1_700_000_000_000 - 2_000 }], 1_700_000_000_000, 50_000);
    expect(hr).toEqual({ kind: 'hr', value: 72, measuredAt: 1_700_000_000_000 - 2_000, measuredLocal: 48_000 });
  });

  it.each(HOUR_STEPS)('a continuous value is current for the timeout after it was measured, whatever the station’s wall clock did in between (set %s)', (_direction, step) => {
    const station = 1_700_000_000_000;
    // A value 1 s old, received at view time 10 000; a later batch (of other values) sent after the station's clock was set.
    const [spo2] = onViewClock([{ kind: 'spo2', value: 97, measuredAt: station - 1_000 }], station, 10_000);
    const [hr] = onViewClock([{ kind: 'hr', value: 72, measuredAt: station + step + 3_000 }], station + step + 3_000, 13_000);
    expect(numericText(spo2, 13_000, 5000)).toBe('97');
    expect(numericText(hr, 13_000, 5000)).toBe('72');
    expect(numericText(spo2, 14_001, 5000)).toBe('---');
  });
});
