import { BrowserWindow } from 'electron';
import type { Logger } from '../logging/logger';
import { lockDownNavigation } from './lock-down-navigation';
import { secureWebPreferences } from './secure-web-preferences';

export interface StationWindowOptions {
  wall: boolean;
  preloadPath: string;
  rendererIndexPath: string;
  devServerUrl?: string;
  log: Logger;
}

/**
 * The one station window. In wall mode it is a fullscreen kiosk with no menu
 * or frame. If its renderer dies, the window reloads it: the alarm engine
 * lives in the main process and never stopped, and the reloaded renderer
 * fetches the full unit state on start.
 */
export function createStationWindow(options: StationWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1600,
    height: 1000,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: '#000000',
    title: 'Vigil Station',
    kiosk: options.wall,
    fullscreen: options.wall,
    frame: !options.wall,
    autoHideMenuBar: options.wall,
    // Developer tools only under `npm run dev` (the electron-vite dev server); not even openable otherwise.
    webPreferences: secureWebPreferences(options.preloadPath, { developerTools: options.devServerUrl !== undefined }),
  });
  const contents = window.webContents;
  lockDownNavigation(contents, options.log);

  window.once('ready-to-show', () => window.show());

  contents.on('render-process-gone', (_event, details) => {
    options.log.error('renderer.gone', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) setImmediate(() => loadRenderer(window, options));
  });
  contents.on('unresponsive', () => options.log.error('renderer.unresponsive'));
  contents.on('responsive', () => options.log.info('renderer.responsive'));

  loadRenderer(window, options);
  return window;
}

function loadRenderer(window: BrowserWindow, options: StationWindowOptions): void {
  const loading = options.devServerUrl ? window.loadURL(options.devServerUrl) : window.loadFile(options.rendererIndexPath);
  loading.catch((error: Error) => options.log.error('renderer.load-failed', { reason: error.message }));
}
