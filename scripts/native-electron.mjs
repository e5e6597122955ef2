#!/usr/bin/env node
/**
 * Builds better-sqlite3 for the installed Electron's ABI into
 * .native/electron-<version>-<platform>-<arch>/better_sqlite3.node, leaving
 * node_modules/better-sqlite3 built for Node so the tests keep working.
 * The app picks the Electron build at run time (electron/main/storage/native-binding.ts).
 *
 * Idempotent: does nothing when the build for this Electron version exists.
 * Skips (exit 0, with a message) where the Electron binary is not installed,
 * e.g. with ELECTRON_SKIP_BINARY_DOWNLOAD=1: there is no app to run there.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

let electronBinary;
try {
  electronBinary = require('electron');
} catch {
  electronBinary = null;
}
if (typeof electronBinary !== 'string' || !existsSync(electronBinary)) {
  console.log('native-electron: Electron binary not installed; skipping the Electron build of better-sqlite3.');
  process.exit(0);
}

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const target = join(root, '.native', `electron-${electronVersion}-${process.platform}-${process.arch}`);
const output = join(target, 'better_sqlite3.node');
if (existsSync(output)) {
  console.log(`native-electron: ${output} is up to date.`);
  process.exit(0);
}

const source = dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(join(tmpdir(), 'vigil-sqlite-electron-'));
try {
  for (const part of ['binding.gyp', 'src', 'deps', 'package.json']) cpSync(join(source, part), join(work, part), { recursive: true });
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  // npm exports npm_config_nodedir (this machine points it at Node's headers);
  // it must not leak into an Electron build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)));
  console.log(`native-electron: building better-sqlite3 for Electron ${electronVersion} (takes about a minute)…`);
  const result = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, env, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error('native-electron: build failed; the app will report "sqlite.unavailable" at start.');
    process.exit(result.status ?? 1);
  }
  mkdirSync(target, { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), output);
  console.log(`native-electron: wrote ${output}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
