import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule as a test: only the Electron layer (electron/main/app and
 * electron/preload) may import `electron`; shared/ is pure TypeScript; the
 * renderer never reaches into main-process code.
 */
const ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|cts)$/.test(name)) out.push(full);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(pattern)) specifiers.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return specifiers;
}

const rel = (f: string) => relative(ROOT, f).split('\\').join('/');

describe('layering', () => {
  it('only electron/main/app and electron/preload import electron', () => {
    const offenders = [
      ...sourceFiles(join(ROOT, 'electron')),
      ...sourceFiles(join(ROOT, 'shared')),
      ...sourceFiles(join(ROOT, 'renderer/src')),
      ...sourceFiles(join(ROOT, 'gateway')),
      ...sourceFiles(join(ROOT, 'scripts')),
    ]
      .filter((f) => !rel(f).startsWith('electron/main/app/') && !rel(f).startsWith('electron/preload/'))
      .filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('shared/ imports only zod and other shared files', () => {
    const offenders = sourceFiles(join(ROOT, 'shared')).flatMap((f) =>
      importsOf(f)
        .filter((s) => s !== 'zod' && !(s.startsWith('.') && resolve(f, '..', s).startsWith(join(ROOT, 'shared'))))
        .map((s) => `${rel(f)} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('renderer/ never imports main-process or preload code', () => {
    const offenders = sourceFiles(join(ROOT, 'renderer/src')).flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith('.') && resolve(f, '..', s).startsWith(join(ROOT, 'electron')))
        .map((s) => `${rel(f)} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('catches an offending import (the detector itself works)', () => {
    expect(importsOf(join(ROOT, 'electron/main/app/run-app.ts'))).toContain('electron');
  });
});
