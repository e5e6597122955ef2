import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import Ajv from 'ajv';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../../electron/main/audit/audit-store';
import { DisclosureRecorder } from '../../electron/main/disclosure/disclosure-recorder';
import { TickPipeline } from '../../electron/main/pipeline/tick-pipeline';
import { UnitSimulator } from '../../electron/main/simulator/unit-simulator';
import { APP_FILES, RESOURCE_FILES, UNPACKED_APP_FILES, appFilePath, type AppFile } from '../../electron/main/packaging/app-files';
import { packApp, ROOT, type PackedApp } from './support/pack-app';

/**
 * electron-builder.yml, checked three ways:
 * 1. against electron-builder's own JSON schema (app-builder-lib/scheme.json),
 *    through electron-builder's own loader and validator;
 * 2. statically: the fuses, and the run-time files the code names
 *    (electron/main/packaging/app-files.ts) against what the builds produce;
 * 3. by packing the app for real with electron-builder (offline, a fake
 *    Electron binary carrying a real fuse wire) and reading the result: the
 *    asar, what is unpacked, the fuses in the binary, the resources – and by
 *    running the packed audit writer and full-disclosure recorder threads
 *    from where the package put them.
 */

type BuilderConfig = Record<string, unknown> & {
  files?: unknown;
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  extraResources?: Array<{ from: string; to: string }>;
};

/** electron-builder's DebugLogger, switched off. */
const quietLogger = { isEnabled: false, add: () => undefined } as never;

async function loadBuilderConfig(): Promise<BuilderConfig> {
  return (await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)) as unknown as BuilderConfig;
}

describe('electron-builder.yml against electron-builder’s own schema', () => {
  it('passes electron-builder’s validateConfiguration (scheme.json from app-builder-lib)', async () => {
    const config = await loadBuilderConfig();
    await expect(validateConfiguration(config as never, quietLogger)).resolves.toBeUndefined();
  });

  it('the validator really rejects: a misspelt option and a wrong type both fail', async () => {
    const config = await loadBuilderConfig();
    await expect(validateConfiguration({ ...config, asarUnpak: ['x'] } as never, quietLogger)).rejects.toThrow(/asarUnpak/);
    await expect(validateConfiguration({ ...config, nsis: { perMachine: 'yes please' } } as never, quietLogger)).rejects.toThrow(/perMachine/);
  });

  it('the file names the schema it is written against (editor completion for whoever edits it)', () => {
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(/^\$schema: \.\/node_modules\/app-builder-lib\/scheme\.json$/m);
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    expect(new Ajv({ strict: false }).validateSchema(schema)).toBe(true);
  });
});

describe('Electron fuses (issue 14 item 4)', () => {
  const EXPECTED: Record<string, boolean> = {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
  };

  it.each(Object.entries(EXPECTED))('%s is %s in the builder config', async (fuse, value) => {
    const config = await loadBuilderConfig();
    expect(config.electronFuses?.[fuse]).toBe(value);
  });
});

describe('the files the app loads at run time, as the builds produce them', () => {
  it('package.json main is the main bundle the app files list names', () => {
    expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main).toBe(APP_FILES.mainBundle);
  });

  it('electron.vite.config.ts builds each of them under the name the code loads', async () => {
    const { default: config } = (await import('../../electron.vite.config')) as unknown as {
      default: {
        main: { build: { rollupOptions: { input: Record<string, string> } } };
        preload: { build: { rollupOptions: { input: Record<string, string>; output: { entryFileNames: string; format: string } } } };
        renderer: { build: { rollupOptions: { input: Record<string, string> } } };
      };
    };
    const main = config.main.build.rollupOptions.input;
    // electron-vite writes main entries to out/main/<key>.js.
    expect(Object.keys(main).map((k) => `out/main/${k}.js`).sort()).toEqual([APP_FILES.auditWorker, APP_FILES.disclosureWorker, APP_FILES.mainBundle].sort());
    expect(relative(ROOT, main['disclosure-worker']!).split('\\').join('/')).toBe('electron/main/disclosure/writer/disclosure-worker.ts');
    expect(relative(ROOT, main['audit-worker']!).split('\\').join('/')).toBe('electron/main/audit/writer/audit-worker.ts');
    const preload = config.preload.build.rollupOptions;
    expect(Object.keys(preload.input).map((k) => `out/preload/${preload.output.entryFileNames.replace('[name]', k)}`)).toEqual([APP_FILES.preload]);
    expect(Object.keys(config.renderer.build.rollupOptions.input).map((k) => `out/renderer/${k}.html`)).toEqual([APP_FILES.rendererIndex]);
  });

  it('the builder config ships out/** and unpacks exactly the files the code loads from disk', async () => {
    const config = await loadBuilderConfig();
    // electron-builder's loader normalises `files` into file sets.
    const files = (config.files as Array<string | { filter: string[] }>).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', APP_FILES.auditWorker, APP_FILES.disclosureWorker, 'out/main/chunks/**']));
    expect(UNPACKED_APP_FILES).toEqual(['auditWorker', 'disclosureWorker', 'sqliteAddon']);
    expect(config.extraResources?.map((r) => r.to).sort()).toEqual(Object.values(RESOURCE_FILES).sort());
  });
});

/** Inside Electron process.versions.electron is set, so a store names the unpacked addon itself: a preload that says so. */
function asElectronShim(dir: string): string {
  const shim = join(dir, 'as-electron.cjs');
  writeFileSync(shim, "Object.defineProperty(process.versions, 'electron', { value: '39.5.0', enumerable: true });\n");
  return shim;
}

describe('the app packed by electron-builder from this config (linux dir, offline)', () => {
  let packed: PackedApp;
  let asarFiles: Set<string>;
  const asar = () => join(packed.resourcesDir, 'app.asar');
  const appRoot = () => join(packed.resourcesDir, 'app.asar');

  beforeAll(() => {
    packed = packApp();
    asarFiles = new Set(listPackage(asar(), { isPack: false }).map((f) => f.split('\\').join('/').replace(/^\//, '')));
  }, 240_000);
  afterAll(() => packed?.remove());

  it('holds every run-time file, and each one that must be on disk is unpacked beside the archive', () => {
    for (const [name, path] of Object.entries(APP_FILES) as Array<[AppFile, string]>) {
      expect(asarFiles.has(path), `${path} in the asar listing`).toBe(true);
      const unpacked = UNPACKED_APP_FILES.includes(name);
      const entry = statFile(asar(), path) as { unpacked?: boolean };
      expect(Boolean(entry.unpacked), `${path} unpacked`).toBe(unpacked);
      // The path the code computes is where the file really is.
      if (unpacked) expect(existsSync(appFilePath(appRoot(), name)), appFilePath(appRoot(), name)).toBe(true);
    }
  });

  it('the renderer’s index.html finds every script and stylesheet it references inside the archive', () => {
    const html = readFileSync(join(packed.builtOutDir, 'renderer/index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+)"/g)].map((m) => m[1]!).filter((r) => !/^[a-z]+:/.test(r));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(asarFiles.has(`out/renderer/${ref}`), ref).toBe(true);
  });

  it.each(['auditWorker', 'disclosureWorker'] as const)('everything the unpacked %s requires is unpacked too (its chunks, better-sqlite3)', (worker) => {
    const unpackedRoot = `${appRoot()}.unpacked`;
    const code = readFileSync(appFilePath(appRoot(), worker), 'utf8');
    const relativeRequires = [...code.matchAll(/require\("(\.[^"]+)"\)/g)].map((m) => m[1]!);
    expect(relativeRequires.length).toBeGreaterThan(0);
    for (const spec of relativeRequires) expect(existsSync(join(unpackedRoot, 'out/main', spec)), spec).toBe(true);
    expect(existsSync(join(unpackedRoot, 'node_modules/better-sqlite3/lib/index.js'))).toBe(true);
  });

  it('the packed audit worker runs from app.asar.unpacked and writes a verified chain with signed heads (as Electron would start it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-packed-audit-'));
    const shim = asElectronShim(dir);
    const store = await AuditStore.open({
      file: join(dir, 'audit.sqlite'),
      stationId: 'packed-test',
      projectRoot: appRoot(),
      workerEntry: { path: appFilePath(appRoot(), 'auditWorker'), execArgv: ['--require', shim] },
      walCheckpointer: false,
      // The writer thread signs heads inside its transactions (writer/head-signing.ts): that code must be in the packed bundle too.
      keyDir: join(dir, 'key'),
      signEveryRows: 1,
    });
    try {
      await store.recordClinical({ action: 'app.start', actor: 'system', details: {} });
      const verification = await store.verify({ full: true });
      expect(verification).toMatchObject({ ok: true, signedHeads: expect.any(Number) });
      expect((verification as { signedHeads: number }).signedHeads).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('the packed full-disclosure recorder runs from app.asar.unpacked and records what it is given (as Electron would start it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-packed-disclosure-'));
    const problems: Array<string | null> = [];
    const recorder = new DisclosureRecorder({
      file: join(dir, 'disclosure.sqlite'),
      projectRoot: appRoot(),
      exportDir: join(dir, 'exports'),
      beds: ['bed-01'],
      retentionHours: 72,
      worker: { path: appFilePath(appRoot(), 'disclosureWorker'), execArgv: ['--require', asElectronShim(dir)] },
      onHealth: (problem) => problems.push(problem),
    });
    try {
      const pipeline = new TickPipeline();
      recorder.subscribe(pipeline);
      const sim = new UnitSimulator({ beds: 1, seed: 3, startAt: Date.now() });
      for (let i = 0; i < 50; i++) pipeline.publish({ mono: performance.now(), segments: sim.advanceTo(Date.now() + i * 40).segments, numerics: [], statuses: [] });
      await recorder.call({ name: 'flush', args: {} });
      const strip = await recorder.call<{ channels: { ecg: unknown[] } }>({ name: 'strip', args: { bedId: 'bed-01', from: Date.now() - 60_000, to: Date.now() + 60_000 } });
      expect(strip.channels.ecg.length).toBeGreaterThan(0);
      expect(problems).not.toContainEqual(expect.any(String));
    } finally {
      await recorder.close();
    }
  });

  it('electron-builder flipped each fuse in the packed executable', async () => {
    const wire = (await getCurrentFuseWire(packed.executable)) as unknown as Record<number, number>;
    const on = 49;
    const off = 48;
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on);
  });

  it('ships the SBOM, the config JSON Schema and the example configs beside app.asar, and no SBOM inside it', () => {
    const sbom = JSON.parse(readFileSync(join(packed.resourcesDir, RESOURCE_FILES.sbom), 'utf8')) as { bomFormat: string; metadata: { component: { name: string } } };
    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', metadata: { component: { name: 'vigil-station' } } });
    expect(asarFiles.has('out/sbom.cdx.json')).toBe(false);
    expect(readFileSync(join(packed.resourcesDir, RESOURCE_FILES.configSchema), 'utf8')).toBe(readFileSync(join(ROOT, 'docs/config.schema.json'), 'utf8'));
    for (const name of ['workstation-16-beds.json', 'unit-64-beds.json', 'corridor-wall.json']) {
      expect(existsSync(join(packed.resourcesDir, RESOURCE_FILES.configExamples, name)), name).toBe(true);
    }
  });

  it('writes the updater’s app-update.yml (generic provider) into the package', () => {
    expect(readFileSync(join(packed.resourcesDir, 'app-update.yml'), 'utf8')).toMatch(/^provider: generic$/m);
  });
});
