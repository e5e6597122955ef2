import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { Strip } from '../../../shared/disclosure/review-schemas';
import { NUMERIC_UNIT, type NumericKind } from '../../../shared/domain/numeric';
import { formatRecordTime } from './record-clock';
import { paperScale } from './paper-scale';
import { drawStrip } from './strip-drawing';
import { decodeStrip } from './strip-samples';

export interface PrintJob {
  strip: Strip;
  /** undefined: not printed yet; null: printed through the browser; else where Electron wrote the PDF. */
  file: string | null | undefined;
}

/** Print resolution: 12 device px per mm (≈ 300 dpi). The sheet is laid out in real mm (a PDF's mm are real). */
const PX_PER_MM = 12;
const STRIP_MM = 150;
const BANDS_MM = { ecg: 40, pleth: 20, resp: 20 };

/**
 * The print layout of a strip: one A4 landscape page with the bed's label
 * (and the patient once the census provides one), the time span, the
 * numerics at its end and the alarms in it, then 6 s of ECG, pleth and resp
 * at 25 mm/s and 10 mm/mV on a true-millimetre grid. Only this sheet prints
 * (@media print); in Electron the main process prints it with printToPDF,
 * in a browser the browser's own print (to PDF) does.
 */
export function PrintSheet({ job, onLaidOut, onDone }: { job: PrintJob; onLaidOut(job: PrintJob): void; onDone(): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { strip } = job;

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const scale = paperScale(PX_PER_MM);
    const band = { ecg: BANDS_MM.ecg * PX_PER_MM, pleth: BANDS_MM.pleth * PX_PER_MM, resp: BANDS_MM.resp * PX_PER_MM };
    c.width = STRIP_MM * PX_PER_MM;
    c.height = band.ecg + band.pleth + band.resp;
    drawStrip(c.getContext('2d')!, strip, decodeStrip(strip), scale, { width: c.width, band });
    // Printed once, after the frame that shows the sheet.
    if (job.file === undefined) requestAnimationFrame(() => onLaidOut(job));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [strip]);

  const numerics = (['hr', 'spo2', 'pulseRate', 'rr', 'temp', 'nibpSys', 'nibpDia'] as NumericKind[]).map((kind) => {
    const n = strip.numerics.find((x) => x.kind === kind);
    return `${kind.toUpperCase()} ${n?.value ?? '---'} ${NUMERIC_UNIT[kind]}`;
  });
  return createPortal(
    <div className="print-sheet" data-testid="print-sheet">
      <header className="print-header">
        <strong data-testid="print-bed">{strip.stamp.bedLabel}</strong>
        {strip.stamp.patient && <span> · {strip.stamp.patient}</span>}
        <span data-testid="print-time">
          {' '}
          · {formatRecordTime(strip.clock.offsets, strip.from)} – {formatRecordTime(strip.clock.offsets, strip.to)}
        </span>
      </header>
      <p className="print-numerics">{numerics.join('   ')}</p>
      <p className="print-alarms">
        {strip.alarms.length === 0 ? 'No alarm in this strip.' : strip.alarms.map((a) => `${formatRecordTime(strip.clock.offsets, a.at)} ${a.priority ?? ''} ${a.code} ${a.kind}`).join(' · ')}
      </p>
      <canvas ref={canvas} className="print-strip" style={{ width: `${STRIP_MM}mm`, height: `${BANDS_MM.ecg + BANDS_MM.pleth + BANDS_MM.resp}mm` }} />
      <p className="print-footnote">25 mm/s · 10 mm/mV · grid 1 mm / 5 mm · Vigil Station full disclosure{job.file ? ` · saved as ${job.file}` : ''}</p>
      <button type="button" className="print-close" onClick={onDone} data-testid="print-close">
        Close print preview
      </button>
    </div>,
    document.body,
  );
}
