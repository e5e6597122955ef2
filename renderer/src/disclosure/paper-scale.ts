/**
 * Paper conventions on a screen: 25 mm/s and 10 mm/mV, a 1 mm / 5 mm grid.
 *
 * A screen's pixel pitch is unknown to a web page, so a millimetre is the
 * CSS millimetre (96/25.4 CSS px: what the browser assumes for a 96 dpi
 * reference screen) times a per-workstation factor the user sets once by
 * holding a ruler to the 50 mm calibration bar on the strip screen (kept in
 * this browser's local storage). Print-outs need no factor: a PDF page's
 * millimetres are real.
 */
export const PAPER_SPEED_MM_PER_S = 25;
export const ECG_GAIN_MM_PER_MV = 10;
export const CSS_PX_PER_MM = 96 / 25.4;
const SCALE_KEY = 'vigil.paperScale';

export function screenScale(): number {
  try {
    const stored = Number(window.localStorage.getItem(SCALE_KEY));
    return Number.isFinite(stored) && stored >= 0.5 && stored <= 2 ? stored : 1;
  } catch {
    return 1;
  }
}

/** The user measured the 50 mm bar as `measuredMm` on their screen. */
export function calibrate(measuredMm: number): number {
  const factor = Math.min(2, Math.max(0.5, (50 / measuredMm) * screenScale()));
  try {
    window.localStorage.setItem(SCALE_KEY, String(factor));
  } catch {
    // Private mode: the factor holds for this session only.
  }
  return factor;
}

export interface PaperScale {
  pxPerMm: number;
  pxPerMs: number;
  pxPerMv: number;
}

export function paperScale(pxPerMm: number): PaperScale {
  return { pxPerMm, pxPerMs: (pxPerMm * PAPER_SPEED_MM_PER_S) / 1000, pxPerMv: pxPerMm * ECG_GAIN_MM_PER_MV };
}
