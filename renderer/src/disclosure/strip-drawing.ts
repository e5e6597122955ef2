import type { WaveformChannel } from '../../../shared/domain/channel';
import type { AlarmMark, BedSpan, Strip } from '../../../shared/disclosure/review-schemas';
import { PRIORITY_PREFIX, type AlarmPriority } from '../../../shared/domain/alarm-condition';
import type { PaperScale } from './paper-scale';
import type { DecodedRun } from './strip-samples';

export interface StripLayout {
  width: number;
  /** Height of each trace band in px. */
  band: Record<WaveformChannel, number>;
}

const COLOURS: Record<WaveformChannel, string> = { ecg: '#0a7d2c', pleth: '#0a5fa8', resp: '#8a5a00' };
const PRIORITY_COLOUR: Record<string, string> = { HIGH: '#c00000', MEDIUM: '#b36b00', LOW: '#8a7a00' };

/**
 * Draws a strip as on paper: the ECG grid (1 mm fine, 5 mm bold), ECG at
 * 10 mm/mV with a 1 mV calibration pulse at its start, pleth and resp
 * scaled to their band, time at 25 mm/s; alarm steps as vertical markers;
 * no-data, lead-off, unrecorded and unreadable stretches shaded and named.
 * A gap in the samples is a gap in the trace, never a joined line.
 */
export function drawStrip(ctx: CanvasRenderingContext2D, strip: Strip, runs: Record<WaveformChannel, DecodedRun[]>, scale: PaperScale, layout: StripLayout): void {
  const { width } = layout;
  const height = layout.band.ecg + layout.band.pleth + layout.band.resp;
  ctx.save();
  ctx.fillStyle = '#fffaf5';
  ctx.fillRect(0, 0, width, height);
  drawGrid(ctx, scale.pxPerMm, width, height);
  const x = (t: number) => (t - strip.from) * scale.pxPerMs;

  for (const span of strip.spans) shade(ctx, span, x(span.from), span.to === null ? width : x(span.to), height);
  for (const c of strip.corrupt) shade(ctx, { kind: 'unreadable', from: c.t0, to: c.t0 + 8000 }, x(c.t0), x(c.t0 + 8000), height);

  let top = 0;
  for (const channel of ['ecg', 'pleth', 'resp'] as const) {
    const band = layout.band[channel];
    const mid = top + band / 2;
    let y: (v: number) => number;
    if (channel === 'ecg') {
      y = (v) => mid - v * scale.pxPerMv;
      // Calibration pulse: 1 mV high, 200 ms wide, at the left of the ECG band.
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      const cx = 2 * scale.pxPerMm;
      ctx.moveTo(cx, mid);
      ctx.lineTo(cx, mid - scale.pxPerMv);
      ctx.lineTo(cx + 200 * scale.pxPerMs, mid - scale.pxPerMv);
      ctx.lineTo(cx + 200 * scale.pxPerMs, mid);
      ctx.stroke();
    } else {
      const range = channel === 'pleth' ? [0, 1] : [-1, 1];
      y = (v) => top + band - 4 - ((v - range[0]!) / (range[1]! - range[0]!)) * (band - 8);
    }
    ctx.strokeStyle = COLOURS[channel];
    ctx.lineWidth = 1.2;
    for (const run of runs[channel]) {
      ctx.beginPath();
      for (let i = 0; i < run.samples.length; i++) {
        const px = x(run.t0 + i * run.periodMs);
        const py = y(run.samples[i]!);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
    }
    ctx.fillStyle = '#333';
    ctx.font = '12px sans-serif';
    ctx.fillText(channel === 'ecg' ? 'ECG  25 mm/s  10 mm/mV' : channel.toUpperCase(), 4 + 12 * scale.pxPerMm, top + 14);
    top += band;
  }
  // Labels stagger down the strip: steps at the same moment (an alarm superseded by a deeper one) stay readable.
  strip.alarms.forEach((mark, i) => drawAlarm(ctx, mark, x(mark.at), height, 28 + (i % 4) * 15));
  ctx.restore();
}

function drawGrid(ctx: CanvasRenderingContext2D, pxPerMm: number, width: number, height: number): void {
  for (const [step, colour] of [
    [pxPerMm, 'rgba(230, 120, 120, 0.25)'],
    [5 * pxPerMm, 'rgba(220, 80, 80, 0.55)'],
  ] as const) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let gx = 0; gx <= width; gx += step) {
      ctx.moveTo(Math.round(gx) + 0.5, 0);
      ctx.lineTo(Math.round(gx) + 0.5, height);
    }
    for (let gy = 0; gy <= height; gy += step) {
      ctx.moveTo(0, Math.round(gy) + 0.5);
      ctx.lineTo(width, Math.round(gy) + 0.5);
    }
    ctx.stroke();
  }
}

function shade(ctx: CanvasRenderingContext2D, span: BedSpan | { kind: 'unreadable'; from: number; to: number | null }, x0: number, x1: number, height: number): void {
  ctx.fillStyle = span.kind === 'lead-off' ? 'rgba(255, 200, 0, 0.18)' : 'rgba(90, 90, 90, 0.22)';
  ctx.fillRect(x0, 0, Math.max(1, x1 - x0), height);
  ctx.fillStyle = '#222';
  ctx.font = 'bold 12px sans-serif';
  const label = span.kind === 'no-data' ? 'NO DATA' : span.kind === 'lead-off' ? 'LEAD OFF' : span.kind === 'not-recorded' ? 'NOT RECORDED' : 'UNREADABLE (checksum)';
  ctx.fillText(label, Math.max(4, x0 + 4), height - 6);
}

function drawAlarm(ctx: CanvasRenderingContext2D, mark: AlarmMark, x: number, height: number, labelY: number): void {
  const colour = PRIORITY_COLOUR[mark.priority ?? ''] ?? '#444';
  ctx.strokeStyle = colour;
  ctx.setLineDash(mark.kind === 'onset' ? [] : [4, 3]);
  ctx.lineWidth = mark.kind === 'onset' ? 2 : 1;
  ctx.beginPath();
  ctx.moveTo(x, 0);
  ctx.lineTo(x, height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = colour;
  ctx.font = 'bold 12px sans-serif';
  const prefix = mark.priority && mark.priority in PRIORITY_PREFIX ? `${PRIORITY_PREFIX[mark.priority as AlarmPriority]} ` : '';
  ctx.fillText(`${prefix}${mark.code} ${mark.kind}`, x + 3, labelY);
}
