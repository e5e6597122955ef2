import type { MenuItemConstructorOptions } from 'electron';

/**
 * The workstation's application menu as a plain template, so a unit test
 * under Node can check it (only a type is imported from electron).
 *
 * Production menus have no developer tools and no reload: a reload drops the
 * page's alarm audio and state for a moment, and developer tools give whoever
 * stands at the screen a console inside the renderer. So no Electron menu
 * role that bundles them (`viewMenu`, and `appMenu`/`fileMenu`, which also
 * bring a bare Quit) is used; every item is listed. Developer tools and
 * reload exist only in `npm run dev` (`developerTools: true`).
 *
 * Quitting is a clinical action (station/clinical-quit.ts): the menu's Quit
 * (Cmd/Ctrl+Q) asks the window for the signed-in, confirmed quit instead of
 * quitting.
 */
export interface StationMenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Only under `npm run dev` (the electron-vite dev server). */
  developerTools: boolean;
  /** Starts the clinical quit (sign-in, confirmation naming the active alarms, audit). */
  requestQuit: () => void;
  /** The Scenarios menu of the simulated unit, if offered. */
  scenarios?: MenuItemConstructorOptions | null;
}

/** Roles that must never appear outside development: reload, developer tools, and the bundles that contain them or a bare quit. */
export const DEVELOPMENT_ONLY_ROLES: readonly string[] = ['reload', 'forcereload', 'toggledevtools'];
export const FORBIDDEN_BUNDLE_ROLES: readonly string[] = ['viewmenu', 'appmenu', 'filemenu', 'quit', 'close', 'windowmenu'];

export function stationMenuTemplate(options: StationMenuOptions): MenuItemConstructorOptions[] {
  const quit: MenuItemConstructorOptions = {
    label: `Quit ${options.appName}…`,
    accelerator: 'CmdOrCtrl+Q',
    click: () => options.requestQuit(),
  };
  const template: MenuItemConstructorOptions[] = [];
  if (options.platform === 'darwin') {
    template.push({
      label: options.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, quit],
    });
  } else {
    template.push({ label: 'File', submenu: [quit] });
  }
  // Cut, copy and paste in the sign-in fields (on macOS they work only through a menu).
  template.push({ role: 'editMenu' });
  template.push({
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.developerTools
        ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  });
  if (options.scenarios) template.push(options.scenarios);
  return template;
}
