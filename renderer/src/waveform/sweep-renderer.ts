import { WAVEFORM_CHANNELS, type WaveformChannel } from '../../../shared/domain/channel';
import type { SampleRing } from './sample-ring';
import { createTraceScale, type TraceScale } from './trace-scale';
import type { WaveformBuffers } from './waveform-buffers';

/**
 * Draws every attached tile's three traces the way a bedside monitor does:
 * a sweep moves left to right, each animation frame draws only the samples
 * that became due since the previous frame and clears a narrow gap just ahead
 * of the sweep, so old data is overwritten one sweep later. The cost per frame
 * is proportional to the new samples, not to the trace length, which is what
 * lets 64 beds × 3 traces run at display rate on a small machine (redrawing
 * whole traces every frame does not).
 *
 * Time, not sample count, decides where a sample goes:
 *   x = ((t / 1000) mod sweepSeconds) / sweepSeconds × width
 * so every tile sweeps in step and missing data shows as a gap. Samples are
 * drawn `playoutDelayMs` after their timestamp, so a batch arriving every
 * ~40 ms still plays out smoothly over the frames in between.
 *
 * The drawing code uses only the small context surface below, so tests can
 * run it in Node against a recording fake.
 */
export type WaveformContext2D = Pick<
  CanvasRenderingContext2D,
  | 'clearRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fillText'
  | 'measureText'
  | 'strokeStyle'
  | 'fillStyle'
  | 'lineWidth'
  | 'lineJoin'
  | 'lineCap'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
>;

/** What the renderer needs of a canvas; an HTMLCanvasElement satisfies it. */
export interface WaveformCanvas {
  width: number;
  height: number;
  readonly clientWidth: number;
  readonly clientHeight: number;
  getContext(contextId: '2d', options?: CanvasRenderingContext2DSettings): WaveformContext2D | null;
}

export interface SweepRendererOptions {
  /** Time for one sweep across the trace. Default 6 s. */
  sweepSeconds?: number;
  /** How long after its timestamp a sample is drawn; must cover batch interval + IPC jitter. Default 150 ms. */
  playoutDelayMs?: number;
  /** The clock the sample times are on: the buffers' receive clock. Default performance.now (monotonic). */
  now?: () => number;
  /** Width of the cleared gap ahead of the sweep, as sweep time. Default 0.25 s (at least 6 device px). */
  eraseGapSeconds?: number;
  /** Trace line width in CSS px; 2 px stays readable across a room. */
  lineWidthCssPx?: number;
  /** Default window.devicePixelRatio (1 where there is none). */
  devicePixelRatio?: () => number;
  /** Default requestAnimationFrame / cancelAnimationFrame. */
  requestFrame?: (callback: () => void) => number;
  cancelFrame?: (handle: number) => void;
}

/** Monitor colour convention; drawn on black. */
export const TRACE_COLORS: Readonly<Record<WaveformChannel, string>> = {
  ecg: '#00ff00',
  pleth: '#00e5ff',
  resp: '#ffff00',
};

export const LEAD_OFF_TEXT = 'ECG LEAD OFF';

/** The sweep must have advanced this far (device px) before a tile is drawn again. */
const MIN_ADVANCE_PX = 1;

/** A clock step back larger than this restarts the sweep instead of waiting for time to catch up. */
const MAX_CLOCK_STEP_BACK_MS = 1000;

interface Band {
  /** y of a value at unit 0. */
  mid: number;
  /** Pixels from mid to the furthest a value may be drawn. */
  half: number;
  top: number;
  height: number;
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * One trace's drawing state across frames. x positions are kept in
 * "absolute columns" (time × px per ms, not wrapped), so a wrap to the left
 * edge is visible as a change of floor(x / width).
 */
class TraceState {
  /** Next running ring index to look at; -1 until positioned. */
  cursor = -1;
  /** Last point put on the canvas, to continue the line from in the next frame. */
  hasLast = false;
  lastX = 0;
  lastY = 0;
  /**
   * Samples of the current pixel column, kept until the sweep has passed the
   * column so the column is drawn once as min/max (≤ 2 points) even when its
   * samples arrive over several frames.
   */
  pendingCol = 0;
  pendingCount = 0;
  pendingMinY = 0;
  pendingMaxY = 0;
  pendingMinFirst = false;
  /** Whether a path is open in the current frame. */
  pathOpen = false;

  constructor(
    readonly channel: WaveformChannel,
    readonly scale: TraceScale,
  ) {}

  restart(): void {
    this.cursor = -1;
    this.hasLast = false;
    this.pendingCount = 0;
    this.pathOpen = false;
    this.scale.reset();
  }
}

interface Tile {
  readonly canvas: WaveformCanvas;
  readonly ctx: WaveformContext2D;
  /** Backing-store size in device px, and the ratio it was computed with. */
  width: number;
  height: number;
  dpr: number;
  pxPerMs: number;
  gapPx: number;
  lineWidth: number;
  bands: Band[];
  /** Playout time drawn up to; NaN = restart on the next frame. */
  drawnUntil: number;
  /** Absolute column up to which the area ahead of the sweep has been cleared. */
  erasedTo: number;
  generation: number;
  traces: TraceState[];
  /** Where the lead-off label is currently shown, if it is. */
  label: Box | null;
  /** CSS size from the ResizeObserver; null means read it from the element. */
  cssSize: { width: number; height: number } | null;
}

export class SweepRenderer {
  /** Samples that arrived after their time had already been swept past (playout delay too short for the link). */
  lateSamples = 0;
  private readonly sweepMs: number;
  private readonly playoutDelayMs: number;
  private readonly now: () => number;
  private readonly eraseGapSeconds: number;
  private readonly lineWidthCssPx: number;
  private readonly dpr: () => number;
  private readonly requestFrame: ((callback: () => void) => number) | undefined;
  private readonly cancelFrame: ((handle: number) => void) | undefined;
  private readonly tiles = new Map<number, Tile>();
  private readonly stale = new Set<number>();
  private frameHandle: number | null = null;
  private loggedError = false;
  /**
   * Reading clientWidth inside the animation frame forces a synchronous
   * layout of the whole wall whenever any numeric text changed – measured as
   * the dominant cost at 64 beds. Canvas sizes come from a ResizeObserver
   * instead, which reports after layout has happened anyway.
   */
  private readonly resizeObserver =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          for (const entry of entries) {
            for (const tile of this.tiles.values()) {
              if (tile.canvas === (entry.target as unknown)) tile.cssSize = { width: entry.contentRect.width, height: entry.contentRect.height };
            }
          }
        });

  constructor(
    private readonly buffers: WaveformBuffers,
    options: SweepRendererOptions = {},
  ) {
    this.sweepMs = (options.sweepSeconds ?? 6) * 1000;
    this.playoutDelayMs = options.playoutDelayMs ?? 150;
    this.now = options.now ?? (() => performance.now());
    this.eraseGapSeconds = options.eraseGapSeconds ?? 0.25;
    this.lineWidthCssPx = options.lineWidthCssPx ?? 2;
    this.dpr = options.devicePixelRatio ?? (() => (globalThis as { devicePixelRatio?: number }).devicePixelRatio || 1);
    this.requestFrame = options.requestFrame ?? globalThis.requestAnimationFrame?.bind(globalThis);
    this.cancelFrame = options.cancelFrame ?? globalThis.cancelAnimationFrame?.bind(globalThis);
  }

  /** Starts drawing a bed into a canvas (replacing any canvas the bed had). The sweep starts fresh. */
  attach(bedIndex: number, canvas: WaveformCanvas): void {
    // Opaque: cheaper to composite, and clearRect leaves monitor black.
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error(`no 2d context for bed ${bedIndex}`);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    this.tiles.set(bedIndex, {
      canvas,
      ctx,
      width: 0,
      height: 0,
      dpr: 0,
      pxPerMs: 0,
      gapPx: 0,
      lineWidth: 1,
      bands: [],
      drawnUntil: Number.NaN,
      erasedTo: 0,
      generation: this.buffers.generation,
      traces: WAVEFORM_CHANNELS.map((channel) => new TraceState(channel, createTraceScale(channel))),
      label: null,
      cssSize: this.resizeObserver && isElement(canvas) ? { width: 0, height: 0 } : null,
    });
    if (this.resizeObserver && isElement(canvas)) this.resizeObserver.observe(canvas);
  }

  detach(bedIndex: number): void {
    const tile = this.tiles.get(bedIndex);
    if (tile && this.resizeObserver && isElement(tile.canvas)) this.resizeObserver.unobserve(tile.canvas);
    this.tiles.delete(bedIndex);
  }

  /**
   * A stale bed's canvas is cleared at once and stays blank: an old trace
   * must never look like a live one. When fresh again the sweep restarts.
   */
  setStale(bedIndex: number, stale: boolean): void {
    if (stale === this.stale.has(bedIndex)) return;
    if (stale) this.stale.add(bedIndex);
    else this.stale.delete(bedIndex);
    const tile = this.tiles.get(bedIndex);
    if (!tile) return;
    tile.drawnUntil = Number.NaN;
    if (stale) tile.ctx.clearRect(0, 0, tile.canvas.width, tile.canvas.height);
  }

  /** Every trace starts a fresh sweep on the next frame (its drawing surface moved or was cleared). */
  invalidateAll(): void {
    for (const tile of this.tiles.values()) tile.drawnUntil = Number.NaN;
  }

  /** One incremental pass over every attached, non-stale tile. */
  drawFrame(): void {
    const playoutAt = this.now() - this.playoutDelayMs;
    const dpr = this.dpr();
    for (const [bedIndex, tile] of this.tiles) {
      if (!this.stale.has(bedIndex)) this.drawTile(bedIndex, tile, playoutAt, dpr);
    }
  }

  start(): void {
    if (this.frameHandle !== null || !this.requestFrame) return;
    const request = this.requestFrame;
    const loop = (): void => {
      // Schedule first so one bad frame cannot stop the wall.
      this.frameHandle = request(loop);
      try {
        this.drawFrame();
      } catch (error) {
        if (!this.loggedError) console.error('waveform drawFrame failed', error);
        this.loggedError = true;
      }
    };
    this.frameHandle = request(loop);
  }

  stop(): void {
    if (this.frameHandle !== null) this.cancelFrame?.(this.frameHandle);
    this.frameHandle = null;
  }

  private drawTile(bedIndex: number, tile: Tile, playoutAt: number, dpr: number): void {
    const width = Math.round((tile.cssSize?.width ?? tile.canvas.clientWidth) * dpr);
    const height = Math.round((tile.cssSize?.height ?? tile.canvas.clientHeight) * dpr);
    if (width <= 0 || height <= 0) {
      // Not laid out (hidden): nothing to draw; start over once visible.
      tile.drawnUntil = Number.NaN;
      return;
    }
    if (width !== tile.width || height !== tile.height || dpr !== tile.dpr || tile.canvas.width !== width || tile.canvas.height !== height) {
      this.resize(tile, width, height, dpr);
    }
    const since = tile.drawnUntil;
    if (
      Number.isNaN(since) ||
      tile.generation !== this.buffers.generation ||
      playoutAt < since - MAX_CLOCK_STEP_BACK_MS ||
      // After a long pause (hidden window, stalled loop) the new stretch would
      // overrun the erase gap; start a clean sweep instead.
      (playoutAt - since) * tile.pxPerMs + tile.gapPx >= tile.width
    ) {
      this.restart(bedIndex, tile, playoutAt);
      return;
    }
    // Touch the canvas only when the sweep has moved a whole device pixel: on a
    // small tile that is every 2-3 display frames, and every canvas left alone
    // is one the compositor need not re-raster (the dominant cost at 64 beds).
    if ((playoutAt - since) * tile.pxPerMs < MIN_ADVANCE_PX) return;

    const { ctx } = tile;
    const eraseFrom = tile.erasedTo;
    const eraseTo = playoutAt * tile.pxPerMs + tile.gapPx;
    const erasedLabel = this.clearColumns(tile, eraseFrom, eraseTo, tile.label);
    tile.erasedTo = Math.max(tile.erasedTo, eraseTo);

    const leadOff = this.buffers.leadOff(bedIndex);
    if (leadOff && (tile.label === null || erasedLabel)) this.drawLeadOffLabel(tile);
    else if (!leadOff && tile.label) {
      const b = tile.label;
      ctx.clearRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      tile.label = null;
    }

    for (let k = 0; k < tile.traces.length; k++) {
      const trace = tile.traces[k];
      const band = tile.bands[k];
      if (!trace || !band) continue;
      const ring = this.buffers.ring(bedIndex, trace.channel);
      if (!ring) continue;
      this.drawTrace(tile, trace, band, ring, since, playoutAt, leadOff && trace.channel === 'ecg');
    }
    tile.drawnUntil = playoutAt;
  }

  private resize(tile: Tile, width: number, height: number, dpr: number): void {
    // Assigning the size clears the canvas and resets context state.
    tile.canvas.width = width;
    tile.canvas.height = height;
    tile.width = width;
    tile.height = height;
    tile.dpr = dpr;
    tile.pxPerMs = width / this.sweepMs;
    tile.gapPx = Math.min(Math.floor(width / 4), Math.max(Math.round(6 * dpr), Math.round((width * this.eraseGapSeconds * 1000) / this.sweepMs)));
    tile.lineWidth = Math.max(1, this.lineWidthCssPx * dpr);
    const bandHeight = height / WAVEFORM_CHANNELS.length;
    const pad = Math.max(1, Math.round(bandHeight * 0.06)) + tile.lineWidth / 2;
    tile.bands = WAVEFORM_CHANNELS.map((_, k) => ({
      top: k * bandHeight,
      height: bandHeight,
      mid: k * bandHeight + bandHeight / 2,
      half: Math.max(0, bandHeight / 2 - pad),
    }));
    tile.drawnUntil = Number.NaN;
  }

  /** Clears the canvas and starts a new sweep at `playoutAt`; samples up to then are not drawn. */
  private restart(bedIndex: number, tile: Tile, playoutAt: number): void {
    const { ctx } = tile;
    ctx.clearRect(0, 0, tile.width, tile.height);
    ctx.lineWidth = tile.lineWidth;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    tile.drawnUntil = playoutAt;
    tile.erasedTo = playoutAt * tile.pxPerMs + tile.gapPx;
    tile.generation = this.buffers.generation;
    tile.label = null;
    for (const trace of tile.traces) {
      trace.restart();
      const ring = this.buffers.ring(bedIndex, trace.channel);
      if (!ring) continue;
      trace.cursor = ring.firstIndexAfter(playoutAt);
      // Auto-gain learns from recent history so the first beats are already scaled.
      for (let i = ring.firstIndexAfter(playoutAt - trace.scale.windowMs); i < trace.cursor; i++) trace.scale.observe(ring.valueAt(i));
    }
  }

  private drawTrace(tile: Tile, trace: TraceState, band: Band, ring: SampleRing, since: number, until: number, flat: boolean): void {
    if (trace.cursor < 0) trace.cursor = ring.firstIndexAfter(since);
    if (trace.cursor < ring.startIndex) {
      // Overwritten before being drawn (or the buffers were reset): don't bridge.
      trace.cursor = ring.startIndex;
      this.breakLine(tile, trace);
    }
    const end = ring.endIndex;
    let i = trace.cursor;
    for (; i < end; i++) {
      const t = ring.timeAt(i);
      if (t > until) break;
      if (t <= since) {
        this.lateSamples++;
        this.breakLine(tile, trace);
        continue;
      }
      if (ring.runStartIndex(i) === i) this.breakLine(tile, trace);
      const v = ring.valueAt(i);
      if (!Number.isFinite(v)) {
        this.breakLine(tile, trace);
        continue;
      }
      let unit = 0;
      if (!flat) {
        trace.scale.observe(v);
        unit = trace.scale.toUnit(v);
      }
      this.addSample(tile, trace, Math.floor(t * tile.pxPerMs), band.mid - unit * band.half);
    }
    trace.cursor = i;
    // The sweep has passed the pending column: nothing more can land in it.
    if (trace.pendingCount > 0 && until * tile.pxPerMs >= trace.pendingCol + 1) this.flushColumn(tile, trace);
    if (trace.pathOpen) {
      tile.ctx.stroke();
      trace.pathOpen = false;
    }
  }

  /** Min/max decimation: a column's samples collapse to at most two points, in the order they occurred. */
  private addSample(tile: Tile, trace: TraceState, col: number, y: number): void {
    if (trace.pendingCount > 0 && trace.pendingCol !== col) this.flushColumn(tile, trace);
    if (trace.pendingCount === 0) {
      trace.pendingCol = col;
      trace.pendingMinY = y;
      trace.pendingMaxY = y;
      trace.pendingMinFirst = false;
    } else if (y < trace.pendingMinY) {
      trace.pendingMinY = y;
      trace.pendingMinFirst = false; // the new extreme is the later one
    } else if (y > trace.pendingMaxY) {
      trace.pendingMaxY = y;
      trace.pendingMinFirst = true;
    }
    trace.pendingCount++;
  }

  private flushColumn(tile: Tile, trace: TraceState): void {
    if (trace.pendingCount === 0) return;
    const x = trace.pendingCol + 0.5; // pixel centre
    const { pendingMinY: minY, pendingMaxY: maxY } = trace;
    trace.pendingCount = 0;
    if (minY === maxY) {
      this.emit(tile, trace, x, minY);
    } else if (trace.pendingMinFirst) {
      this.emit(tile, trace, x, minY);
      this.emit(tile, trace, x, maxY);
    } else {
      this.emit(tile, trace, x, maxY);
      this.emit(tile, trace, x, minY);
    }
  }

  /** Ends the line here: the next sample starts a new one (gap, lost or invalid data). */
  private breakLine(tile: Tile, trace: TraceState): void {
    this.flushColumn(tile, trace);
    trace.hasLast = false;
  }

  private emit(tile: Tile, trace: TraceState, absX: number, y: number): void {
    const { ctx, width } = tile;
    const sweep = Math.floor(absX / width);
    const x = absX - sweep * width;
    if (!trace.pathOpen) {
      ctx.strokeStyle = TRACE_COLORS[trace.channel];
      ctx.beginPath();
      trace.pathOpen = true;
      if (trace.hasLast) {
        const lastSweep = Math.floor(trace.lastX / width);
        ctx.moveTo(trace.lastX - lastSweep * width, trace.lastY);
      }
    }
    if (!trace.hasLast) {
      ctx.moveTo(x, y);
    } else {
      const lastSweep = Math.floor(trace.lastX / width);
      if (sweep === lastSweep) {
        ctx.lineTo(x, y);
      } else if (sweep === lastSweep + 1) {
        // Wrapped to the left edge: finish the segment past the right edge
        // (clipped by the canvas) and repeat it from just left of x = 0.
        ctx.lineTo(x + width, y);
        ctx.moveTo(trace.lastX - lastSweep * width - width, trace.lastY);
        ctx.lineTo(x, y);
      } else {
        ctx.moveTo(x, y);
      }
    }
    trace.hasLast = true;
    trace.lastX = absX;
    trace.lastY = y;
  }

  /**
   * Clears whole pixel columns over the absolute range [from, to), split at
   * the right edge. Reports whether the cleared area touched `box`.
   */
  private clearColumns(tile: Tile, from: number, to: number, box: Box | null): boolean {
    let x0 = Math.floor(from);
    const x1 = Math.ceil(to);
    let touched = false;
    while (x0 < x1) {
      const sweep = Math.floor(x0 / tile.width);
      const segmentEnd = Math.min(x1, (sweep + 1) * tile.width);
      const cx0 = x0 - sweep * tile.width;
      const cx1 = segmentEnd - sweep * tile.width;
      tile.ctx.clearRect(cx0, 0, cx1 - cx0, tile.height);
      if (box && cx0 < box.x1 && cx1 > box.x0) touched = true;
      x0 = segmentEnd;
    }
    return touched;
  }

  /** "ECG LEAD OFF" in the top part of the ECG band, clear of the flat line at its middle. */
  private drawLeadOffLabel(tile: Tile): void {
    const band = tile.bands[WAVEFORM_CHANNELS.indexOf('ecg')];
    if (!band) return;
    const { ctx } = tile;
    const fontPx = Math.max(8, Math.round(band.height * 0.3));
    ctx.font = `bold ${fontPx}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const textWidth = ctx.measureText(LEAD_OFF_TEXT).width;
    const padX = Math.round(fontPx * 0.3);
    const y0 = Math.round(band.top + band.height * 0.05);
    const box: Box = {
      x0: Math.floor(tile.width / 2 - textWidth / 2 - padX),
      x1: Math.ceil(tile.width / 2 + textWidth / 2 + padX),
      y0,
      y1: y0 + Math.ceil(fontPx * 1.2),
    };
    ctx.clearRect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
    ctx.fillStyle = TRACE_COLORS.ecg;
    ctx.fillText(LEAD_OFF_TEXT, tile.width / 2, y0 + Math.round(fontPx * 0.1));
    tile.label = box;
  }
}

function isElement(canvas: WaveformCanvas): canvas is WaveformCanvas & Element {
  return typeof Element !== 'undefined' && canvas instanceof Element;
}
