import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * The GitHub workflows (.github/workflows/) run where Electron can be
 * downloaded, never here (.ci/run does not run them). What can be checked
 * here is checked: they parse, they are valid against SchemaStore's workflow
 * schema (bundled in @action-validator/core), they call only npm scripts that
 * exist and that the README documents, and every secret they read is in the
 * release runbook.
 */
const ROOT = resolve(__dirname, '../..');
const WORKFLOWS = join(ROOT, '.github/workflows');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: { os?: string[]; include?: Array<Record<string, string>> } };
  env?: Record<string, string>;
  steps: Step[];
  needs?: string | string[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));
const workflow = (name: string) => load(read(`.github/workflows/${name}`)) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
const runs = (wf: Workflow) => steps(wf).flatMap((s) => (s.run ? [s.run] : []));

/** The npm scripts a shell line calls: `npm test`, `npm run <name> …`. */
function npmScriptsCalled(line: string): string[] {
  return [...line.matchAll(/\bnpm\s+(?:run\s+([\w:.-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]!);
}

describe('GitHub workflows', () => {
  it('are the CI and the release workflow', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(files)('%s is valid against the GitHub workflow schema', (file) => {
    expect(validateWorkflow(read(`.github/workflows/${file}`)).errors).toEqual([]);
  });

  it('the schema check can fail (a misspelt key is reported)', () => {
    expect(validateWorkflow(read('.github/workflows/ci.yml').replace('runs-on:', 'runs_on:')).errors.length).toBeGreaterThan(0);
  });

  it.each(files)('%s calls only npm scripts that exist and that the README’s scripts table documents', (file) => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const readme = read('README.md');
    const scriptsTable = readme.slice(readme.indexOf('## Scripts'));
    const called = runs(workflow(file)).flatMap(npmScriptsCalled);
    expect(called.length).toBeGreaterThan(0);
    for (const name of called) {
      expect(scripts[name], `package.json script ${name}`).toBeDefined();
      expect(scriptsTable, `README scripts table documents npm ${name === 'test' ? 'test' : `run ${name}`}`).toContain(name === 'test' ? '`npm test`' : `\`npm run ${name}`);
    }
  });

  it('CI runs npm test on Linux (under Xvfb), Windows and macOS with the real Electron binary', () => {
    const ci = workflow('ci.yml');
    const job = ci.jobs.test!;
    expect(job.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect(runs(ci)).toContain('xvfb-run -a npm test');
    expect(runs(ci)).toContain('npm test');
    expect(runs(ci)).toContain('npm ci');
    // Electron is downloaded here, so the _electron suite does not skip.
    expect(JSON.stringify(ci)).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
  });

  it('the release builds signed installers per OS from a tag, attaches each SBOM and publishes checksums', () => {
    const release = workflow('release.yml');
    expect(Object.keys(release.on)).toEqual(['push']);
    expect((release.on.push as { tags: string[] }).tags).toEqual(['v*.*.*']);
    const build = release.jobs.installers!;
    expect(build.env?.VIGIL_RELEASE).toBe('1');
    expect(build.strategy?.matrix.include?.map((m) => m.platform)).toEqual(['win', 'mac', 'linux']);
    expect(runs(release)).toContain('npm run dist -- --${{ matrix.platform }} --publish never');
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(String(upload.with?.path)).toContain('dist/sbom-*.cdx.json');
    const publish = release.jobs.publish!;
    expect(publish.needs).toBe('installers');
    expect(runs(release)).toContain('npm run checksums -- release');
    expect(runs(release).join('\n')).toMatch(/gh release create "\$GITHUB_REF_NAME" release\/\*/);
  });

  it('every secret a workflow reads is named in the release runbook (build/README.md)', () => {
    const runbook = read('build/README.md');
    const secrets = new Set(files.flatMap((f) => [...read(`.github/workflows/${f}`).matchAll(/\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]!)));
    expect(secrets.size).toBeGreaterThan(0);
    for (const secret of secrets) expect(runbook, secret).toContain(`\`${secret}\``);
  });

  it('.ci/run (this machine’s CI) does not run them', () => {
    expect(read('.ci/run')).not.toMatch(/\.github|workflows|\bact\b/);
  });
});
