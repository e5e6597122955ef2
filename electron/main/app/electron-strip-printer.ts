import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebContents } from 'electron';
import type { StripPrinter } from '../disclosure/strip-printer';

/**
 * Prints a view's strip sheet with Electron's webContents.printToPDF: the
 * renderer's print layout (@media print: only the sheet, A4 landscape, real
 * millimetres) into a PDF in the station's exports folder. The views are
 * known only once IPC is registered, so the lookup is bound afterwards.
 */
export function createElectronStripPrinter(exportDir: string): StripPrinter & { useViews(lookup: (viewId: string) => WebContents | null): void } {
  let lookup: (viewId: string) => WebContents | null = () => null;
  return {
    useViews(next) {
      lookup = next;
    },
    async print(viewId, name) {
      const contents = lookup(viewId);
      if (!contents || contents.isDestroyed()) throw new Error('the window that asked to print is gone');
      // The sheet is laid out in the page's next frame; wait for it before printing.
      await contents.executeJavaScript('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))', true);
      const pdf = await contents.printToPDF({ preferCSSPageSize: true, printBackground: true, landscape: true, pageSize: 'A4' });
      mkdirSync(exportDir, { recursive: true });
      const file = join(exportDir, `strip-${name.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf`);
      writeFileSync(file, pdf);
      return file;
    },
  };
}
