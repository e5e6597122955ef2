import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * An Operator is the proof that a session was checked (electron/main/auth/
 * operator.ts). Only SessionManager.authorize() may mint one; anywhere else
 * in the station, a call to mintOperator() would let a clinical action
 * through without a session check. Tests may mint (they stand in for it).
 */
const ROOT = resolve(__dirname, '../../../..');
const SCANNED = ['electron', 'renderer', 'shared', 'scripts'];
const OPERATOR_MODULE = 'electron/main/auth/operator.ts';

function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const rel = (file: string) => relative(ROOT, file).split('\\').join('/');

interface Finding {
  /** `Class.method` (or the function) that contains the use, `<module>` at top level. */
  where: string;
  kind: 'call' | 'import' | 'reference';
}

/** Every use of the identifier `mintOperator` in a source text, with where it sits. */
function usesOf(fileName: string, text: string): Finding[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Finding[] = [];
  const container = (node: ts.Node): string => {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if ((ts.isMethodDeclaration(n) || ts.isFunctionDeclaration(n)) && n.name) {
        const cls = ts.isClassLike(n.parent) && n.parent.name ? `${n.parent.name.text}.` : '';
        return cls + n.name.getText(source);
      }
      if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isConstructorDeclaration(n) || ts.isPropertyDeclaration(n)) {
        const named = ts.isPropertyDeclaration(n) ? n : n.parent;
        if (ts.isPropertyDeclaration(named) || ts.isVariableDeclaration(named)) return `${named.name.getText(source)} (function value)`;
        if (ts.isConstructorDeclaration(n)) return `${ts.isClassLike(n.parent) && n.parent.name ? n.parent.name.text : '?'}.constructor`;
        return '(anonymous function)';
      }
    }
    return '<module>';
  };
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && node.text === 'mintOperator') {
      const parent = node.parent;
      if (ts.isFunctionDeclaration(parent) && parent.name === node) {
        // The definition.
      } else if (ts.isImportSpecifier(parent)) {
        found.push({ where: '<module>', kind: 'import' });
      } else if (ts.isCallExpression(parent) && parent.expression === node) {
        found.push({ where: container(node), kind: 'call' });
      } else {
        found.push({ where: container(node), kind: 'reference' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('Operator minting', () => {
  const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d)));

  it('scans the station sources', () => {
    expect(files.map(rel)).toContain('electron/main/auth/session-manager.ts');
    expect(files.map(rel)).toContain(OPERATOR_MODULE);
    expect(files.some((f) => rel(f).startsWith('renderer/'))).toBe(true);
  });

  it('outside tests, only SessionManager.authorize() uses mintOperator (one import, one call)', () => {
    const uses = files.flatMap((file) => usesOf(file, readFileSync(file, 'utf8')).map((u) => `${rel(file)} ${u.kind} ${u.where}`));
    expect(uses).toEqual(['electron/main/auth/session-manager.ts import <module>', 'electron/main/auth/session-manager.ts call SessionManager.authorize']);
  });

  it('the scan sees calls anywhere else, aliased or passed around, and ignores comments', () => {
    const sample = [
      "import { mintOperator as mint } from './operator';",
      'class SessionManager {',
      '  // mintOperator() in a comment is not a use',
      '  authorize() { return mintOperator({}); }',
      '  private sneaky(): void { mintOperator({}); }',
      '}',
      'const helper = () => mintOperator({});',
      'export const minter = mintOperator;',
    ].join('\n');
    expect(usesOf('sample.ts', sample).map((u) => `${u.kind} ${u.where}`)).toEqual([
      'import <module>',
      'call SessionManager.authorize',
      'call SessionManager.sneaky',
      'call helper (function value)',
      'reference <module>',
    ]);
  });
});
