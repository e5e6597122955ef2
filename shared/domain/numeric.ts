import { z } from 'zod';

/**
 * Numerics a tile shows. NIBP is three values from one cuff measurement, so it
 * is carried as separate kinds that share a measurement time.
 */
export const NUMERIC_KINDS = ['hr', 'spo2', 'pulseRate', 'rr', 'nibpSys', 'nibpDia', 'nibpMean', 'temp'] as const;
export const NumericKindSchema = z.enum(NUMERIC_KINDS);
export type NumericKind = z.infer<typeof NumericKindSchema>;

export const NUMERIC_UNIT: Readonly<Record<NumericKind, string>> = {
  hr: 'bpm',
  spo2: '%',
  pulseRate: 'bpm',
  rr: 'rpm',
  nibpSys: 'mmHg',
  nibpDia: 'mmHg',
  nibpMean: 'mmHg',
  temp: '°C',
};

/**
 * One measured value. `value: null` means the device reports the parameter as
 * invalid right now (e.g. HR while the ECG lead is off): the tile shows dashes,
 * never the last good number.
 */
export const NumericSchema = z.object({
  kind: NumericKindSchema,
  value: z.number().finite().nullable(),
  /**
   * Epoch ms at which it was measured (NIBP can be minutes old), on the
   * clock of whoever sent it: the device's or gateway's clock on the wire,
   * the station's own wall clock in what the station sends its views.
   */
  measuredAt: z.number().int().nonnegative(),
});
export type Numeric = z.infer<typeof NumericSchema>;
