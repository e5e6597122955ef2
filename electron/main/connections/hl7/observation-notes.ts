/**
 * What happened to individual rows of an accepted message: not reasons to
 * refuse it, but worth counting (a vendor sending codes we do not know, or a
 * bed whose SpO2 is invalid all night, shows up in the counters).
 */
export const IGNORED_OBSERVATIONS = ['unknown-code', 'device-structure', 'duplicate'] as const;
export type IgnoredObservation = (typeof IGNORED_OBSERVATIONS)[number];

/** Why a delivered numeric carries `value: null` (the tile shows dashes). */
export const INVALIDATED_VALUES = ['device-flag', 'out-of-range', 'no-value', 'demo-data'] as const;
export type InvalidatedValue = (typeof INVALIDATED_VALUES)[number];

/** A device alarm field the listener had to fill in conservatively. */
export const ALARM_REPAIRS = ['priority-missing', 'phase-missing'] as const;
export type AlarmRepair = (typeof ALARM_REPAIRS)[number];

export interface ObservationNotes {
  ignored: Record<IgnoredObservation, number>;
  invalidated: Record<InvalidatedValue, number>;
  repaired: Record<AlarmRepair, number>;
}

export function emptyNotes(): ObservationNotes {
  return {
    ignored: { 'unknown-code': 0, 'device-structure': 0, duplicate: 0 },
    invalidated: { 'device-flag': 0, 'out-of-range': 0, 'no-value': 0, 'demo-data': 0 },
    repaired: { 'priority-missing': 0, 'phase-missing': 0 },
  };
}
