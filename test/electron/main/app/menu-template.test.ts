import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { DEVELOPMENT_ONLY_ROLES, FORBIDDEN_BUNDLE_ROLES, stationMenuTemplate } from '../../../../electron/main/app/menu-template';
import { secureWebPreferences } from '../../../../electron/main/app/secure-web-preferences';

/**
 * Production menus have no developer tools and no reload (issue 14 §4), and
 * their Quit asks for the clinical quit instead of quitting (issue 12 §6).
 * The template is a plain function, checked here under Node on every
 * platform's shape.
 */
function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const roles = (items: readonly MenuItemConstructorOptions[]) => flatten(items).flatMap((i) => (i.role ? [i.role.toLowerCase()] : []));
const accelerators = (items: readonly MenuItemConstructorOptions[]) => flatten(items).flatMap((i) => (i.accelerator ? [String(i.accelerator).toLowerCase()] : []));
// What Electron's roles would bind for reload and developer tools, were one to slip in with a custom label.
const DEV_SHORTCUTS = ['cmdorctrl+r', 'ctrl+r', 'command+r', 'f5', 'shift+cmdorctrl+r', 'cmdorctrl+shift+r', 'f12', 'ctrl+shift+i', 'alt+command+i', 'cmdorctrl+shift+i'];

describe('the workstation menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`${platform}: production has no reload, no developer tools, no role that bundles them or a bare quit`, () => {
      const template = stationMenuTemplate({ platform, appName: 'Vigil Station', developerTools: false, requestQuit: () => undefined });
      const found = roles(template);
      for (const role of [...DEVELOPMENT_ONLY_ROLES, ...FORBIDDEN_BUNDLE_ROLES]) expect(found, role).not.toContain(role);
      for (const shortcut of DEV_SHORTCUTS) expect(accelerators(template), shortcut).not.toContain(shortcut);
      expect(flatten(template).some((i) => /reload|developer|devtools|inspect/i.test(i.label ?? ''))).toBe(false);
    });

    it(`${platform}: Quit (Cmd/Ctrl+Q) asks for the clinical quit instead of quitting`, () => {
      const requestQuit = vi.fn();
      const template = stationMenuTemplate({ platform, appName: 'Vigil Station', developerTools: false, requestQuit });
      const quit = flatten(template).filter((i) => i.accelerator === 'CmdOrCtrl+Q');
      expect(quit).toHaveLength(1);
      expect(quit[0]!.role).toBeUndefined();
      (quit[0]!.click as () => void)();
      expect(requestQuit).toHaveBeenCalledTimes(1);
    });
  }

  it('npm run dev keeps reload and developer tools', () => {
    const found = roles(stationMenuTemplate({ platform: 'linux', appName: 'Vigil Station', developerTools: true, requestQuit: () => undefined }));
    expect(found).toEqual(expect.arrayContaining(['reload', 'forcereload', 'toggledevtools']));
    for (const role of FORBIDDEN_BUNDLE_ROLES) expect(found).not.toContain(role);
  });

  it('keeps the Scenarios menu of the simulated unit when offered', () => {
    const template = stationMenuTemplate({ platform: 'linux', appName: 'V', developerTools: false, requestQuit: () => undefined, scenarios: { label: 'Scenarios', submenu: [] } });
    expect(template.map((i) => i.label ?? i.role)).toEqual(['File', 'editMenu', 'View', 'Scenarios']);
  });
});

describe('the window', () => {
  it('cannot open developer tools outside npm run dev, and stays isolated and sandboxed', () => {
    expect(secureWebPreferences('/p/preload.cjs', { developerTools: false })).toMatchObject({
      devTools: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(secureWebPreferences('/p/preload.cjs', { developerTools: true }).devTools).toBe(true);
  });
});
