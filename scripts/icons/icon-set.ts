/**
 * Every icon file each platform's packaging needs, all generated from
 * build/icon.svg by `npm run icons` and committed under build/ (so a release
 * machine needs no image tools). test/build/icons.test.ts reads each file's
 * headers and checks it holds exactly these sizes.
 */

/** Linux: electron-builder installs build/icons/<n>x<n>.png into the hicolor theme (desktop entry, AppImage). */
export const LINUX_PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/**
 * Windows: one .ico for the executable, the NSIS installer and uninstaller
 * and the MSI. 16-48 for lists and the taskbar at 100-200 % scaling, 256 for
 * large tiles; electron-builder refuses an .ico without 256.
 */
export const WINDOWS_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256] as const;

/**
 * macOS: .icns entries as iconutil writes them, PNG-encoded (10.7 and later).
 * Each OSType names one pixel size; the @2x ones are the Retina variants.
 */
export const MAC_ICNS_ENTRIES = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'icp6', size: 64 },
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 }, // 256@2x
  { type: 'ic10', size: 1024 }, // 512@2x
] as const;

/** The fallback icon electron-builder and the dmg use when a platform file is missing. */
export const MASTER_PNG_SIZE = 1024;

export const ICON_SOURCE = 'build/icon.svg';
export const ICON_FILES = {
  master: 'build/icon.png',
  ico: 'build/icon.ico',
  icns: 'build/icon.icns',
  linuxDir: 'build/icons',
  /** SHA-256 of the SVG the committed files were made from: a changed source without regenerated files fails a test. */
  sourceDigest: 'build/icons/source.sha256',
} as const;

export function linuxPngName(size: number): string {
  return `${size}x${size}.png`;
}

/** Every distinct pixel size the generator has to render. */
export function allRenderSizes(): number[] {
  const sizes = new Set<number>([MASTER_PNG_SIZE, ...LINUX_PNG_SIZES, ...WINDOWS_ICO_SIZES, ...MAC_ICNS_ENTRIES.map((e) => e.size)]);
  return [...sizes].sort((a, b) => a - b);
}
