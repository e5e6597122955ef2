import { describe, expect, it } from 'vitest';
import { bedDisplayState, numericText } from '../../../renderer/src/wall/bed-display';

const live = { bedId: 'b', feed: 'live' as const, ecgLeadOff: false, lastDataAt: 0 };

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
    expect(numericText({ kind: 'hr', value: 72, measuredAt: 1000 }, 1000, 5000)).toBe('72');
    expect(numericText({ kind: 'temp', value: 36.84, measuredAt: 1000 }, 1000, 5000, 1)).toBe('36.8');
  });
  it('shows dashes for invalid, missing or old continuous values – never the last number', () => {
    expect(numericText({ kind: 'hr', value: null, measuredAt: 1000 }, 1000, 5000)).toBe('---');
    expect(numericText(undefined, 1000, 5000)).toBe('---');
    expect(numericText({ kind: 'spo2', value: 97, measuredAt: 1000 }, 7000, 5000)).toBe('---');
    expect(numericText({ kind: 'spo2', value: 97, measuredAt: 1000 }, undefined, 5000)).toBe('---');
  });
  it('keeps an episodic NIBP reading (shown with its time)', () => {
    expect(numericText({ kind: 'nibpSys', value: 120, measuredAt: 0 }, 600_000, 5000)).toBe('120');
  });
});
