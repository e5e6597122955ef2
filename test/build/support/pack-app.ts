import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFakeElectronDist } from './fake-electron';

export const ROOT = resolve(__dirname, '../../..');

export interface PackedApp {
  /** electron-builder's linux-unpacked folder. */
  appOutDir: string;
  resourcesDir: string;
  /** The folder the app was built into (out/ of a scratch project). */
  builtOutDir: string;
  executable: string;
  /** Removes the scratch project (~40 MB). */
  remove(): void;
}

function node(args: string[], cwd: string): void {
  execFileSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', VIGIL_RELEASE: '' }, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Builds the app and packs it with the real electron-builder and the real
 * electron-builder.yml, offline: a scratch project that links this one's
 * node_modules, the production bundle built into it, the SBOM, and a fake
 * Electron distribution (fake-electron.ts). Target `dir` (the unpacked app
 * every installer is made from); no native rebuild (no Electron headers here),
 * so the addon is the Node build – which lets a test run the packed audit
 * worker under Node.
 */
export function packApp(): PackedApp {
  const project = mkdtempSync(join(tmpdir(), 'vigil-pack-'));
  for (const file of ['package.json', 'electron-builder.yml']) copyFileSync(join(ROOT, file), join(project, file));
  // Junctions on Windows: a directory symlink there needs a privilege CI runners may not have.
  for (const dir of ['node_modules', 'build', 'docs']) symlinkSync(join(ROOT, dir), join(project, dir), process.platform === 'win32' ? 'junction' : 'dir');
  // Hooks must resolve inside the project (electron-builder refuses a path that leaves it), so copy, not link.
  mkdirSync(join(project, 'scripts/release'), { recursive: true });
  copyFileSync(join(ROOT, 'scripts/release/notarize-hook.cjs'), join(project, 'scripts/release/notarize-hook.cjs'));

  const builtOutDir = join(project, 'out');
  node([join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', builtOutDir, '--logLevel', 'warn'], ROOT);
  node(['--import', 'tsx', join(ROOT, 'scripts/release/make-sbom.ts'), '--out', join(builtOutDir, 'sbom.cdx.json')], ROOT);

  const electronDist = writeFakeElectronDist(join(project, '.fake-electron'));
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  node(
    [
      join(ROOT, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${version}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${join(project, 'dist')}`,
    ],
    project,
  );
  const appOutDir = join(project, 'dist', 'linux-unpacked');
  return {
    appOutDir,
    resourcesDir: join(appOutDir, 'resources'),
    builtOutDir,
    executable: join(appOutDir, 'vigil-station'),
    // rmSync removes the links themselves, never what they point to (the repository's node_modules, build, docs).
    remove: () => rmSync(project, { recursive: true, force: true }),
  };
}
