/**
 * The naive wall, for comparison only (bundled by run.ts with esbuild, runs in
 * the page): one uPlot per waveform (3 per bed), fed by the same binary
 * waveform frames the app gets from the test host's bridge, and `setData` on
 * every chart on every animation frame with the last 6 s of samples.
 *
 * It is deliberately the straightforward way to draw a wall with a chart
 * library, not a strawman: no axes, legend or cursor (cheaper than a real
 * chart), line width as in the app, and the charts have the same pixel size as
 * the app's waveform canvases.
 */
import uPlot from 'uplot';
import { decodeWaveformFrame, WaveformFrameError } from '../../../shared/waveform/frame';
import { SAMPLE_RATE_HZ, WAVEFORM_CHANNELS, type WaveformChannel } from '../../../shared/domain/channel';
import { TRACE_COLORS } from '../../../renderer/src/waveform/sweep-renderer';

export interface BaselineConfig {
  beds: number;
  columns: number;
  rows: number;
  /** Size of one bed's waveform area in CSS px (the app's canvas size); split into 3 stacked charts. */
  plotWidth: number;
  plotHeight: number;
  windowSeconds: number;
  /** Path of the bridge WebSocket on the page's own origin. */
  bridgePath: string;
}

export interface BaselineStats {
  frames: number;
  rejectedFrames: number;
  bedsSeen: number;
  /** performance.now() of the first frame with samples, or null. */
  firstFrameAt: number | null;
  draws: number;
  socketOpen: boolean;
}

interface Series {
  chart: uPlot;
  xs: number[];
  ys: number[];
}

declare global {
  interface Window {
    __WALL_BASELINE_CONFIG__: BaselineConfig;
    __wallBaseline: { stats: BaselineStats; stop(): void };
  }
}

const config = window.__WALL_BASELINE_CONFIG__;
const stats: BaselineStats = { frames: 0, rejectedFrames: 0, bedsSeen: 0, firstFrameAt: null, draws: 0, socketOpen: false };
const seen = new Set<number>();
const windowMs = config.windowSeconds * 1000;
/** Epoch ms origin for x values, so they stay small. */
const t0 = Date.now();

const wall = document.createElement('main');
wall.style.cssText = `display:grid;gap:4px;width:100vw;height:100vh;box-sizing:border-box;background:#111;` +
  `grid-template-columns:repeat(${config.columns},1fr);grid-template-rows:repeat(${config.rows},1fr);`;
document.body.appendChild(wall);

const chartHeight = Math.max(10, Math.floor(config.plotHeight / WAVEFORM_CHANNELS.length));
const series: Record<WaveformChannel, Series>[] = [];
for (let bed = 0; bed < config.beds; bed++) {
  const tile = document.createElement('section');
  tile.style.cssText = 'display:flex;flex-direction:column;min-width:0;min-height:0;overflow:hidden;background:#000;color:#ccc;font:12px sans-serif';
  const label = document.createElement('header');
  label.textContent = `Bed ${bed + 1}`;
  tile.appendChild(label);
  wall.appendChild(tile);
  const perChannel = {} as Record<WaveformChannel, Series>;
  for (const channel of WAVEFORM_CHANNELS) {
    const xs: number[] = [];
    const ys: number[] = [];
    const chart = new uPlot(
      {
        width: config.plotWidth,
        height: chartHeight,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: false } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: TRACE_COLORS[channel], width: 2, points: { show: false } }],
      },
      [xs, ys],
      tile,
    );
    perChannel[channel] = { chart, xs, ys };
  }
  series.push(perChannel);
}

function ingest(buffer: ArrayBuffer): void {
  let segments;
  try {
    segments = decodeWaveformFrame(buffer);
  } catch (error) {
    if (error instanceof WaveformFrameError) stats.rejectedFrames++;
    else throw error;
    return;
  }
  stats.frames++;
  for (const s of segments) {
    const target = series[s.bedIndex]?.[s.channel];
    if (!target || s.samples.length === 0) continue;
    if (!seen.has(s.bedIndex)) {
      seen.add(s.bedIndex);
      stats.bedsSeen = seen.size;
    }
    stats.firstFrameAt ??= performance.now();
    const period = 1000 / SAMPLE_RATE_HZ[s.channel];
    for (let i = 0; i < s.samples.length; i++) {
      target.xs.push((s.firstSampleAt - t0 + i * period) / 1000);
      target.ys.push(s.samples[i]!);
    }
  }
}

let running = true;
function draw(): void {
  if (!running) return;
  requestAnimationFrame(draw);
  const cutoff = (Date.now() - t0 - windowMs) / 1000;
  for (const bed of series) {
    for (const channel of WAVEFORM_CHANNELS) {
      const s = bed[channel];
      let drop = 0;
      while (drop < s.xs.length && s.xs[drop]! < cutoff) drop++;
      if (drop > 0) {
        s.xs.splice(0, drop);
        s.ys.splice(0, drop);
      }
      s.chart.setData([s.xs, s.ys]);
    }
  }
  stats.draws++;
}
requestAnimationFrame(draw);

const socket = new WebSocket(`ws://${location.host}${config.bridgePath}`);
socket.binaryType = 'arraybuffer';
socket.onopen = () => (stats.socketOpen = true);
socket.onclose = () => (stats.socketOpen = false);
socket.onmessage = (message) => {
  // Text messages are station events (numerics, alarms…): the baseline only draws waveforms.
  if (message.data instanceof ArrayBuffer) ingest(message.data);
};

window.__wallBaseline = {
  stats,
  stop: () => {
    running = false;
    socket.close();
  },
};
