import { describe, expect, it } from 'vitest';
import { SAMPLE_RATE_HZ, type WaveformChannel } from '../../../shared/domain/channel';
import { SEGMENT_FLAG_LEAD_OFF, encodeWaveformFrame } from '../../../shared/waveform/frame';
import { LEAD_OFF_TEXT, SweepRenderer, TRACE_COLORS, WaveformBuffers } from '../../../renderer/src/waveform';
import { FakeCanvas, segmentsOf, type Op } from './fake-canvas';

/** A multiple of the 6 s sweep, so T0 is at x = 0. */
const T0 = 6000 * 283_333_334;
const DELAY = 150;
const W = 100;
const H = 90; // three 30 px bands
const ECG = TRACE_COLORS.ecg;

/**
 * The buffers keep samples on their receive clock; here every segment
 * arrives the moment its newest sample was made, so receive time and
 * sample time are one clock and tests can speak of "the sample at T0 + x".
 */
let receivedNow = 0;
const newBuffers = () => new WaveformBuffers({ receiveClock: () => receivedNow });

/** x on a W px, 6 s sweep of a time relative to T0. */
const xAt = (ms: number) => (((ms / 1000) % 6) / 6) * W;

function setup(opts: { width?: number; dpr?: number } = {}) {
  let now = T0 + DELAY;
  let dpr = opts.dpr ?? 1;
  const buffers = newBuffers();
  const renderer = new SweepRenderer(buffers, { now: () => now, devicePixelRatio: () => dpr });
  const canvas = new FakeCanvas(opts.width ?? W, H);
  renderer.attach(0, canvas);
  return {
    buffers,
    renderer,
    canvas,
    /** Moves the clock so the playout time is T0 + ms. */
    playoutAt(ms: number) {
      now = T0 + ms + DELAY;
    },
    setDpr(value: number) {
      dpr = value;
    },
  };
}

/** Feeds [fromMs, toMs) of a channel as 40 ms segments, like the station's tick. */
function ingest(
  buffers: WaveformBuffers,
  channel: WaveformChannel,
  fromMs: number,
  toMs: number,
  value: (ms: number) => number,
  flags = 0,
  bedIndex = 0,
) {
  const period = 1000 / SAMPLE_RATE_HZ[channel];
  for (let start = fromMs; start < toMs; start += 40) {
    const n = Math.round(Math.min(40, toMs - start) / period);
    const samples = Float32Array.from({ length: n }, (_, i) => value(start + i * period));
    receivedNow = T0 + start + (n - 1) * period;
    buffers.ingestFrame(encodeWaveformFrame([{ bedIndex, channel, flags, firstSampleAt: T0 + start, samples }]));
  }
}

const count = (ops: Op[], op: Op['op'], style?: string) => ops.filter((o) => o.op === op && (style === undefined || o.strokeStyle === style)).length;
const sine = (ms: number) => Math.sin((2 * Math.PI * ms) / 800);

describe('SweepRenderer', () => {
  it('asks for an opaque context and sizes the backing store to the CSS size', () => {
    const { renderer, canvas } = setup({ dpr: 2 });
    renderer.drawFrame();
    expect(canvas.contextOptions).toEqual({ alpha: false });
    expect(canvas.width).toBe(2 * W);
    expect(canvas.height).toBe(2 * H);
  });

  it('leaves the canvas untouched until the sweep has moved a whole pixel, then draws the stretch', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 1000, sine);
    playoutAt(600);
    renderer.drawFrame();
    canvas.ctx.take();
    // 100 px per 6 s: 1 px is 60 ms. 40 ms later nothing would change on screen.
    playoutAt(640);
    renderer.drawFrame();
    expect(canvas.ctx.take()).toEqual([]);
    playoutAt(670);
    renderer.drawFrame();
    const ops = canvas.ctx.take();
    const lines = ops.filter((o) => o.op === 'lineTo' && o.strokeStyle === ECG).map((o) => o.args[0]!);
    expect(lines.length).toBeGreaterThan(0);
    // The skipped frame's samples are not lost: the line reaches back to where the last draw ended.
    expect(Math.min(...lines)).toBeLessThanOrEqual(xAt(600) + 1);
    expect(Math.max(...lines)).toBeGreaterThanOrEqual(xAt(670) - 1);
  });

  it('draws only the samples that became due since the previous frame', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame(); // starts the sweep at T0
    canvas.ctx.take();
    ingest(buffers, 'ecg', 0, 1000, sine);
    playoutAt(900); // the playout delay keeps drawing behind the newest data
    renderer.drawFrame();
    const first = canvas.ctx.take();
    const firstLines = first.filter((o) => o.op === 'lineTo' && o.strokeStyle === ECG);
    expect(firstLines.length).toBeGreaterThan(20);
    expect(Math.max(...firstLines.map((o) => o.args[0]!))).toBeLessThanOrEqual(xAt(900) + 0.5);

    renderer.drawFrame(); // no new data, no time passed
    const again = canvas.ctx.take();
    expect(count(again, 'lineTo')).toBe(0);
    expect(count(again, 'stroke')).toBe(0);

    ingest(buffers, 'ecg', 1000, 2000, sine);
    playoutAt(1900);
    renderer.drawFrame();
    const second = canvas.ctx.take();
    const lines = second.filter((o) => o.op === 'lineTo');
    expect(lines.length).toBeGreaterThan(20);
    // Everything new is to the right of what was already drawn; it continues from the last point.
    const lastX = firstLines.at(-1)!.args[0]!;
    for (const o of lines) expect(o.args[0]!).toBeGreaterThan(lastX);
    const firstMove = second.find((o) => o.op === 'moveTo')!;
    expect(firstMove.args[0]).toBeLessThanOrEqual(lastX + 1);
    expect(second.filter((o) => o.op === 'moveTo')).toHaveLength(1);
  });

  it('decimates to at most two points per pixel column (ECG 250 Hz, 100 px, 6 s)', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    canvas.ctx.take();
    // A signal that swings within every column, delivered and drawn as in real time:
    // a 40 ms batch, and ~60 frames per second.
    const noisy = (ms: number) => (Math.round(ms / 4) % 3) - 1;
    const ops: Op[] = [];
    for (let ms = 0; ms <= 6000; ms += 16) {
      while (buffers.ring(0, 'ecg') === undefined || (buffers.ring(0, 'ecg')!.newestSampleAt ?? 0) < T0 + ms + DELAY - 40) {
        const from = buffers.ring(0, 'ecg') ? buffers.ring(0, 'ecg')!.newestSampleAt! - T0 + 4 : 0;
        ingest(buffers, 'ecg', from, from + 40, noisy);
      }
      playoutAt(ms);
      renderer.drawFrame();
      ops.push(...canvas.ctx.take());
    }
    const perColumn = new Map<number, number>();
    for (const o of ops) {
      if (o.op !== 'lineTo' || o.strokeStyle !== ECG || o.args[0]! >= W) continue; // x >= W: wrap continuation
      const col = Math.floor(o.args[0]!);
      perColumn.set(col, (perColumn.get(col) ?? 0) + 1);
    }
    expect(perColumn.size).toBeGreaterThanOrEqual(98);
    expect(Math.max(...perColumn.values())).toBeLessThanOrEqual(2);
    expect(count(ops, 'lineTo', ECG)).toBeLessThanOrEqual(2 * W + 2);
  });

  it('clears an erase gap just ahead of the sweep, never behind it', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 3000, sine);
    for (let ms = 16; ms <= 3000; ms += 16) {
      playoutAt(ms);
      canvas.ctx.take();
      renderer.drawFrame();
    }
    playoutAt(3100);
    canvas.ctx.take();
    renderer.drawFrame();
    const ops = canvas.ctx.take();
    const clears = ops.filter((o) => o.op === 'clearRect');
    expect(clears.length).toBeGreaterThan(0);
    const sweepX = xAt(3100);
    const lo = Math.min(...clears.map((o) => o.args[0]!));
    const hi = Math.max(...clears.map((o) => o.args[0]! + o.args[2]!));
    for (const c of clears) expect(c.args.slice(1)).toEqual([0, c.args[2], H]); // full height: all three traces
    expect(lo).toBeGreaterThan(sweepX); // ahead of the sweep, nothing just drawn is erased
    expect(hi).toBeGreaterThanOrEqual(sweepX + 6); // gap of >= 6 px ahead of the newest point
    expect(hi).toBeLessThanOrEqual(Math.ceil(sweepX + 6));
    // Over time the erased stretches join up without holes: the front is where the last frame left it.
    expect(lo).toBeLessThanOrEqual(Math.ceil(xAt(3000) + 6));
  });

  it('erases a full sweep ago before drawing over it (wrap)', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 7000, sine);
    const ops: Op[] = [];
    for (let ms = 16; ms <= 7000; ms += 16) {
      playoutAt(ms);
      renderer.drawFrame();
      ops.push(...canvas.ctx.take());
    }
    // Columns 0..9 are drawn twice; before the second pass each was cleared.
    const secondPassStart = ops.findIndex((o, i) => o.op === 'lineTo' && o.args[0]! < 1 && i > ops.length / 2);
    expect(secondPassStart).toBeGreaterThan(0);
    const clearedBefore = ops.slice(0, secondPassStart).filter((o) => o.op === 'clearRect' && o.args[0]! <= 0.5);
    expect(clearedBefore.length).toBeGreaterThan(0);
    // No line is drawn across the canvas at the wrap.
    for (const s of segmentsOf(ops, ECG)) expect(Math.abs(s.to[0] - s.from[0])).toBeLessThanOrEqual(1.01);
    const xs = ops.filter((o) => o.op === 'lineTo').map((o) => o.args[0]!);
    expect(xs.some((x) => x > 99)).toBe(true);
    expect(xs.some((x) => x < 1)).toBe(true);
  });

  it('leaves a gap where data is missing instead of connecting across it', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 1000, sine);
    ingest(buffers, 'ecg', 1500, 2500, sine);
    const ops: Op[] = [];
    for (let ms = 16; ms <= 2600; ms += 16) {
      playoutAt(ms);
      renderer.drawFrame();
      ops.push(...canvas.ctx.take());
    }
    const segments = segmentsOf(ops, ECG);
    expect(segments.length).toBeGreaterThan(50);
    for (const s of segments) {
      const left = Math.min(s.from[0], s.to[0]);
      const right = Math.max(s.from[0], s.to[0]);
      expect(left < xAt(1000) + 1 && right > xAt(1500) - 1).toBe(false);
    }
    expect(segments.some((s) => s.to[0] > xAt(1500) && s.to[0] < xAt(2500))).toBe(true);
  });

  it('clears a stale tile at once and draws nothing until fresh again', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 2000, sine);
    playoutAt(1000);
    renderer.drawFrame();
    canvas.ctx.take();

    renderer.setStale(0, true);
    expect(canvas.ctx.take()).toEqual([expect.objectContaining({ op: 'clearRect', args: [0, 0, W, H] })]);
    playoutAt(1500);
    renderer.drawFrame();
    playoutAt(2000);
    renderer.drawFrame();
    expect(canvas.ctx.take()).toEqual([]);

    renderer.setStale(0, false);
    ingest(buffers, 'ecg', 2000, 3000, sine);
    renderer.drawFrame(); // fresh: restart with a clean canvas, from now on
    const restart = canvas.ctx.take();
    expect(restart.some((o) => o.op === 'clearRect' && o.args[2] === W && o.args[3] === H)).toBe(true);
    expect(count(restart, 'lineTo')).toBe(0);
    playoutAt(2500);
    renderer.drawFrame();
    const lines = canvas.ctx.take().filter((o) => o.op === 'lineTo');
    expect(lines.length).toBeGreaterThan(0);
    for (const o of lines) expect(o.args[0]!).toBeGreaterThanOrEqual(Math.floor(xAt(2000)));
  });

  it('on resize, resizes the backing store, clears and restarts the sweep', () => {
    const { buffers, renderer, canvas, playoutAt, setDpr } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 3000, sine);
    playoutAt(1000);
    renderer.drawFrame();
    canvas.ctx.take();
    canvas.clientWidth = 150;
    playoutAt(1100);
    renderer.drawFrame();
    expect(canvas.width).toBe(150);
    const ops = canvas.ctx.take();
    expect(ops.some((o) => o.op === 'clearRect' && o.args[2] === 150 && o.args[3] === H)).toBe(true);
    expect(count(ops, 'lineTo')).toBe(0);
    setDpr(2);
    renderer.drawFrame();
    expect([canvas.width, canvas.height]).toEqual([300, 2 * H]);
    playoutAt(1500);
    renderer.drawFrame();
    const xs = canvas.ctx.take().filter((o) => o.op === 'lineTo').map((o) => o.args[0]!);
    expect(xs.length).toBeGreaterThan(0);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(Math.floor((1100 / 6000) * 300));
  });

  it('draws ECG flat with an "ECG LEAD OFF" label while the leads are off', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 1000, sine, SEGMENT_FLAG_LEAD_OFF);
    playoutAt(1000);
    renderer.drawFrame();
    let ops = canvas.ctx.take();
    expect(ops.filter((o) => o.op === 'fillText').map((o) => o.text)).toEqual([LEAD_OFF_TEXT]);
    const ys = new Set(ops.filter((o) => o.op === 'lineTo' && o.strokeStyle === ECG).map((o) => o.args[1]));
    expect([...ys]).toEqual([15]); // middle of the 30 px ECG band

    ingest(buffers, 'ecg', 1000, 2000, sine, 0); // leads back on
    playoutAt(1500);
    renderer.drawFrame();
    ops = canvas.ctx.take();
    expect(count(ops, 'fillText')).toBe(0);
    // The label's box is cleared right away (top part of the ECG band).
    expect(ops.some((o) => o.op === 'clearRect' && o.args[1]! > 0 && o.args[1]! + o.args[3]! < 15)).toBe(true);
    const liveYs = new Set(ops.filter((o) => o.op === 'lineTo' && o.strokeStyle === ECG).map((o) => o.args[1]));
    expect(liveYs.size).toBeGreaterThan(3);
  });

  it('scales ECG at a fixed gain and auto-gains pleth to fill its band', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 2000, (ms) => 0.75 * sine(ms)); // ±0.75 mV: half the ±1.5 mV range
    ingest(buffers, 'pleth', 0, 2000, (ms) => 1000 + 100 * sine(ms)); // arbitrary units and offset
    playoutAt(2000);
    renderer.drawFrame();
    const ops = canvas.ctx.take();
    const ecgYs = ops.filter((o) => o.op === 'lineTo' && o.strokeStyle === ECG).map((o) => o.args[1]!);
    const plethYs = ops.filter((o) => o.op === 'lineTo' && o.strokeStyle === TRACE_COLORS.pleth).map((o) => o.args[1]!);
    const ecgSpan = Math.max(...ecgYs) - Math.min(...ecgYs);
    expect(ecgSpan).toBeGreaterThan(8);
    expect(ecgSpan).toBeLessThan(15); // about half the usable band height
    expect(Math.min(...plethYs)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...plethYs)).toBeLessThanOrEqual(60);
    expect(Math.max(...plethYs) - Math.min(...plethYs)).toBeGreaterThan(20); // fills most of its 30 px band
  });

  it('skips and counts samples that arrive after their time was swept past', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 500, sine);
    playoutAt(1000);
    renderer.drawFrame();
    canvas.ctx.take();
    ingest(buffers, 'ecg', 500, 1200, sine); // 500–1000 ms is already past
    playoutAt(1200);
    renderer.drawFrame();
    expect(renderer.lateSamples).toBe(126); // 500 ms … 1000 ms inclusive at 4 ms
    const segments = segmentsOf(canvas.ctx.take(), ECG);
    for (const s of segments) expect(Math.min(s.from[0], s.to[0])).toBeGreaterThanOrEqual(Math.floor(xAt(1000)));
  });

  it('clears tiles when the buffers are reset for a new unit layout', () => {
    const { buffers, renderer, canvas, playoutAt } = setup();
    renderer.drawFrame();
    ingest(buffers, 'ecg', 0, 1000, sine);
    playoutAt(1000);
    renderer.drawFrame();
    canvas.ctx.take();
    buffers.reset();
    playoutAt(1100);
    renderer.drawFrame();
    const ops = canvas.ctx.take();
    expect(ops.some((o) => o.op === 'clearRect' && o.args[2] === W && o.args[3] === H)).toBe(true);
    expect(count(ops, 'lineTo')).toBe(0);
  });

  it('keeps per-frame work proportional to new data for a full 64-bed wall', () => {
    const buffers = newBuffers();
    let now = T0 + DELAY;
    const renderer = new SweepRenderer(buffers, { now: () => now });
    const canvases = Array.from({ length: 64 }, (_, bed) => {
      const c = new FakeCanvas(320, 120);
      renderer.attach(bed, c);
      return c;
    });
    renderer.drawFrame();
    for (const c of canvases) c.ctx.take();
    let ops = 0;
    let frames = 0;
    for (let ms = 0; ms < 2000; ms += 40) {
      for (let bed = 0; bed < 64; bed++) {
        for (const ch of ['ecg', 'pleth', 'resp'] as const) ingest(buffers, ch, ms, ms + 40, sine, 0, bed);
      }
      for (let f = 0; f < 2; f++) {
        now += 20;
        renderer.drawFrame();
        frames++;
      }
    }
    for (const c of canvases) ops += c.ctx.take().length;
    // ~ (3 traces × (beginPath, moveTo, ~2 lineTo, stroke) + 1–2 clears) per tile per frame.
    expect(ops / frames / 64).toBeLessThan(25);
  });

  it('start/stop drive drawFrame from the animation-frame scheduler', () => {
    const callbacks: Array<() => void> = [];
    const cancelled: number[] = [];
    const buffers = newBuffers();
    const renderer = new SweepRenderer(buffers, {
      now: () => T0,
      requestFrame: (cb) => callbacks.push(cb),
      cancelFrame: (h) => cancelled.push(h),
    });
    const canvas = new FakeCanvas(W, H);
    renderer.attach(0, canvas);
    renderer.start();
    renderer.start(); // idempotent
    expect(callbacks).toHaveLength(1);
    callbacks[0]!();
    expect(callbacks).toHaveLength(2);
    expect(canvas.width).toBe(W); // drawFrame ran
    renderer.stop();
    expect(cancelled).toEqual([2]);
  });
});
