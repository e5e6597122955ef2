/**
 * Band-limited resampling for the benchmark's real signals: a windowed-sinc
 * (Blackman, 16 zero crossings each side) interpolator with its cut-off at
 * the lower of the two Nyquist frequencies. Linear interpolation would
 * smooth away high-frequency noise and make the codec look better than it
 * is on a real monitor's 250 Hz ECG, so it is deliberately not used.
 */
export function resample(input: Float64Array, fromHz: number, toHz: number): Float64Array {
  if (fromHz === toHz) return input.slice();
  const ratio = toHz / fromHz;
  const cutoff = Math.min(1, ratio); // as a fraction of the input Nyquist
  const zeros = 16;
  const halfWidth = zeros / cutoff;
  const outLength = Math.floor(input.length * ratio);
  const out = new Float64Array(outLength);
  for (let n = 0; n < outLength; n++) {
    const t = n / ratio;
    const first = Math.max(0, Math.ceil(t - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(t + halfWidth));
    let sum = 0;
    let weights = 0;
    for (let k = first; k <= last; k++) {
      const x = (k - t) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * (k - t)) / halfWidth) + 0.08 * Math.cos((2 * Math.PI * (k - t)) / halfWidth);
      const weight = sinc * w * cutoff;
      sum += input[k]! * weight;
      weights += weight;
    }
    out[n] = weights !== 0 ? sum / weights : 0;
  }
  return out;
}

/** Rounds physical values to a step (the 12-bit ADC step of our channel), as integers. */
export function quantize(values: Float64Array, step: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]! / step);
  return out;
}
