import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
 *   Electron, so the default binding is already the right one.
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
  const candidate = join(projectRoot, electronNativeBindingDir(electronVersion), 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}
