import { z } from 'zod';
import type { NumericKind } from '../domain/numeric';

/**
 * The numerics the station checks against alarm limits. Pulse rate is not
 * among them: it measures the same thing as HR, and two alarms for one cause
 * feed alarm fatigue. When the ECG cannot count HR, the LEAD_OFF technical
 * alarm already tells the nurse that rate monitoring is lost.
 */
export const LIMIT_PARAMETERS = ['hr', 'spo2', 'rr', 'nibpSys', 'nibpDia', 'nibpMean', 'temp'] as const satisfies readonly NumericKind[];
export const LimitParameterSchema = z.enum(LIMIT_PARAMETERS);
export type LimitParameter = z.infer<typeof LimitParameterSchema>;

export function isLimitParameter(kind: string): kind is LimitParameter {
  return (LIMIT_PARAMETERS as readonly string[]).includes(kind);
}

/** Stem of the alarm code (`SPO2` → `SPO2_LOW`, `SPO2_EXTREME_LOW`). */
export const PARAMETER_CODE: Readonly<Record<LimitParameter, string>> = {
  hr: 'HR',
  spo2: 'SPO2',
  rr: 'RR',
  nibpSys: 'NIBP_SYS',
  nibpDia: 'NIBP_DIA',
  nibpMean: 'NIBP_MEAN',
  temp: 'TEMP',
};

/** How the parameter is named in alarm messages. */
export const PARAMETER_LABEL: Readonly<Record<LimitParameter, string>> = {
  hr: 'HR',
  spo2: 'SpO2',
  rr: 'RR',
  nibpSys: 'NIBP sys',
  nibpDia: 'NIBP dia',
  nibpMean: 'NIBP mean',
  temp: 'Temp',
};
