import { expect, type Page } from '@playwright/test';

type BedPixels = { width: number; data: Uint8ClampedArray } | null;

/**
 * Every tile's traces are drawn in the wall's one canvas; a bed's are the
 * pixels under its waveform area. Installs window.__bedPixels(bedId) once
 * (a function literal, not eval: the page's CSP forbids eval).
 */
export async function installPixelReader(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __bedPixels: (id: string) => BedPixels }).__bedPixels = (bedId) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="wall-waves"]');
      const area = document.querySelector(`[data-bed-id="${bedId}"] [data-testid="waveform-area"]`);
      if (!canvas || !area || canvas.width === 0) return null;
      const c = canvas.getBoundingClientRect();
      const a = area.getBoundingClientRect();
      const sx = canvas.width / c.width;
      const sy = canvas.height / c.height;
      const w = Math.round(a.width * sx);
      const h = Math.round(a.height * sy);
      if (w <= 0 || h <= 0) return null;
      const data = canvas.getContext('2d')!.getImageData(Math.round((a.left - c.left) * sx), Math.round((a.top - c.top) * sy), w, h).data;
      return { width: w, data };
    };
  });
}

export async function canvasHash(page: Page, bedId: string): Promise<string> {
  await installPixelReader(page);
  return page.evaluate((id) => {
    const pixels = (window as unknown as { __bedPixels: (id: string) => BedPixels }).__bedPixels(id);
    if (!pixels) return '';
    let hash = 0;
    for (let i = 0; i < pixels.data.length; i++) hash = (Math.imul(hash, 31) + pixels.data[i]!) | 0;
    return String(hash);
  }, bedId);
}

/**
 * Waits until the sweep has drawn ECG-green trace pixels in at least
 * `coverage` of the bed's waveform area's pixel columns (any at all by default).
 */
export async function waitForWaveformInk(page: Page, bedId: string, coverage = 0): Promise<void> {
  await expect
    .poll(async () => {
      const ink = await inkedColumns(page, bedId);
      return ink.columns > Math.max(3, coverage * ink.width);
    }, { timeout: 15_000 })
    .toBe(true);
}

/** The share (0-1) of the bed's waveform-area pixel columns that hold ECG-green trace pixels now. */
export async function inkCoverage(page: Page, bedId: string): Promise<number> {
  const ink = await inkedColumns(page, bedId);
  return ink.width === 0 ? 0 : ink.columns / ink.width;
}

async function inkedColumns(page: Page, bedId: string): Promise<{ columns: number; width: number }> {
  await installPixelReader(page);
  return page.evaluate((id) => {
    const pixels = (window as unknown as { __bedPixels: (id: string) => BedPixels }).__bedPixels(id);
    if (!pixels) return { columns: 0, width: 0 };
    const { data, width } = pixels;
    const inked = new Set<number>();
    for (let i = 0; i < data.length; i += 4) if (data[i + 1]! > 150 && data[i]! < 100 && data[i + 2]! < 100) inked.add((i / 4) % width);
    return { columns: inked.size, width };
  }, bedId);
}
