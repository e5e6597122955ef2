import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appFilePath, isPackagedAppRoot } from '../packaging/app-files';

/**
 * better-sqlite3 is a native addon built against one ABI. The tests run under
 * Node and the app under Electron, which have different ABIs, so one compiled
 * file cannot serve both. We keep both side by side instead of rebuilding
 * back and forth:
 *
 * - Node's build stays where `npm install` puts it
 *   (node_modules/better-sqlite3/build/Release).
 * - Electron's build is made by scripts/native-electron.mjs (run by
 *   `npm start`/`npm run dev`) into .native/electron-<version>-<platform>-<arch>/.
 * - A packaged app has no .native/: electron-builder rebuilt node_modules for
 *   Electron and unpacked the addon beside app.asar (asarUnpack). It is named
 *   by its path there rather than found by the `bindings` package, which
 *   would have to search from inside the archive (and, in the audit worker
 *   loaded from app.asar.unpacked, is not there at all).
 *
 * Returns the path to pass as better-sqlite3's `nativeBinding`, or undefined
 * to let the package load its own build.
 */
export function electronNativeBindingDir(electronVersion: string, platform = process.platform, arch = process.arch): string {
  return join('.native', `electron-${electronVersion}-${platform}-${arch}`);
}

export function resolveSqliteNativeBinding(projectRoot: string, versions: NodeJS.ProcessVersions = process.versions): string | undefined {
  const electronVersion = versions.electron;
  if (!electronVersion) return undefined;
  if (isPackagedAppRoot(projectRoot)) return appFilePath(projectRoot, 'sqliteAddon');
  const candidate = join(projectRoot, electronNativeBindingDir(electronVersion), 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}
