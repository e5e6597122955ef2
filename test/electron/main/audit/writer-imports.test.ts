import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The writer thread is its own bundle (out/main/audit-worker.js) and
 * bundles nothing but better-sqlite3 and Node: what it signs and checks
 * (signed heads, journal seals) must not drag zod or Electron in. Walks the
 * runtime imports (type-only imports are erased) from its entry.
 */
const ROOT = resolve(__dirname, '../../../..');

function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s*['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

function resolveModule(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) if (existsSync(candidate)) return candidate;
  return null;
}

describe('the audit writer thread', () => {
  it('reaches no zod and no electron through its runtime imports', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const queue = [resolve(ROOT, 'electron/main/audit/writer/audit-worker.ts')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of runtimeImports(file)) {
        if (!spec.startsWith('.')) external.add(spec.split('/')[0]!);
        else {
          const next = resolveModule(file, spec);
          if (next) queue.push(next);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect([...external].filter((m) => !m.startsWith('node:')).sort()).toEqual(['better-sqlite3']);
  });
});
