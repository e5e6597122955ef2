/**
 * Bundled into a blank Chromium page by alarm-audio.spec.ts: renders alarm
 * bursts with an OfflineAudioContext through the app's own synthesis code and
 * measures them from the samples, so the assertions judge the real output.
 */
import type { AlarmPriority } from '../../../../shared/domain/alarm-condition';
import { BURST_PATTERNS, burstPeriodMs } from '../../../../renderer/src/audio/iec-burst-patterns';
import { scheduleBurst } from '../../../../renderer/src/audio/pulse-synth';

const RATE = 48_000;

export interface BurstMeasurement {
  pulses: Array<{ startMs: number; durationMs: number }>;
  spacingsMs: number[];
  burstIntervalMs: number | null;
  fundamentalHz: number;
  harmonicLevelsDb: Array<{ hz: number; db: number }>;
  pulsePeakDb: number[];
}

async function render(priority: AlarmPriority, bursts: number): Promise<Float32Array> {
  const pattern = BURST_PATTERNS[priority];
  const period = (burstPeriodMs(pattern) ?? 0) / 1000;
  const length = Math.ceil((0.1 + period * (bursts - 1) + 4) * RATE);
  const context = new OfflineAudioContext({ numberOfChannels: 1, length, sampleRate: RATE });
  for (let i = 0; i < bursts; i++) scheduleBurst(context, context.destination, pattern, 0.1 + i * period, 1);
  return (await context.startRendering()).getChannelData(0);
}

/** Pulses from a 4 ms RMS envelope, edges at half of the peak envelope (50 % amplitude points). */
function findPulses(samples: Float32Array): Array<{ start: number; end: number }> {
  const win = Math.round(RATE * 0.004);
  const env: number[] = [];
  for (let i = 0; i + win <= samples.length; i += win) {
    let sum = 0;
    for (let j = i; j < i + win; j++) sum += samples[j]! * samples[j]!;
    env.push(Math.sqrt(sum / win));
  }
  const threshold = Math.max(...env) / 2;
  const pulses: Array<{ start: number; end: number }> = [];
  let open = -1;
  env.forEach((v, k) => {
    if (v >= threshold && open < 0) open = k;
    if (v < threshold && open >= 0) {
      pulses.push({ start: open * win, end: k * win });
      open = -1;
    }
  });
  // Envelope ripple on a ramp can split one pulse; real gaps are ≥ 50 ms.
  const merged: Array<{ start: number; end: number }> = [];
  for (const p of pulses) {
    const last = merged[merged.length - 1];
    if (last && p.start - last.end < RATE * 0.02) last.end = p.end;
    else merged.push({ ...p });
  }
  return merged;
}

/** Magnitude of one frequency (Hann-windowed DFT bin) over a sample range. */
function magnitude(samples: Float32Array, from: number, to: number, hz: number): number {
  let re = 0;
  let im = 0;
  const n = to - from;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const phase = (2 * Math.PI * hz * i) / RATE;
    re += samples[from + i]! * w * Math.cos(phase);
    im -= samples[from + i]! * w * Math.sin(phase);
  }
  return Math.hypot(re, im) / n;
}

async function measure(priority: AlarmPriority): Promise<BurstMeasurement> {
  const pattern = BURST_PATTERNS[priority];
  const repeats = burstPeriodMs(pattern) === null ? 1 : 2;
  const samples = await render(priority, repeats);
  const found = findPulses(samples);
  const perBurst = pattern.pulseStartsMs.length;
  const pulses = found.map((p) => ({ startMs: (p.start / RATE) * 1000, durationMs: ((p.end - p.start) / RATE) * 1000 }));
  const first = found.slice(0, perBurst);
  const spacingsMs = first.slice(1).map((p, i) => ((p.start - first[i]!.end) / RATE) * 1000);
  const burstIntervalMs = found.length > perBurst ? ((found[perBurst]!.start - found[perBurst - 1]!.end) / RATE) * 1000 : null;

  // Spectrum of the steady middle of the first pulse: scan 100–1200 Hz for the fundamental.
  const p0 = first[0]!;
  const mid0 = p0.start + Math.round((p0.end - p0.start) * 0.2);
  const mid1 = p0.end - Math.round((p0.end - p0.start) * 0.2);
  let fundamentalHz = 0;
  let best = 0;
  for (let hz = 100; hz <= 1200; hz += 2) {
    const m = magnitude(samples, mid0, mid1, hz);
    if (m > best) {
      best = m;
      fundamentalHz = hz;
    }
  }
  const harmonicLevelsDb: Array<{ hz: number; db: number }> = [];
  for (let k = 1; k * fundamentalHz <= 4000; k++) {
    const hz = k * fundamentalHz;
    harmonicLevelsDb.push({ hz, db: 20 * Math.log10(magnitude(samples, mid0, mid1, hz) / best) });
  }
  const pulsePeakDb = first.map((p) => {
    let peak = 0;
    for (let i = p.start; i < p.end; i++) peak = Math.max(peak, Math.abs(samples[i]!));
    return 20 * Math.log10(peak);
  });
  return { pulses, spacingsMs, burstIntervalMs, fundamentalHz, harmonicLevelsDb, pulsePeakDb };
}

(window as unknown as { measureBurst: typeof measure }).measureBurst = measure;
