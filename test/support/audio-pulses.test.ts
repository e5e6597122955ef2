import { describe, expect, it } from 'vitest';
import { durationMs, findPulses, groupIntoBursts, spacingMs } from './audio-pulses';
import { burstViolations, pulseViolations } from './iec-auditory-signals';

/**
 * The meter the audio e2e tests rely on, checked against pulses whose edges
 * are known exactly: it must read 10/50/90 % points where they are, and it
 * must flag the defects the sounder once had (a cut pulse, a step in level).
 */
const RATE = 48_000;
const HARMONICS = [1, 0.8, 0.6, 0.45, 0.35];

/** Linear rise over `ramp`, plateau, linear fall over `fall` (0 = cut), ms; `steps` change the level mid-pulse. */
interface Piece {
  at: number;
  length: number;
  ramp: number;
  fall?: number;
  level?: number;
  step?: { at: number; level: number };
}

function render(pieces: Piece[], totalMs: number, hz = 660): Float32Array {
  const out = new Float32Array(Math.ceil((totalMs / 1000) * RATE));
  for (let i = 0; i < out.length; i++) {
    const t = (i / RATE) * 1000;
    let env = 0;
    for (const p of pieces) {
      const u = t - p.at;
      if (u < 0 || u > p.length) continue;
      const fall = p.fall ?? p.ramp;
      let level = p.level ?? 0.5;
      if (p.step && u >= p.step.at) level = p.step.level;
      env += level * Math.min(1, u / p.ramp, fall === 0 ? 1 : (p.length - u) / fall);
    }
    if (env === 0) continue;
    let w = 0;
    HARMONICS.forEach((a, k) => (w += a * Math.sin(2 * Math.PI * hz * (k + 1) * (i / RATE))));
    out[i] = (env * w) / HARMONICS.reduce((x, y) => x + y, 0);
  }
  return out;
}

const analyse = (samples: Float32Array) => findPulses(samples, { sampleRate: RATE, minFundamentalHz: 440, candidateHz: [440, 520, 660] });

describe('pulse measurement from samples', () => {
  it('reads the 10/50/90 % points of a linear-ramp pulse within 0.3 ms, and its fundamental', () => {
    const [p] = analyse(render([{ at: 100, length: 150, ramp: 22 }], 400));
    // Rise crosses 10/50/90 % at 2.2/11/19.8 ms into the pulse; the fall mirrors it.
    [2.2, 11, 19.8].forEach((at, i) => expect(Math.abs(p!.riseAtMs[i]! - (100 + at))).toBeLessThan(0.3));
    [247.8, 239, 230.2].forEach((at, i) => expect(Math.abs(p!.fallAtMs[i]! - at)).toBeLessThan(0.3));
    expect(durationMs(p!, 1)).toBeCloseTo(128, -0.5);
    expect(p!.riseTimeMs).toBeCloseTo(17.6, -0.5);
    expect(p!.fundamentalHz).toBe(660);
    expect(pulseViolations('HIGH', p!)).toEqual([]);
  });

  it('reads spacing at every level: 65 ms of silence between 22 ms ramps is 69.4/87/104.6 ms', () => {
    const pulses = analyse(render([{ at: 50, length: 150, ramp: 22 }, { at: 265, length: 150, ramp: 22 }], 500));
    expect(pulses).toHaveLength(2);
    [69.4, 87, 104.6].forEach((s, i) => expect(Math.abs(spacingMs(pulses[0]!, pulses[1]!, i) - s)).toBeLessThan(0.5));
  });

  it('flags a pulse cut off mid-plateau: a fall under a millisecond is a click', () => {
    const [p] = analyse(render([{ at: 50, length: 90, ramp: 22, fall: 0 }], 300));
    // The meter resolves an edge to about one period of the waveform (1.5 ms at 660 Hz).
    expect(p!.fallTimeMs).toBeLessThan(2.5);
    expect(pulseViolations('HIGH', p!).some((v) => v.includes('fall'))).toBe(true);
  });

  it('flags a change of level inside a pulse and within a burst', () => {
    // Escalation applied mid-pulse: the level steps up, and the rise is no longer one ramp.
    const [stepped] = analyse(render([{ at: 50, length: 150, ramp: 22, level: 0.3, step: { at: 70, level: 0.6 } }], 300));
    expect(pulseViolations('HIGH', stepped!)).not.toEqual([]);
    // A notch in the plateau (gain briefly taken down and back).
    const notched = analyse(render([{ at: 50, length: 150, ramp: 22, level: 0.6 }, { at: 130, length: 4, ramp: 1, level: -0.4 }], 300));
    expect(notched.flatMap((p) => pulseViolations('HIGH', p)).some((v) => v.includes('plateau'))).toBe(true);
    const two = analyse(render([{ at: 50, length: 200, ramp: 29, level: 0.6 }, { at: 408, length: 200, ramp: 29, level: 0.8 }, { at: 766, length: 200, ramp: 29, level: 0.8 }], 1100, 520));
    expect(burstViolations('MEDIUM', two).some((v) => v.includes('levels'))).toBe(true);
  });

  it('groups pulses into bursts by the silence between them', () => {
    const pieces = [0, 358, 716, 8000, 8358, 8716].map((at) => ({ at: at + 20, length: 200, ramp: 29 }));
    const bursts = groupIntoBursts(analyse(render(pieces, 9000, 520)), 1300);
    expect(bursts.map((b) => b.length)).toEqual([3, 3]);
    expect(burstViolations('MEDIUM', bursts[0]!)).toEqual([]);
  });
});
