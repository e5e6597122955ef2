import type { BurstPattern } from './iec-burst-patterns';

/**
 * Schedules one burst into any BaseAudioContext – the real-time context that
 * sounds the alarm and the OfflineAudioContext the tests measure use exactly
 * this code. One oscillator per pulse with a PeriodicWave carrying the
 * harmonics (a pure sine would not comply), shaped by a gain envelope with
 * the table's rise and fall.
 */
export interface ScheduledBurst {
  /** Context time at which the burst's last pulse ends. */
  endsAt: number;
  /** Stops everything not yet played (priority changed, acknowledged…). */
  cancel(): void;
}

const waveCache = new WeakMap<BaseAudioContext, Map<string, PeriodicWave>>();

function periodicWave(context: BaseAudioContext, harmonics: readonly number[]): PeriodicWave {
  const key = harmonics.join(',');
  let byKey = waveCache.get(context);
  if (!byKey) waveCache.set(context, (byKey = new Map()));
  let wave = byKey.get(key);
  if (!wave) {
    const real = new Float32Array(harmonics.length + 1);
    const imag = new Float32Array(harmonics.length + 1);
    harmonics.forEach((amplitude, i) => (imag[i + 1] = amplitude));
    // Keep our relative amplitudes; we set the overall level with the envelope.
    wave = context.createPeriodicWave(real, imag, { disableNormalization: true });
    byKey.set(key, wave);
  }
  return wave;
}

export function scheduleBurst(
  context: BaseAudioContext,
  destination: AudioNode,
  pattern: BurstPattern,
  startAt: number,
  peakGain: number,
): ScheduledBurst {
  const wave = periodicWave(context, pattern.harmonicAmplitudes);
  // Sum of partial amplitudes: normalise so the waveform peak stays below 1.
  const norm = 1 / pattern.harmonicAmplitudes.reduce((a, b) => a + b, 0);
  const nodes: Array<{ osc: OscillatorNode; env: GainNode }> = [];
  const td = pattern.pulseDurationMs / 1000;
  const rise = pattern.riseMs / 1000;
  const fall = pattern.fallMs / 1000;
  let endsAt = startAt;
  for (const offsetMs of pattern.pulseStartsMs) {
    const t0 = startAt + offsetMs / 1000;
    const osc = new OscillatorNode(context, { frequency: pattern.fundamentalHz });
    osc.setPeriodicWave(wave);
    const env = new GainNode(context, { gain: 0 });
    const level = peakGain * norm;
    env.gain.setValueAtTime(0, t0);
    env.gain.linearRampToValueAtTime(level, t0 + rise);
    env.gain.setValueAtTime(level, t0 + td - fall);
    env.gain.linearRampToValueAtTime(0, t0 + td);
    osc.connect(env).connect(destination);
    osc.start(t0);
    osc.stop(t0 + td + 0.005);
    nodes.push({ osc, env });
    endsAt = t0 + td;
  }
  return {
    endsAt,
    cancel: () => {
      for (const { osc, env } of nodes) {
        try {
          osc.stop();
        } catch {
          // already stopped
        }
        osc.disconnect();
        env.disconnect();
      }
    },
  };
}
