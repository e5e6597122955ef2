import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { autoUpdater } from 'electron-updater';
import type { Logger } from '../logging/logger';
import type { UpdaterEvent, UpdaterPort } from '../updates/updater-port';

/**
 * electron-updater behind the port the update coordinator uses
 * (updates/updater-port.ts). Only created when updates are on and this
 * install can verify them (updates/update-support.ts).
 *
 * - autoDownload: a found version downloads in the background.
 * - autoInstallOnAppQuit off: nothing installs unless an admin's audited
 *   "restart to update" asks for it (a quit for any other reason must not
 *   change the version behind IT's back).
 * - no downgrades, no prereleases, no web installer.
 */
export function createElectronUpdaterPort(log: Logger): UpdaterPort {
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.autoRunAppAfterInstall = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.disableWebInstaller = true;
  autoUpdater.logger = {
    info: (m?: unknown) => log.info('updater', { message: String(m).slice(0, 200) }),
    warn: (m?: unknown) => log.warn('updater', { message: String(m).slice(0, 200) }),
    error: (m?: unknown) => log.error('updater', { message: String(m).slice(0, 200) }),
    debug: () => undefined,
  };
  return {
    async check(url) {
      // The intranet URL from the config; app-update.yml still supplies the publisher name the Windows check uses.
      autoUpdater.setFeedURL({ provider: 'generic', url });
      await autoUpdater.checkForUpdates();
    },
    quitAndInstall: () => autoUpdater.quitAndInstall(true, true),
    onEvent(listener: (event: UpdaterEvent) => void) {
      const handlers: Array<[string, (...args: never[]) => void]> = [
        ['checking-for-update', () => listener({ kind: 'checking' })],
        ['update-available', (info: { version: string }) => listener({ kind: 'available', version: info.version })],
        ['update-not-available', () => listener({ kind: 'not-available' })],
        ['download-progress', (p: { percent: number }) => listener({ kind: 'progress', percent: p.percent })],
        ['update-downloaded', (info: { version: string }) => listener({ kind: 'downloaded', version: info.version })],
        ['error', (error: Error) => listener({ kind: 'error', message: error?.message ?? String(error) })],
      ];
      for (const [name, handler] of handlers) autoUpdater.on(name as 'error', handler as never);
      return () => handlers.forEach(([name, handler]) => autoUpdater.off(name as 'error', handler as never));
    },
  };
}

/** resources/app-update.yml as electron-builder wrote it, or null (development, or built without publish). */
export function readAppUpdateConfig(resourcesPath: string): string | null {
  try {
    return readFileSync(join(resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    return null;
  }
}
