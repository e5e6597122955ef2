import type { WaveformCanvas, WaveformContext2D } from '../../../renderer/src/waveform';

/** One recorded drawing call, with the style in effect when it was made. */
export interface Op {
  op: 'clearRect' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'fillText';
  args: number[];
  text?: string;
  strokeStyle: string;
}

/** A 2D context that records calls instead of drawing: enough to test the sweep renderer in Node. */
export class RecordingContext implements WaveformContext2D {
  ops: Op[] = [];
  strokeStyle: string | CanvasGradient | CanvasPattern = '#000';
  fillStyle: string | CanvasGradient | CanvasPattern = '#000';
  lineWidth = 1;
  lineJoin: CanvasLineJoin = 'miter';
  lineCap: CanvasLineCap = 'butt';
  font = '10px sans-serif';
  textAlign: CanvasTextAlign = 'start';
  textBaseline: CanvasTextBaseline = 'alphabetic';

  private record(op: Op['op'], args: number[], text?: string): void {
    this.ops.push({ op, args, strokeStyle: String(this.strokeStyle), ...(text === undefined ? {} : { text }) });
  }
  clearRect(x: number, y: number, w: number, h: number): void {
    this.record('clearRect', [x, y, w, h]);
  }
  beginPath(): void {
    this.record('beginPath', []);
  }
  moveTo(x: number, y: number): void {
    this.record('moveTo', [x, y]);
  }
  lineTo(x: number, y: number): void {
    this.record('lineTo', [x, y]);
  }
  stroke(): void {
    this.record('stroke', []);
  }
  fillText(text: string, x: number, y: number): void {
    this.record('fillText', [x, y], text);
  }
  measureText(text: string): TextMetrics {
    return { width: text.length * 8 } as TextMetrics;
  }

  take(): Op[] {
    const ops = this.ops;
    this.ops = [];
    return ops;
  }
}

export class FakeCanvas implements WaveformCanvas {
  width = 300;
  height = 150;
  readonly ctx = new RecordingContext();
  contextOptions: unknown;
  constructor(
    public clientWidth: number,
    public clientHeight: number,
  ) {}
  getContext(_id: '2d', options?: CanvasRenderingContext2DSettings): RecordingContext {
    this.contextOptions = options;
    return this.ctx;
  }
}

export interface Segment {
  from: [number, number];
  to: [number, number];
}

/** Rebuilds the line segments a sequence of path ops strokes (per colour if given). */
export function segmentsOf(ops: Op[], strokeStyle?: string): Segment[] {
  const out: Segment[] = [];
  let current: [number, number] | null = null;
  for (const o of ops) {
    if (strokeStyle !== undefined && o.strokeStyle !== strokeStyle) continue;
    if (o.op === 'beginPath') current = null;
    else if (o.op === 'moveTo') current = [o.args[0]!, o.args[1]!];
    else if (o.op === 'lineTo') {
      const to: [number, number] = [o.args[0]!, o.args[1]!];
      if (current) out.push({ from: current, to });
      current = to;
    }
  }
  return out;
}
