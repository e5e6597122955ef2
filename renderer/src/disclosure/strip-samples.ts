import { SAMPLE_RATE_HZ, type WaveformChannel } from '../../../shared/domain/channel';
import type { Strip } from '../../../shared/disclosure/review-schemas';

/** One decoded stretch of contiguous samples. */
export interface DecodedRun {
  t0: number;
  periodMs: number;
  samples: Float32Array;
  leadOff: boolean;
}

/** The strip's base64 float32 runs as typed arrays (little-endian, as every platform we run on). */
export function decodeStrip(strip: Strip): Record<WaveformChannel, DecodedRun[]> {
  const out = { ecg: [], pleth: [], resp: [] } as Record<WaveformChannel, DecodedRun[]>;
  for (const channel of Object.keys(out) as WaveformChannel[]) {
    for (const run of strip.channels[channel] ?? []) {
      const binary = atob(run.samples);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      out[channel].push({ t0: run.t0, periodMs: 1000 / SAMPLE_RATE_HZ[channel], samples: new Float32Array(bytes.buffer), leadOff: run.leadOff });
    }
  }
  return out;
}

/** The sample value nearest to a time, or null where nothing was recorded. */
export function valueAt(runs: readonly DecodedRun[], t: number): number | null {
  for (const run of runs) {
    const i = Math.round((t - run.t0) / run.periodMs);
    if (i >= 0 && i < run.samples.length) return run.samples[i]!;
  }
  return null;
}
