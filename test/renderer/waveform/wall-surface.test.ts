import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WallSurface } from '../../../renderer/src/waveform';
import { RecordingContext } from './fake-canvas';

/** Just enough DOM for the surface: a canvas and placeholders with fixed boxes. */
class Box {
  constructor(public rect: { left: number; top: number; width: number; height: number }) {}
  getBoundingClientRect() {
    return { ...this.rect, right: this.rect.left + this.rect.width, bottom: this.rect.top + this.rect.height } as DOMRect;
  }
}
class FakeWallCanvas extends Box {
  width = 0;
  height = 0;
  readonly ctx = new RecordingContext();
  getContext() {
    return this.ctx;
  }
}

beforeEach(() => {
  (globalThis as Record<string, unknown>).window = { devicePixelRatio: 2, addEventListener: () => undefined, removeEventListener: () => undefined };
  (globalThis as Record<string, unknown>).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>).window;
  delete (globalThis as Record<string, unknown>).ResizeObserver;
});

function setup() {
  const canvas = new FakeWallCanvas({ left: 10, top: 20, width: 400, height: 300 });
  let invalidations = 0;
  const surface = new WallSurface(canvas as unknown as HTMLCanvasElement, () => invalidations++, () => 2);
  surface.relayout();
  const placeholder = new Box({ left: 110, top: 70, width: 60, height: 40 });
  const region = surface.region(placeholder as unknown as HTMLElement);
  return { canvas, surface, placeholder, region, invalidations: () => invalidations };
}

describe('WallSurface', () => {
  it('sizes the one canvas in device pixels and gives each placeholder a region of it', () => {
    const { canvas, region } = setup();
    expect([canvas.width, canvas.height]).toEqual([800, 600]);
    expect([region.clientWidth, region.clientHeight]).toEqual([60, 40]);
  });

  it('draws a region at its offset in the shared canvas and keeps points on its edges', () => {
    const { canvas, region } = setup();
    region.width = 120;
    region.height = 80;
    const ctx = region.getContext('2d')!;
    canvas.ctx.ops = [];
    ctx.moveTo(5, 6);
    ctx.lineTo(130, 90); // past the right and bottom edges: a wrap segment
    ctx.lineTo(-3, 10);
    // (110 - 10) * 2 = 200, (70 - 20) * 2 = 100
    expect(canvas.ctx.ops.map((o) => [o.op, ...o.args])).toEqual([
      ['moveTo', 205, 106],
      ['lineTo', 320, 180],
      ['lineTo', 200, 110],
    ]);
  });

  it('never clears more than its region and a line width around it', () => {
    const { canvas, region } = setup();
    region.width = 120;
    region.height = 80;
    canvas.ctx.lineWidth = 4;
    canvas.ctx.ops = [];
    region.getContext('2d')!.clearRect(-50, -50, 1000, 1000);
    expect(canvas.ctx.ops).toEqual([expect.objectContaining({ op: 'clearRect', args: [195, 95, 130, 90] })]);
  });

  it('a layout change re-places the regions, clears the canvas and restarts every trace', () => {
    const { canvas, surface, placeholder, region, invalidations } = setup();
    const before = invalidations();
    surface.relayout();
    expect(invalidations()).toBe(before); // nothing moved
    placeholder.rect = { ...placeholder.rect, left: 150 };
    canvas.ctx.ops = [];
    surface.relayout();
    expect(invalidations()).toBe(before + 1);
    expect(canvas.ctx.ops).toEqual([expect.objectContaining({ op: 'clearRect', args: [0, 0, 800, 600] })]);
    canvas.ctx.ops = [];
    region.getContext('2d')!.moveTo(0, 0);
    expect(canvas.ctx.ops[0]!.args).toEqual([280, 100]);
  });
});
