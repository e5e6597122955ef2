import type { BurstPattern } from './iec-burst-patterns';

/**
 * Puts pulses on an audio clock – the real-time context that sounds the
 * alarm and the OfflineAudioContext the tests render use exactly this code.
 * One oscillator per pulse with a PeriodicWave carrying the harmonics (a pure
 * sine would not comply), shaped by a gain envelope with the pattern's
 * linear rise and fall. Everything is scheduled in context time, so once a
 * pulse is handed over nothing on the main thread can move or shorten it.
 */
export interface ScheduledPulse {
  /** Context time of the start of the rise and of the end of the fall, s. */
  startsAt: number;
  endsAt: number;
  /**
   * Takes back a pulse that has not started. Only for pulses whose start is
   * safely ahead of the audio thread: stopping one that sounds would cut it
   * (a click), which is why the scheduler never does.
   */
  cancel(): void;
}

export interface ScheduledBurst {
  startsAt: number;
  /** End of the last pulse's fall, s. */
  endsAt: number;
  pulses: ScheduledPulse[];
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

export function schedulePulse(context: BaseAudioContext, destination: AudioNode, pattern: BurstPattern, startsAt: number, peakGain: number): ScheduledPulse {
  const envelope = pattern.envelopeMs / 1000;
  const ramp = pattern.rampMs / 1000;
  // Sum of partial amplitudes: normalise so the waveform peak stays below 1.
  const level = peakGain / pattern.harmonicAmplitudes.reduce((a, b) => a + b, 0);
  const osc = new OscillatorNode(context, { frequency: pattern.fundamentalHz });
  osc.setPeriodicWave(periodicWave(context, pattern.harmonicAmplitudes));
  const env = new GainNode(context, { gain: 0 });
  env.gain.setValueAtTime(0, startsAt);
  env.gain.linearRampToValueAtTime(level, startsAt + ramp);
  env.gain.setValueAtTime(level, startsAt + envelope - ramp);
  env.gain.linearRampToValueAtTime(0, startsAt + envelope);
  osc.connect(env).connect(destination);
  osc.start(startsAt);
  osc.stop(startsAt + envelope + 0.005);
  let cancelled = false;
  return {
    startsAt,
    endsAt: startsAt + envelope,
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      osc.stop();
      osc.disconnect();
      env.disconnect();
    },
  };
}

export function scheduleBurst(context: BaseAudioContext, destination: AudioNode, pattern: BurstPattern, startsAt: number, peakGain: number): ScheduledBurst {
  const pulses = pattern.pulseStartsMs.map((offsetMs) => schedulePulse(context, destination, pattern, startsAt + offsetMs / 1000, peakGain));
  return { startsAt, endsAt: pulses[pulses.length - 1]!.endsAt, pulses };
}
