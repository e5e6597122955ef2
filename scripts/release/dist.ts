/**
 * npm run dist [-- --win | --mac | --linux] [other electron-builder flags]
 * The one release build: the production bundle, the SBOM, then
 * electron-builder with the signing identity the environment provides
 * (signing.ts). Developers get unsigned installers; the release workflow sets
 * VIGIL_RELEASE=1, which refuses to build unsigned or un-notarised ones.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { signingPlan, SigningConfigError } from './signing';

const ROOT = resolve(__dirname, '../..');

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function platformsOf(args: string[]): Array<'win' | 'mac' | 'linux'> {
  const named = (['win', 'mac', 'linux'] as const).filter((p) => args.includes(`--${p}`) || args.includes(`-${p[0]}`));
  if (named.length > 0) return named;
  return [process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'linux'];
}

function main(args: string[]): void {
  let plan;
  try {
    plan = signingPlan(process.env, platformsOf(args));
  } catch (error) {
    if (!(error instanceof SigningConfigError)) throw error;
    process.stderr.write(`dist: ${error.message} (see build/README.md)\n`);
    process.exit(1);
  }
  process.stdout.write(`dist: windows signing ${plan.windows}, macOS signing ${plan.mac}\n`);
  run([resolve(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
  run(['--import', 'tsx', resolve(ROOT, 'scripts/release/make-sbom.ts')]);
  run([resolve(ROOT, 'node_modules/electron-builder/cli.js'), ...args, ...plan.builderArgs]);
}

main(process.argv.slice(2));
