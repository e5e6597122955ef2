/**
 * Prints the asking view's print layout (the strip sheet) to a PDF file.
 * The Electron layer implements it with webContents.printToPDF on that
 * view's window; in browser mode there is none and the view prints itself
 * through the browser (Chromium's own print-to-PDF).
 */
export interface StripPrinter {
  /** Returns the path of the PDF written. */
  print(viewId: string, name: string): Promise<string>;
}
