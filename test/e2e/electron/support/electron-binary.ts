import { existsSync } from 'node:fs';

/**
 * The Electron executable `npm install` downloaded, or null where it was
 * skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1, our CI): the suite then skips.
 */
export const electronBinary: string | null = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
})();
