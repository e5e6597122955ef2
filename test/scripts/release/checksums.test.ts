import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksumLines } from '../../../scripts/release/checksums';

describe('release checksums', () => {
  it('lists the SHA-256 of every installer, update manifest and SBOM, and nothing else', async () => {
    const a = mkdtempSync(join(tmpdir(), 'vigil-sums-'));
    const b = join(a, 'linux');
    mkdirSync(b);
    const files: Record<string, string> = {
      'Vigil Station-Setup-0.1.0.exe': 'exe',
      'Vigil Station-0.1.0.msi': 'msi',
      'latest.yml': 'yml',
      'sbom.cdx.json': '{}',
      'Vigil Station-Setup-0.1.0.exe.blockmap': 'skip',
      'builder-debug.yml': 'skip',
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(a, name), content);
    writeFileSync(join(b, 'vigil-station_0.1.0_amd64.deb'), 'deb');
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(await checksumLines([a, b])).toEqual([
      `${sha('yml')}  latest.yml`,
      `${sha('{}')}  sbom.cdx.json`,
      `${sha('msi')}  Vigil Station-0.1.0.msi`,
      `${sha('exe')}  Vigil Station-Setup-0.1.0.exe`,
      `${sha('deb')}  vigil-station_0.1.0_amd64.deb`,
    ]);
  });

  it('refuses two release files of one name (two platforms overwriting each other’s manifest)', async () => {
    const a = mkdtempSync(join(tmpdir(), 'vigil-sums-'));
    const b = mkdtempSync(join(tmpdir(), 'vigil-sums-'));
    writeFileSync(join(a, 'latest.yml'), 'win');
    writeFileSync(join(b, 'latest.yml'), 'other');
    await expect(checksumLines([a, b])).rejects.toThrow(/two release files named latest\.yml/);
  });
});
