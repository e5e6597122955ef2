import type { WaveformCanvas, WaveformContext2D } from './sweep-renderer';

/**
 * One transparent canvas over the whole wall, in which every tile's traces are drawn
 * in the tile's own region. With a canvas per tile, Chromium composites 64
 * canvas layers: every frame produces 64 canvas resources, and any change to
 * the page's paint structure (an alarm row appearing, a tile starting to
 * flash) re-layerizes all of them, measured at ~30 ms a time at 64 beds,
 * which alone broke the 50 ms alarm-latency budget. One surface is one layer.
 *
 * The surface lies over the tiles and lets the pointer through: a tile's
 * waveform area is a black placeholder (grey when the bed is stale) and the
 * traces are drawn over it; everywhere else the canvas is transparent.
 * Nothing covers the canvas, so what keeps an old trace off a silent bed is
 * SweepRenderer.setStale clearing its region (the grey then shows through)
 * and drawing nothing there until the bed is live again.
 *
 * Regions look to the SweepRenderer like canvases of their own (the
 * WaveformCanvas interface): sizes come from the placeholders, drawing is
 * offset into the shared canvas, and clearRect is kept inside the region.
 * When the layout moves anything, the surface re-reads every region and the
 * sweep restarts all traces (`onGeometryChange`).
 */
export class WallSurface {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly regions = new Map<Element, TileRegion>();
  private readonly observer: ResizeObserver;
  private readonly onWindowResize = () => this.relayout();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onGeometryChange: () => void,
    private readonly devicePixelRatio: () => number = () => window.devicePixelRatio || 1,
  ) {
    // Transparent: cleared pixels show the tile's black (or grey, when stale) waveform area.
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context for the wall');
    this.ctx = ctx;
    // Resize callbacks come after layout, so reading positions there forces none.
    this.observer = new ResizeObserver(() => this.relayout());
    this.observer.observe(canvas);
    window.addEventListener('resize', this.onWindowResize);
  }

  /** The drawing region for one tile's waveform placeholder. */
  region(placeholder: HTMLElement): WaveformCanvas {
    const region = new TileRegion(this.ctx);
    this.regions.set(placeholder, region);
    this.observer.observe(placeholder);
    this.place(placeholder, region, this.canvas.getBoundingClientRect(), this.devicePixelRatio());
    return region;
  }

  release(placeholder: HTMLElement): void {
    const region = this.regions.get(placeholder);
    if (!region) return;
    this.observer.unobserve(placeholder);
    this.regions.delete(placeholder);
    region.clear();
  }

  dispose(): void {
    this.observer.disconnect();
    window.removeEventListener('resize', this.onWindowResize);
    this.regions.clear();
  }

  /** Re-reads the canvas and every region; if anything moved, starts every trace afresh. */
  relayout(): void {
    const dpr = this.devicePixelRatio();
    const bounds = this.canvas.getBoundingClientRect();
    const width = Math.round(bounds.width * dpr);
    const height = Math.round(bounds.height * dpr);
    let changed = false;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      // Assigning the size clears the canvas and resets the context state.
      this.canvas.width = width;
      this.canvas.height = height;
      changed = true;
    }
    for (const [placeholder, region] of this.regions) changed = this.place(placeholder, region, bounds, dpr) || changed;
    if (!changed) return;
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.onGeometryChange();
  }

  private place(placeholder: Element, region: TileRegion, bounds: DOMRect, dpr: number): boolean {
    const box = placeholder.getBoundingClientRect();
    return region.moveTo(
      Math.round((box.left - bounds.left) * dpr),
      Math.round((box.top - bounds.top) * dpr),
      box.width,
      box.height,
    );
  }
}

/** A tile's part of the wall canvas, seen by the sweep renderer as a canvas of its own. */
class TileRegion implements WaveformCanvas {
  /** Backing size in device px, as the sweep renderer sized it. */
  width = 0;
  height = 0;
  clientWidth = 0;
  clientHeight = 0;
  /** Origin in the shared canvas, device px. */
  x = 0;
  y = 0;
  private readonly context: OffsetContext;

  constructor(shared: CanvasRenderingContext2D) {
    this.context = new OffsetContext(shared, this);
  }

  getContext(): WaveformContext2D {
    return this.context;
  }

  /** Returns whether anything changed. */
  moveTo(x: number, y: number, cssWidth: number, cssHeight: number): boolean {
    const changed = x !== this.x || y !== this.y || cssWidth !== this.clientWidth || cssHeight !== this.clientHeight;
    this.x = x;
    this.y = y;
    this.clientWidth = cssWidth;
    this.clientHeight = cssHeight;
    return changed;
  }

  clear(): void {
    this.context.clearRect(0, 0, this.width, this.height);
  }
}

/**
 * The shared 2D context, shifted to a region's origin. Paths and text are
 * drawn at an offset; clearRect is clamped to the region so erasing never
 * touches a neighbour. Style properties are the shared context's (every tile
 * sets what it needs before drawing, as it must after any canvas resize).
 */
class OffsetContext implements WaveformContext2D {
  constructor(
    private readonly shared: CanvasRenderingContext2D,
    private readonly region: TileRegion,
  ) {}

  /**
   * Kept to the region plus a line width around it: a trace's round cap can
   * reach that far past the edge, and only this tile ever draws there (a
   * header or the numerics separate regions, never another region).
   */
  clearRect(x: number, y: number, w: number, h: number): void {
    const margin = Math.ceil(this.shared.lineWidth) + 1;
    const x0 = Math.max(-margin, x);
    const y0 = Math.max(-margin, y);
    const x1 = Math.min(this.region.width + margin, x + w);
    const y1 = Math.min(this.region.height + margin, y + h);
    if (x1 > x0 && y1 > y0) this.shared.clearRect(this.region.x + x0, this.region.y + y0, x1 - x0, y1 - y0);
  }
  beginPath(): void {
    this.shared.beginPath();
  }
  // A segment wrapping past the right edge would draw over the numerics: keep
  // points on the region's edges (the slope change is under a pixel).
  moveTo(x: number, y: number): void {
    this.shared.moveTo(this.region.x + clamp(x, this.region.width), this.region.y + clamp(y, this.region.height));
  }
  lineTo(x: number, y: number): void {
    this.shared.lineTo(this.region.x + clamp(x, this.region.width), this.region.y + clamp(y, this.region.height));
  }
  stroke(): void {
    this.shared.stroke();
  }
  fillText(text: string, x: number, y: number, maxWidth?: number): void {
    if (maxWidth === undefined) this.shared.fillText(text, this.region.x + x, this.region.y + y);
    else this.shared.fillText(text, this.region.x + x, this.region.y + y, maxWidth);
  }
  measureText(text: string): TextMetrics {
    return this.shared.measureText(text);
  }
  get strokeStyle() {
    return this.shared.strokeStyle;
  }
  set strokeStyle(value) {
    this.shared.strokeStyle = value;
  }
  get fillStyle() {
    return this.shared.fillStyle;
  }
  set fillStyle(value) {
    this.shared.fillStyle = value;
  }
  get lineWidth() {
    return this.shared.lineWidth;
  }
  set lineWidth(value) {
    this.shared.lineWidth = value;
  }
  get lineJoin() {
    return this.shared.lineJoin;
  }
  set lineJoin(value) {
    this.shared.lineJoin = value;
  }
  get lineCap() {
    return this.shared.lineCap;
  }
  set lineCap(value) {
    this.shared.lineCap = value;
  }
  get font() {
    return this.shared.font;
  }
  set font(value) {
    this.shared.font = value;
  }
  get textAlign() {
    return this.shared.textAlign;
  }
  set textAlign(value) {
    this.shared.textAlign = value;
  }
  get textBaseline() {
    return this.shared.textBaseline;
  }
  set textBaseline(value) {
    this.shared.textBaseline = value;
  }
}

function clamp(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value;
}
