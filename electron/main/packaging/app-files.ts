import { basename, dirname, join, sep } from 'node:path';

/**
 * The files the app loads at run time, relative to the app root: the project
 * folder in development, `resources/app.asar` in a packaged app. This list is
 * what electron-builder.yml has to ship, and test/build/ checks it against
 * the builder config and a real (offline) electron-builder package.
 */
export const APP_FILES = {
  /** package.json "main": the main-process bundle. */
  mainBundle: 'out/main/index.js',
  /** The audit writer thread (worker_threads), a second entry of the main build. */
  auditWorker: 'out/main/audit-worker.js',
  /** The full-disclosure recorder's thread, a third entry of the main build. */
  disclosureWorker: 'out/main/disclosure-worker.js',
  /** The sandboxed preload, one self-contained CommonJS file. */
  preload: 'out/preload/index.cjs',
  rendererIndex: 'out/renderer/index.html',
  /** better-sqlite3's native addon, rebuilt for Electron's ABI by electron-builder. */
  sqliteAddon: 'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
} as const;
export type AppFile = keyof typeof APP_FILES;

/**
 * Loaded from the real file system, never through Electron's asar shim:
 * - the addon, because the OS loader (dlopen/LoadLibrary) cannot read inside an archive;
 * - the audit worker, because the writer of the trail should depend on as
 *   little as possible: its thread then loads its script, its chunks and
 *   better-sqlite3 from plain files, never through a patched fs inside a thread;
 * - the full-disclosure recorder's worker, for the same reason.
 */
export const UNPACKED_APP_FILES: readonly AppFile[] = ['auditWorker', 'disclosureWorker', 'sqliteAddon'];

/** Files shipped beside app.asar in the resources folder, for IT and security tools to read without unpacking anything. */
export const RESOURCE_FILES = {
  /** CycloneDX SBOM of the shipped dependencies (npm run sbom). */
  sbom: 'sbom.cdx.json',
  /** JSON Schema of the station configuration (npm run config-schema). */
  configSchema: 'config.schema.json',
  /** docs/examples/*.json. */
  configExamples: 'config-examples',
} as const;

const ASAR = 'app.asar';

/** True when `appRoot` is a packaged app's archive (Electron's app.getAppPath() then ends in app.asar). */
export function isPackagedAppRoot(appRoot: string): boolean {
  return basename(appRoot) === ASAR;
}

/**
 * Where a file of the app is on disk. Inside a packaged app, files listed in
 * asarUnpack live in `app.asar.unpacked/` beside the archive, at the same
 * relative path; code that bypasses the asar shim must use that path.
 */
export function appFilePath(appRoot: string, file: AppFile): string {
  const root = isPackagedAppRoot(appRoot) && UNPACKED_APP_FILES.includes(file) ? `${appRoot}.unpacked` : appRoot;
  return join(root, ...APP_FILES[file].split('/'));
}

/** The app root for code running from the main bundle (out/main/index.js): two folders up. */
export function appRootFromMainBundle(mainBundleDir: string): string {
  return dirname(dirname(mainBundleDir.endsWith(sep) ? mainBundleDir.slice(0, -1) : mainBundleDir));
}

/** The resources folder of a packaged app (where app.asar is), or null in development. */
export function resourcesDirOf(appRoot: string): string | null {
  return isPackagedAppRoot(appRoot) ? dirname(appRoot) : null;
}
