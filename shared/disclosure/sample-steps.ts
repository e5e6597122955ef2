import type { WaveformChannel } from '../domain/channel';

/**
 * The ADC step of each waveform channel: the resolution a 12-bit monitor
 * front end delivers (docs: shared/guide targets, "ECG at 250 Hz with 12-bit
 * samples"). The simulator quantises to these steps like a real device, the
 * recorder stores multiples of them as integers (losslessly: any sample that
 * is not an exact multiple is stored as its float32 bits instead), and the
 * WFDB export uses them as its gains.
 *
 * - ECG: 5 µV, i.e. 200 ADC units per mV as in the MIT-BIH Arrhythmia
 *   Database; 12 bits span ±10.24 mV.
 * - Pleth (normalised 0..1): 1/4096, 12 bits over the unit range.
 * - Resp (normalised −1..1): 1/2048, 12 bits over that range.
 * The last two are powers of two, so k × step is exact in float32.
 */
export const SAMPLE_STEP: Readonly<Record<WaveformChannel, number>> = {
  ecg: 0.005,
  pleth: 1 / 4096,
  resp: 1 / 2048,
};

/** Physical units per channel, for the WFDB header and the print-out. */
export const SAMPLE_UNITS: Readonly<Record<WaveformChannel, string>> = { ecg: 'mV', pleth: 'NU', resp: 'NU' };

/** The float32 value a sample of `k` steps has (what the simulator emits and the recorder decodes); never −0, which an ADC does not produce. */
export function stepValue(k: number, step: number): number {
  return Math.fround(k * step) + 0;
}

/** The integer step count of a value, or null when the value is not an exact multiple of the step (in float32). */
export function stepsOf(value: number, step: number): number | null {
  const k = Math.round(value / step);
  return Math.fround(k * step) === value && Math.abs(k) <= 0x3fffffff ? k : null;
}
