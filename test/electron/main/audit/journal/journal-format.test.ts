import { describe, expect, it } from 'vitest';
import { isSegmentOf, segmentFileName, segmentNumber } from '../../../../../electron/main/audit/journal/journal-format';

describe('journal segment names', () => {
  it('carry the order they were written in, whatever the time says', () => {
    const later = segmentFileName('ward7', 12, Date.UTC(2026, 0, 15, 1, 0, 0), 'ab12cd34');
    const earlier = segmentFileName('ward7', 11, Date.UTC(2026, 0, 15, 2, 0, 0), 'ffffffff');
    expect(later).toBe('journal-ward7-0000000012-20260115T010000Z-ab12cd34.jsonl');
    expect([segmentNumber('ward7', earlier), segmentNumber('ward7', later)]).toEqual([11, 12]);
    expect(segmentNumber('ward7', `${later}.rejected`)).toBe(12);
    expect(isSegmentOf('ward7', `${later}.rejected`)).toBe(false);
  });

  it('belong to one station only: another whose id starts with the same letters never matches', () => {
    const other = segmentFileName('ward7-east', 3, Date.UTC(2026, 0, 15), '00000000');
    expect(isSegmentOf('ward7', other)).toBe(false);
    expect(segmentNumber('ward7', other)).toBeNull();
    expect(isSegmentOf('ward7-east', other)).toBe(true);
    expect(isSegmentOf('ward7', 'journal-ward7-20260115T010000Z-ab12cd34.jsonl')).toBe(false);
  });
});
