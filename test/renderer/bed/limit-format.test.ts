import { describe, expect, it } from 'vitest';
import { formatDelay, formatLimitValue, limitUnit } from '../../../renderer/src/bed/limit-format';

describe('limit display', () => {
  it('shows "off" for a missing limit and never rounds', () => {
    expect(formatLimitValue('spo2', null)).toBe('off');
    expect(formatLimitValue('spo2', 89.5)).toBe('89.5');
    expect(formatLimitValue('hr', 120)).toBe('120');
  });

  it('shows temperatures with a decimal', () => {
    expect(formatLimitValue('temp', 36)).toBe('36.0');
    expect(formatLimitValue('temp', 38.25)).toBe('38.25');
  });

  it('names units and delays', () => {
    expect(limitUnit('nibpSys')).toBe('mmHg');
    expect(formatDelay(0)).toBe('none');
    expect(formatDelay(10_000)).toBe('10 s');
    expect(formatDelay(2_500)).toBe('2.5 s');
  });
});
