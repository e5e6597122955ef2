import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtAuditWorkerEntry, sourceAuditWorkerEntry } from '../../../../electron/main/audit/worker-entry';
import { disclosureWorkerBeside } from '../../../../electron/main/disclosure/worker-entry';
import { appFilePath, appRootFromMainBundle, isPackagedAppRoot, resourcesDirOf } from '../../../../electron/main/packaging/app-files';

const packaged = join('C:', 'Program Files', 'Vigil Station', 'resources', 'app.asar');
const dev = join('/home', 'dev', 'vigil-station');

describe('where the app finds its own files', () => {
  it('tells a packaged app root (app.asar) from a development checkout', () => {
    expect(isPackagedAppRoot(packaged)).toBe(true);
    expect(isPackagedAppRoot(dev)).toBe(false);
    expect(resourcesDirOf(packaged)).toBe(join('C:', 'Program Files', 'Vigil Station', 'resources'));
    expect(resourcesDirOf(dev)).toBeNull();
  });

  it('reads packed files through the archive and unpacked ones from app.asar.unpacked', () => {
    expect(appFilePath(packaged, 'rendererIndex')).toBe(join(packaged, 'out', 'renderer', 'index.html'));
    expect(appFilePath(packaged, 'preload')).toBe(join(packaged, 'out', 'preload', 'index.cjs'));
    expect(appFilePath(packaged, 'auditWorker')).toBe(join(`${packaged}.unpacked`, 'out', 'main', 'audit-worker.js'));
    expect(appFilePath(dev, 'auditWorker')).toBe(join(dev, 'out', 'main', 'audit-worker.js'));
    expect(appFilePath(packaged, 'disclosureWorker')).toBe(join(`${packaged}.unpacked`, 'out', 'main', 'disclosure-worker.js'));
  });

  it('the main bundle finds the app root two folders up, and the audit worker unpacked', () => {
    const mainDir = join(packaged, 'out', 'main');
    expect(appRootFromMainBundle(mainDir)).toBe(packaged);
    expect(builtAuditWorkerEntry(mainDir).path).toBe(join(`${packaged}.unpacked`, 'out', 'main', 'audit-worker.js'));
    expect(builtAuditWorkerEntry(join(dev, 'out', 'main')).path).toBe(join(dev, 'out', 'main', 'audit-worker.js'));
  });

  it('the recorder’s thread is found beside the audit writer’s: unpacked in a package, the build in development, the sources under tsx', () => {
    const mainDir = join(packaged, 'out', 'main');
    expect(disclosureWorkerBeside(builtAuditWorkerEntry(mainDir)).path).toBe(appFilePath(packaged, 'disclosureWorker'));
    expect(disclosureWorkerBeside(builtAuditWorkerEntry(join(dev, 'out', 'main'))).path).toBe(appFilePath(dev, 'disclosureWorker'));
    const fromSources = disclosureWorkerBeside(sourceAuditWorkerEntry(dev));
    expect(fromSources).toEqual({ path: join(dev, 'electron/main/disclosure/writer/disclosure-worker.ts'), execArgv: ['--require', 'tsx/cjs'] });
    // The real sources: both threads' files exist where the entries say.
    const root = resolve(__dirname, '../../../..');
    for (const entry of [sourceAuditWorkerEntry(root), disclosureWorkerBeside(sourceAuditWorkerEntry(root))]) expect(existsSync(entry.path), entry.path).toBe(true);
    expect(() => disclosureWorkerBeside({ path: join(dev, 'somewhere/else/audit-worker.ts') })).toThrow(/cannot find the recorder/);
  });
});
