import type { WebPreferences } from 'electron';

/**
 * The renderer is treated as untrusted: it gets no Node, runs sandboxed in its
 * own JS world, and reaches the main process only through the preload's
 * narrow API. Developer tools cannot even be opened outside `npm run dev`
 * (the menu offers none either: menu-template.ts).
 */
export function secureWebPreferences(preloadPath: string, options: { developerTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    devTools: options.developerTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // A kiosk wall has nobody to click: alarm tones must start without a gesture.
    autoplayPolicy: 'no-user-gesture-required',
    // The wall keeps drawing when another window covers it.
    backgroundThrottling: false,
  };
}
