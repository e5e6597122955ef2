import { inflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';

/**
 * The colour on screen at one CSS pixel, from a 1×1 screenshot: what the
 * compositor actually shows there (layers, canvas and all), not what the
 * computed style says. Decodes the PNG Chromium writes (8-bit RGB or RGBA,
 * one scanline) with node's zlib rather than adding a PNG library.
 */
export async function screenPixel(page: Page, x: number, y: number): Promise<{ r: number; g: number; b: number }> {
  const png = await page.screenshot({ clip: { x: Math.floor(x), y: Math.floor(y), width: 1, height: 1 }, type: 'png' });
  let offset = 8; // signature
  let colourType = -1;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const chunk = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      if (chunk[8] !== 8) throw new Error(`unexpected PNG bit depth ${chunk[8]}`);
      colourType = chunk[9]!;
    } else if (type === 'IDAT') data.push(chunk);
    offset += 12 + length;
  }
  if (colourType !== 2 && colourType !== 6) throw new Error(`unexpected PNG colour type ${colourType}`);
  const row = inflateSync(Buffer.concat(data));
  // One pixel: filter byte, then R G B (A). With one pixel, every filter type leaves it as is.
  return { r: row[1]!, g: row[2]!, b: row[3]! };
}

/** `#rrggbb` as channels. */
export function hexColour(hex: string): { r: number; g: number; b: number } {
  const n = Number.parseInt(hex.trim().replace('#', ''), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}
