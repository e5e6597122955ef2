import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeSbom } from '../../../scripts/release/sbom';

const ROOT = resolve(__dirname, '../../..');

describe('npm run sbom', () => {
  it('writes CycloneDX JSON from npm sbom: every runtime dependency at its locked version, Electron, and no dev tool', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vigil-sbom-')), 'sbom.cdx.json');
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/release/make-sbom.ts', '--out', out], { cwd: ROOT, stdio: 'pipe' });
    const bom = JSON.parse(readFileSync(out, 'utf8')) as {
      bomFormat: string;
      specVersion: string;
      metadata: { component: { name: string; version: string } };
      components: Array<{ name: string; version: string; purl: string }>;
    };
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(Number(bom.specVersion)).toBeGreaterThanOrEqual(1.5);
    expect(bom.metadata.component).toMatchObject({ name: pkg.name, version: pkg.version });
    const byName = new Map(bom.components.map((c) => [c.name, c]));
    for (const [name, version] of Object.entries(pkg.dependencies)) expect(byName.get(name)?.version, name).toBe(version);
    expect(byName.get('electron')).toMatchObject({ version: pkg.devDependencies.electron, purl: `pkg:npm/electron@${pkg.devDependencies.electron}` });
    for (const dev of ['vitest', 'typescript', '@playwright/test', 'electron-builder']) expect(byName.has(dev), dev).toBe(false);
  }, 60_000);

  it('refuses output that is not CycloneDX rather than ship a wrong SBOM', () => {
    expect(() => completeSbom({ spdxVersion: 'SPDX-2.3' }, { name: 'vigil-station', version: '1.0.0' }, '39.5.0')).toThrow(/CycloneDX/);
  });
});
