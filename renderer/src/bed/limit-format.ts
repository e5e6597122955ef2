import type { LimitParameter } from '../../../shared/alarms/limit-parameters';
import { NUMERIC_UNIT } from '../../../shared/domain/numeric';

/**
 * Limits are shown exactly as set (never rounded: 89.5 is not 90), with
 * "off" for a side that has no limit, so nobody reads a missing limit as 0.
 */
export function formatLimitValue(parameter: LimitParameter, value: number | null): string {
  if (value === null) return 'off';
  return parameter === 'temp' && Number.isInteger(value) ? value.toFixed(1) : String(value);
}

export function limitUnit(parameter: LimitParameter): string {
  return NUMERIC_UNIT[parameter];
}

/** The alarm condition delay as people say it: "10 s", or "none". */
export function formatDelay(ms: number): string {
  return ms === 0 ? 'none' : `${ms / 1000} s`;
}
