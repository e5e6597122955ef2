/**
 * What happened to individual rows and alerts of a message: not reasons to
 * refuse it, but worth counting (a vendor sending codes we do not know, a
 * bed whose SpO2 is invalid all night, a monitor's keep-alives) shows up in
 * the counters.
 */
export const IGNORED_OBSERVATIONS = ['unknown-code', 'foreign-code', 'device-structure', 'duplicate'] as const;
export type IgnoredObservation = (typeof IGNORED_OBSERVATIONS)[number];

/** Why a delivered numeric carries `value: null` (the tile shows dashes). */
export const INVALIDATED_VALUES = ['device-flag', 'out-of-range', 'no-value', 'demo-data'] as const;
export type InvalidatedValue = (typeof INVALIDATED_VALUES)[number];

/**
 * A device alarm field the listener had to fill in conservatively:
 * priority → HIGH, phase → continue, an event or limit parameter the
 * message does not identify (delivered with a generic, actionable text),
 * a "no alarm" priority on a lethal arrhythmia (delivered anyway).
 */
export const ALARM_REPAIRS = ['priority-missing', 'phase-missing', 'event-unknown', 'limit-parameter-unknown', 'no-alarm-overridden'] as const;
export type AlarmRepair = (typeof ALARM_REPAIRS)[number];

/** PCD-04 alert rows that are deliberately not alarms (IHE PCD TF-2 B.8.5). */
export const NOT_ALARMS = ['keep-alive', 'status', 'no-alarm-priority', 'information'] as const;
export type NotAlarm = (typeof NOT_ALARMS)[number];

export interface ObservationNotes {
  ignored: Record<IgnoredObservation, number>;
  invalidated: Record<InvalidatedValue, number>;
  repaired: Record<AlarmRepair, number>;
  notAlarms: Record<NotAlarm, number>;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptyNotes(): ObservationNotes {
  return { ignored: zeros(IGNORED_OBSERVATIONS), invalidated: zeros(INVALIDATED_VALUES), repaired: zeros(ALARM_REPAIRS), notAlarms: zeros(NOT_ALARMS) };
}
