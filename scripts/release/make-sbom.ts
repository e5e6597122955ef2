/**
 * npm run sbom [-- --out <file>]   (default out/sbom.cdx.json)
 * Writes the CycloneDX SBOM that the package ships beside app.asar and the
 * release attaches; the app's --version prints its SHA-256.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { completeSbom, NPM_SBOM_ARGS } from './sbom';

const ROOT = resolve(__dirname, '../..');

function main(args: string[]): void {
  const i = args.indexOf('--out');
  const out = resolve(i >= 0 && args[i + 1] ? args[i + 1]! : resolve(ROOT, 'out/sbom.cdx.json'));
  // npm-cli.js through this Node: no shell, and the same npm on every OS.
  const npm = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, [process.env.npm_execpath]] as const : ['npm', []] as const;
  const text = execFileSync(npm[0], [...npm[1], ...NPM_SBOM_ARGS], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell: npm[0] === 'npm' && process.platform === 'win32' });
  const app = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const electron = JSON.parse(readFileSync(resolve(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
  const bom = completeSbom(JSON.parse(text), app, electron.version);
  const json = `${JSON.stringify(bom, null, 2)}\n`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, json);
  process.stdout.write(`sbom: ${bom.components.length} components, CycloneDX ${bom.specVersion}, sha256 ${createHash('sha256').update(json).digest('hex')} -> ${out}\n`);
}

main(process.argv.slice(2));
