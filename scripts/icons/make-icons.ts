/**
 * Generates every platform's icon files from build/icon.svg:
 *   npm run icons
 * Renders the SVG in Chromium (the same one the browser tests use, so no
 * image library is needed), writes the PNGs, packs the .ico and the .icns,
 * and records the source's SHA-256. The outputs are committed; release
 * machines only package them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { writeIcns } from './icns';
import { writeIco } from './ico';
import { allRenderSizes, ICON_FILES, ICON_SOURCE, LINUX_PNG_SIZES, linuxPngName, MAC_ICNS_ENTRIES, MASTER_PNG_SIZE, WINDOWS_ICO_SIZES } from './icon-set';

const ROOT = resolve(__dirname, '../..');

async function render(svg: string, sizes: number[]): Promise<Map<number, Buffer>> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
    const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    const out = new Map<number, Buffer>();
    for (const size of sizes) {
      await page.setContent(`<html><body style="margin:0;background:transparent"><img id="i" src="${source}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.waitForFunction(() => (document.getElementById('i') as HTMLImageElement).complete);
      out.set(size, await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true, type: 'png' }));
    }
    return out;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const svg = readFileSync(join(ROOT, ICON_SOURCE), 'utf8');
  const png = await render(svg, allRenderSizes());
  const at = (size: number) => png.get(size)!;

  mkdirSync(join(ROOT, ICON_FILES.linuxDir), { recursive: true });
  writeFileSync(join(ROOT, ICON_FILES.master), at(MASTER_PNG_SIZE));
  for (const size of LINUX_PNG_SIZES) writeFileSync(join(ROOT, ICON_FILES.linuxDir, linuxPngName(size)), at(size));
  writeFileSync(join(ROOT, ICON_FILES.ico), writeIco(WINDOWS_ICO_SIZES.map((size) => ({ size, png: at(size) }))));
  writeFileSync(join(ROOT, ICON_FILES.icns), writeIcns(MAC_ICNS_ENTRIES.map((e) => ({ type: e.type, png: at(e.size) }))));
  writeFileSync(join(ROOT, ICON_FILES.sourceDigest), `${createHash('sha256').update(svg).digest('hex')}  ${ICON_SOURCE}\n`);
  process.stdout.write(`icons: ${allRenderSizes().join(', ')} px from ${ICON_SOURCE}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`icons: ${error.message}\n`);
  process.exit(1);
});
