import type { WebContents } from 'electron';
import type { Logger } from '../logging/logger';

/**
 * There is no remote content: any navigation away from the loaded renderer,
 * any new window and any webview is refused and logged.
 */
export function lockDownNavigation(contents: WebContents, log: Logger): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log.warn('navigation.denied', { scheme: safeScheme(url) });
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log.warn('redirect.denied', { scheme: safeScheme(url) });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview.denied');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window-open.denied', { scheme: safeScheme(url) });
    return { action: 'deny' };
  });
}

function safeScheme(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return 'unparseable';
  }
}
