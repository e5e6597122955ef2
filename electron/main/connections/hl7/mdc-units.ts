import type { NumericKind } from '../../../../shared/domain/numeric';

/**
 * OBX-6 units → the station's unit for each numeric kind (NUMERIC_UNIT).
 * A value is only used when its unit is recognised: a temperature in °F read
 * as °C, or NIBP in kPa read as mmHg, would be a plausible-looking wrong
 * number – worse than no number. Units are recognised by MDC code (OBX-6.1
 * with coding system MDC), MDC mnemonic (OBX-6.2) or UCUM code; converted
 * values are rounded to what the tile shows.
 *
 * MDC dimension codes (partition 4 = 262144 + term), cross-checked with the
 * Philips IntelliVue NOM_DIM_* list: BEAT_PER_MIN 2720, RESP_PER_MIN 2784,
 * PERCENT 544, MMHG 3872, KILO_PASCAL 3843, DEGC 6048, FAHR 4416.
 */
type Unit = 'bpm' | 'rpm' | '%' | 'mmHg' | 'kPa' | 'degC' | 'degF';

const BY_CODE = new Map<string, Unit>([
  ['264864', 'bpm'],
  ['264928', 'rpm'],
  ['262688', '%'],
  ['266016', 'mmHg'],
  ['265987', 'kPa'],
  ['268192', 'degC'],
  ['266560', 'degF'],
]);

const BY_NAME = new Map<string, Unit>([
  ['MDC_DIM_BEAT_PER_MIN', 'bpm'],
  ['MDC_DIM_RESP_PER_MIN', 'rpm'],
  ['MDC_DIM_PERCENT', '%'],
  ['MDC_DIM_MMHG', 'mmHg'],
  ['MDC_DIM_KILO_PASCAL', 'kPa'],
  ['MDC_DIM_DEGC', 'degC'],
  ['MDC_DIM_FAHR', 'degF'],
  // UCUM (case-sensitive in UCUM; vendors are not, so compared upper-cased).
  ['/MIN', 'bpm'],
  ['{BEATS}/MIN', 'bpm'],
  ['{BEAT}/MIN', 'bpm'],
  ['BPM', 'bpm'],
  ['{BREATHS}/MIN', 'rpm'],
  ['{BREATH}/MIN', 'rpm'],
  ['{RESP}/MIN', 'rpm'],
  ['RPM', 'rpm'],
  ['%', '%'],
  ['MM[HG]', 'mmHg'],
  ['MMHG', 'mmHg'],
  ['KPA', 'kPa'],
  ['CEL', 'degC'],
  ['DEGC', 'degC'],
  ['[DEGF]', 'degF'],
]);

/** Which units each kind accepts and how to bring them to the station unit. */
const ACCEPTS: Record<NumericKind, Partial<Record<Unit, (v: number) => number>>> = {
  hr: { bpm: (v) => v },
  pulseRate: { bpm: (v) => v },
  // '/min' (UCUM for "per minute") is ambiguous between beats and breaths: fine for RR.
  rr: { rpm: (v) => v, bpm: (v) => v },
  spo2: { '%': (v) => v },
  nibpSys: { mmHg: (v) => v, kPa: (v) => Math.round(v * 7.50062) },
  nibpDia: { mmHg: (v) => v, kPa: (v) => Math.round(v * 7.50062) },
  nibpMean: { mmHg: (v) => v, kPa: (v) => Math.round(v * 7.50062) },
  temp: { degC: (v) => v, degF: (v) => Math.round(((v - 32) * 5) / 9 * 10) / 10 },
};

/**
 * `components` = OBX-6 (CWE: code ^ text ^ system ^ alt code ^ alt text ^ alt system).
 * Returns the converter to the station unit, or null if the unit is not one
 * this kind may come in.
 */
export function unitConverter(kind: NumericKind, components: readonly string[]): ((v: number) => number) | null {
  const candidates: Unit[] = [];
  for (const i of [0, 3]) {
    const code = (components[i] ?? '').trim();
    const text = (components[i + 1] ?? '').trim().toUpperCase();
    const system = (components[i + 2] ?? '').trim().toUpperCase();
    const byCode = system === 'MDC' || system === '' ? BY_CODE.get(code) : undefined;
    if (byCode) candidates.push(byCode);
    const byName = BY_NAME.get(code.toUpperCase()) ?? BY_NAME.get(text);
    if (byName) candidates.push(byName);
  }
  if (candidates.length === 0) return null;
  // Parts of one OBX-6 that name different units: we cannot tell which is meant.
  if (candidates.some((u) => u !== candidates[0]) && !candidates.every((u) => u === 'bpm' || u === 'rpm')) return null;
  return ACCEPTS[kind][candidates[0]!] ?? null;
}
