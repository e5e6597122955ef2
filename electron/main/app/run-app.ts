import { app, dialog, Menu, powerSaveBlocker, session, type BrowserWindow } from 'electron';
import { createElectronStripPrinter } from './electron-strip-printer';
import { parseCommandLine } from '../config/command-line';
import { EXIT_CONFIG } from '../config/config-error';
import { resolveConfigLocation } from '../config/config-location';
import { loadStationConfig } from '../config/load-station-config';
import { createLogger } from '../logging/logger';
import { builtAuditWorkerEntry } from '../audit/worker-entry';
import { appFilePath, appRootFromMainBundle } from '../packaging/app-files';
import { createStation } from '../station/create-station';
import { stationFiles } from '../station/station-files';
import type { Station } from '../station/station';
import { sqliteSelfCheck } from '../storage/open-database';
import { enforceContentSecurityPolicy } from './content-security-policy';
import { lockDownNavigation } from './lock-down-navigation';
import { startFallbackBeeper } from './fallback-beeper';
import { installQuitGuard } from './quit-guard';
import { safeStorageProtector } from './safe-storage-protector';
import { buildStationMenu } from './station-menu';
import { registerStationIpc } from './station-ipc';
import { createStationWindow } from './station-window';
import { updateSupport } from '../updates/update-support';
import { createElectronUpdaterPort, readAppUpdateConfig } from './electron-updater-port';

/** Exit code for any other failure to start (sysexits EX_SOFTWARE). */
const EXIT_START_FAILED = 70;

/** Lifecycle of the Electron app: the only place that knows about windows, menus and the OS. */
export function runApp(): void {
  const log = createLogger('app');
  // Before ready, so Electron never builds its default menu (reload, developer tools) even for a moment.
  Menu.setApplicationMenu(null);
  if (!app.requestSingleInstanceLock()) {
    log.info('app.second-instance-exit');
    app.quit();
    return;
  }
  const cli = parseCommandLine(process.argv);
  let window: BrowserWindow | null = null;
  let station: Station | null = null;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Belt and braces: every web contents, not just ours, gets the same lock-down.
  app.on('web-contents-created', (_event, contents) => lockDownNavigation(contents, log));
  app.on('window-all-closed', () => app.quit());
  const quitGuard = installQuitGuard({ wallMode: cli.wall, log });

  // Nothing may take the station down or hang it behind a modal error box: a
  // stray exception is logged and shown on the wall as a technical alarm.
  const fault = (kind: string) => (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    log.error(kind, { reason: reason.slice(0, 200) });
    station?.raiseFault(`${kind}: ${reason}`);
  };
  process.on('uncaughtException', fault('process.uncaught-exception'));
  process.on('unhandledRejection', fault('process.unhandled-rejection'));

  void app.whenReady().then(() => start()).catch((error: Error) => {
    // Starting failed before there was a station to show it on: say so and exit, never sit there headless.
    log.error('app.start-failed', { reason: error.message.slice(0, 200) });
    dialog.showErrorBox('Vigil Station cannot start', error.message);
    app.exit(EXIT_START_FAILED);
  });

  async function start(): Promise<void> {
    let loaded;
    try {
      // A missing file at a path given with --config or VIGIL_CONFIG is a ConfigError too (exit 78).
      loaded = loadStationConfig(resolveConfigLocation(process.argv));
    } catch (error) {
      log.error('config.invalid', { reason: (error as Error).message });
      dialog.showErrorBox('Vigil Station cannot start', (error as Error).message);
      app.exit(EXIT_CONFIG);
      return;
    }
    log.info('config.loaded', { source: loaded.source ?? 'built-in simulated unit', wall: cli.wall });

    const sqlite = sqliteSelfCheck(app.getAppPath());
    if (sqlite.ok) log.info('sqlite.ready', { version: sqlite.sqliteVersion });
    else log.error('sqlite.unavailable', { reason: sqlite.reason, fix: 'run: node scripts/native-electron.mjs' });

    const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
    const appRoot = appRootFromMainBundle(__dirname);
    const rendererIndexPath = appFilePath(appRoot, 'rendererIndex');
    enforceContentSecurityPolicy(session.defaultSession, devServerUrl);

    const stripPrinter = createElectronStripPrinter(stationFiles(loaded.config, app.getPath('userData')).exportDir);
    const updates = updateSupport({ platform: process.platform, packaged: app.isPackaged, appUpdateConfig: readAppUpdateConfig(process.resourcesPath) });
    const created = await createStation(loaded.config, {
      wallMode: cli.wall,
      logger: createLogger('station'),
      dataDir: app.getPath('userData'),
      projectRoot: app.getAppPath(),
      auditWorker: builtAuditWorkerEntry(__dirname),
      configSource: loaded.source,
      keyProtector: safeStorageProtector(log) ?? undefined,
      configLookedAt: loaded.lookedAt,
      stripPrinter,
      updates: {
        updater: loaded.config.updates.enabled && updates.supported ? createElectronUpdaterPort(createLogger('updates')) : null,
        support: updates,
        currentVersion: app.getVersion(),
      },
    });
    station = created;
    created.onDispose(() => (station = null));
    const ipc = registerStationIpc(created, { rendererIndexPath, devServerOrigin: devServerUrl }, log);
    stripPrinter.useViews((viewId) => ipc.webContentsOf(viewId));
    created.onDispose(() => ipc.dispose());
    created.onDispose(startFallbackBeeper(created));
    const developerTools = devServerUrl !== undefined;
    Menu.setApplicationMenu(cli.wall ? null : buildStationMenu(created, { appName: app.getName(), developerTools, requestQuit: () => quitGuard.request('menu') }, log));
    if (cli.wall) powerSaveBlocker.start('prevent-display-sleep');

    window = createStationWindow({
      wall: cli.wall,
      preloadPath: appFilePath(appRoot, 'preload'),
      rendererIndexPath,
      devServerUrl,
      log,
    });
    ipc.attachWindow(window, cli.wall ? 'wall' : 'workstation');
    quitGuard.attach(created, window);
    window.on('closed', () => (window = null));
    created.start();
  }
}
