import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_FILES, ICON_SOURCE, LINUX_PNG_SIZES, linuxPngName, MAC_ICNS_ENTRIES, MASTER_PNG_SIZE, WINDOWS_ICO_SIZES } from '../../scripts/icons/icon-set';

/**
 * The committed icon files, read the way the operating systems read them:
 * container headers parsed here independently of the writers in
 * scripts/icons/, every embedded image a real PNG of the size its entry
 * claims, with an alpha channel and transparent corners.
 */
const ROOT = resolve(__dirname, '../..');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PngFacts {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  topLeftAlpha: number;
}

/** Reads IHDR and the first pixel (its filter predictor is 0 whatever the filter, so it is the raw value). */
function readPng(data: Buffer, what: string): PngFacts {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE), `${what}: PNG signature`).toBe(true);
  expect(data.toString('latin1', 12, 16), `${what}: first chunk`).toBe('IHDR');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const bitDepth = data.readUInt8(24);
  const colourType = data.readUInt8(25);
  const idat: Buffer[] = [];
  let at = 8;
  let sawEnd = false;
  while (at < data.length) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') sawEnd = true;
    at += 12 + length;
  }
  expect(sawEnd, `${what}: IEND present (file not truncated)`).toBe(true);
  const pixels = inflateSync(Buffer.concat(idat));
  expect(pixels.length, `${what}: pixel data for every row`).toBe(height * (1 + width * 4));
  return { width, height, bitDepth, colourType, topLeftAlpha: pixels[4]! };
}

function expectIconPng(data: Buffer, size: number, what: string): void {
  const png = readPng(data, what);
  expect({ width: png.width, height: png.height }, what).toEqual({ width: size, height: size });
  // 8-bit RGBA: the rounded corners must be see-through on a dock, a taskbar or a desktop.
  expect({ bitDepth: png.bitDepth, colourType: png.colourType }, what).toEqual({ bitDepth: 8, colourType: 6 });
  expect(png.topLeftAlpha, `${what}: transparent corner`).toBe(0);
}

const read = (path: string) => readFileSync(join(ROOT, path));

describe('icons in build/', () => {
  it('were generated from the current build/icon.svg (npm run icons)', () => {
    const recorded = read(ICON_FILES.sourceDigest).toString('utf8').split(/\s+/)[0];
    expect(recorded).toBe(createHash('sha256').update(read(ICON_SOURCE)).digest('hex'));
  });

  it('Linux: one PNG per size in build/icons', () => {
    for (const size of LINUX_PNG_SIZES) expectIconPng(read(join(ICON_FILES.linuxDir, linuxPngName(size))), size, `linux ${size}`);
  });

  it('the 1024 px master PNG', () => {
    expectIconPng(read(ICON_FILES.master), MASTER_PNG_SIZE, 'icon.png');
  });

  it('Windows: icon.ico holds 16 to 256 px, each entry pointing at a PNG of the size it claims', () => {
    const ico = read(ICON_FILES.ico);
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // icon, not cursor
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = 6 + 16 * i;
      const size = ico.readUInt8(at) || 256;
      expect(ico.readUInt8(at + 1) || 256, `entry ${i} is square`).toBe(size);
      expect(ico.readUInt16LE(at + 6), `entry ${i} bits per pixel`).toBe(32);
      const length = ico.readUInt32LE(at + 8);
      const offset = ico.readUInt32LE(at + 12);
      expect(offset + length, `entry ${i} inside the file`).toBeLessThanOrEqual(ico.length);
      expectIconPng(ico.subarray(offset, offset + length), size, `ico entry ${size}`);
      sizes.push(size);
    }
    expect(sizes).toEqual([...WINDOWS_ICO_SIZES]);
    expect(sizes).toContain(256); // electron-builder refuses an .ico without it
  });

  it('macOS: icon.icns holds every iconutil size up to 1024 px (512@2x)', () => {
    const icns = read(ICON_FILES.icns);
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Array<{ type: string; size: number }> = [];
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      expect(length, `${type} length`).toBeGreaterThan(8);
      const png = readPng(icns.subarray(at + 8, at + length), `icns ${type}`);
      found.push({ type, size: png.width });
      expectIconPng(icns.subarray(at + 8, at + length), png.width, `icns ${type}`);
      at += length;
    }
    expect(found).toEqual(MAC_ICNS_ENTRIES.map((e) => ({ type: e.type, size: e.size })));
  });
});
