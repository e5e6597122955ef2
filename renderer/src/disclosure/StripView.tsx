import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Strip } from '../../../shared/disclosure/review-schemas';
import { NUMERIC_UNIT, type NumericKind } from '../../../shared/domain/numeric';
import { useVigilApi } from '../station/api-context';
import { noteActionRecorded } from '../station/recorded-in';
import { stationRequest } from '../station/station-request';
import type { DisclosureTarget } from '../store/panel-store';
import { CSS_PX_PER_MM, calibrate, paperScale, screenScale } from './paper-scale';
import { drawStrip, type StripLayout } from './strip-drawing';
import { decodeStrip, valueAt } from './strip-samples';
import { useStrip } from './use-strip';
import { formatRecordTime, recordTimeOfWall } from './record-clock';
import { PrintSheet, type PrintJob } from './PrintSheet';
import { RecordPatient } from './RecordPatient';

const BANDS = { ecg: 150, pleth: 90, resp: 90 };
const PRINT_MS = 6_000;

/**
 * The full-disclosure strip: ECG, pleth and resp time-aligned on paper
 * (25 mm/s, 10 mm/mV, grid, calibration pulse), paged through the whole
 * retention, stepped alarm to alarm, measured with calipers, printed.
 */
export function StripView({ bedId, target }: { bedId: string; target: DisclosureTarget }) {
  const api = useVigilApi();
  const holder = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(900);
  const [factor, setFactor] = useState(screenScale);
  const scale = useMemo(() => paperScale(CSS_PX_PER_MM * factor), [factor]);
  const { from, setFrom, focus, setFocus, span, state, show } = useStrip(bedId, target, width / scale.pxPerMs);
  const [drawn, setDrawn] = useState(0);
  const [caliperMode, setCaliperMode] = useState<'time' | 'amplitude'>('time');
  const [caliper, setCaliper] = useState<{ a: { x: number; y: number }; b: { x: number; y: number } | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [printJob, setPrintJob] = useState<PrintJob | null>(null);
  const strip = state.status === 'ready' ? state.strip : null;
  const runs = useMemo(() => (strip ? decodeStrip(strip) : null), [strip]);

  useLayoutEffect(() => {
    const w = holder.current?.clientWidth;
    if (w) setWidth(Math.max(300, w - 4));
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !strip || !runs) return;
    const layout: StripLayout = { width, band: BANDS };
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(width * ratio);
    c.height = Math.round((BANDS.ecg + BANDS.pleth + BANDS.resp) * ratio);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawStrip(ctx, strip, runs, scale, layout);
    // "On screen": the frame after this draw is the one the user sees.
    requestAnimationFrame(() => setDrawn((n) => n + 1));
  }, [strip, runs, scale, width]);

  const step = async (direction: 'previous' | 'next') => {
    const at = focus ?? (from ?? 0) + span / 3;
    const r = await stationRequest(api, 'disclosure:alarm-step', { bedId, from: at, direction, strip: { spanMs: span, leadMs: Math.round(span / 3) } });
    if (!r.ok) setMessage(r.error);
    else if (!r.value.alarm) setMessage(direction === 'next' ? 'No later alarm on this bed.' : 'No earlier alarm on this bed in the record.');
    else {
      setMessage(null);
      if (r.value.strip) show(r.value.strip, r.value.alarm.at);
      else {
        setFocus(r.value.alarm.at);
        setFrom(r.value.alarm.at - span / 3);
      }
    }
  };

  const page = (direction: -1 | 1) => {
    if (from === null) return;
    setFocus(null);
    setFrom(from + direction * span);
  };

  // Lay the sheet out first, then have it printed (the station audits the print-out before it exists).
  const print = async () => {
    const center = focus ?? (from ?? 0) + span / 2;
    const data = await stationRequest(api, 'disclosure:strip', { bedId, from: center - PRINT_MS / 2, to: center + PRINT_MS / 2 });
    if (!data.ok) setMessage(`Not printed: ${data.error}`);
    else setPrintJob({ strip: data.value, file: undefined });
  };
  const printLaidOut = async (job: PrintJob) => {
    const printed = await stationRequest(api, 'disclosure:print', { bedId, from: job.strip.from, to: job.strip.to });
    // Audited like any clinical action: the header says so when the audit store is down and the journal took it.
    noteActionRecorded('Strip printed', printed);
    if (!printed.ok) {
      setMessage(`Not printed: ${printed.error}`);
      setPrintJob(null);
      return;
    }
    setPrintJob({ ...job, file: printed.value.file });
    if (printed.value.file === null) window.print();
  };

  const onMouse = (event: MouseEvent<HTMLCanvasElement>, kind: 'down' | 'up') => {
    const rect = event.currentTarget.getBoundingClientRect();
    const point = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    if (kind === 'down') setCaliper({ a: point, b: null });
    else setCaliper((c) => (c ? { a: c.a, b: point } : null));
  };

  const caliperText = caliper?.b ? caliperReading(caliper.a, caliper.b, caliperMode, scale) : null;
  // Labelled as the station's clock read then (the strip's clock entries), not as record time.
  const time = (t: number | null) => (t === null ? '' : formatRecordTime(strip?.clock.offsets ?? [], t));

  return (
    <div className="strip-view" data-testid="strip-view">
      <div className="strip-toolbar">
        <button type="button" onClick={() => void step('previous')} data-testid="strip-previous-alarm">
          ◀ Alarm
        </button>
        <button type="button" onClick={() => page(-1)} data-testid="strip-page-back">
          ◀ Page
        </button>
        <span className="strip-time" data-testid="strip-time">
          {time(from)} – {time(from === null ? null : from + span)}
        </span>
        <button type="button" onClick={() => page(1)} data-testid="strip-page-forward">
          Page ▶
        </button>
        <button type="button" onClick={() => void step('next')} data-testid="strip-next-alarm">
          Alarm ▶
        </button>
        <GoTo onGo={(t) => (setFocus(t), setFrom(t - span / 3))} />
        <label>
          Calipers
          <select value={caliperMode} onChange={(e) => (setCaliperMode(e.target.value as 'time' | 'amplitude'), setCaliper(null))} data-testid="caliper-mode">
            <option value="time">time (RR, QT)</option>
            <option value="amplitude">amplitude (mV)</option>
          </select>
        </label>
        <button type="button" onClick={() => void print()} data-testid="strip-print">
          Print 6 s
        </button>
        <ExportWfdb bedId={bedId} center={focus ?? (from ?? 0) + span / 2} onResult={setMessage} />
      </div>
      <RecordPatient stamp={strip?.stamp} />
      {strip && <StripNumerics strip={strip} />}
      {message && <p className="review-hint">{message}</p>}
      {state.status === 'error' && (
        <p className="review-error" role="alert">
          {state.error}
        </p>
      )}
      {strip && strip.corrupt.length > 0 && (
        <p className="review-error" data-testid="strip-corrupt">
          {strip.corrupt.length} stored block(s) failed their checksum and are shown as unreadable.
        </p>
      )}
      <div className="strip-canvas-holder" ref={holder}>
        <canvas
          ref={canvas}
          style={{ width, height: BANDS.ecg + BANDS.pleth + BANDS.resp }}
          data-testid="strip-canvas"
          data-drawn={drawn}
          data-from={strip?.from ?? ''}
          data-alarms={strip ? strip.alarms.map((a) => `${a.kind}:${a.code}`).join(',') : ''}
          onMouseDown={(e) => onMouse(e, 'down')}
          onMouseUp={(e) => onMouse(e, 'up')}
        />
        {caliper?.b && <Caliper a={caliper.a} b={caliper.b} mode={caliperMode} />}
      </div>
      <div className="strip-footer">
        {caliperText && <span data-testid="caliper-reading">{caliperText}</span>}
        {runs && caliper && <span>ECG at the caliper: {formatMv(valueAt(runs.ecg, (from ?? 0) + caliper.a.x / scale.pxPerMs))}</span>}
        <Calibration onCalibrated={setFactor} pxPerMm={scale.pxPerMm} />
      </div>
      {printJob && <PrintSheet job={printJob} onLaidOut={(job) => void printLaidOut(job)} onDone={() => setPrintJob(null)} />}
    </div>
  );
}

function caliperReading(a: { x: number; y: number }, b: { x: number; y: number }, mode: 'time' | 'amplitude', scale: ReturnType<typeof paperScale>): string {
  if (mode === 'time') {
    const ms = Math.abs(b.x - a.x) / scale.pxPerMs;
    return `Δt ${Math.round(ms)} ms (${ms > 0 ? Math.round(60_000 / ms) : '–'} /min)`;
  }
  return `Δ ${(Math.abs(b.y - a.y) / scale.pxPerMv).toFixed(2)} mV`;
}

function formatMv(v: number | null): string {
  return v === null ? 'no data' : `${v.toFixed(3)} mV`;
}

function Caliper({ a, b, mode }: { a: { x: number; y: number }; b: { x: number; y: number }; mode: 'time' | 'amplitude' }) {
  const style = mode === 'time' ? [{ left: a.x }, { left: b.x }] : [{ top: a.y }, { top: b.y }];
  return (
    <>
      {style.map((s, i) => (
        <div key={i} className={`caliper caliper--${mode}`} style={s} />
      ))}
    </>
  );
}

function StripNumerics({ strip }: { strip: Strip }) {
  const shown: NumericKind[] = ['hr', 'spo2', 'pulseRate', 'rr', 'temp', 'nibpSys', 'nibpDia'];
  const byKind = new Map(strip.numerics.map((n) => [n.kind, n]));
  return (
    <div className="strip-numerics" data-testid="strip-numerics">
      {shown.map((kind) => {
        const n = byKind.get(kind);
        return (
          <span key={kind} data-kind={kind} data-value={n?.value ?? ''}>
            {kind.toUpperCase()} {n?.value ?? '---'} {NUMERIC_UNIT[kind]}
          </span>
        );
      })}
    </div>
  );
}

/** A time range around what is on screen as a WFDB record in the station's exports folder (audited). */
function ExportWfdb({ bedId, center, onResult }: { bedId: string; center: number; onResult(message: string): void }) {
  const api = useVigilApi();
  const [minutes, setMinutes] = useState(10);
  const run = async () => {
    const r = await stationRequest(api, 'disclosure:export', { bedId, from: Math.max(0, center - (minutes * 60_000) / 2), to: center + (minutes * 60_000) / 2 });
    noteActionRecorded('WFDB exported', r);
    onResult(r.ok ? `Exported ${r.value.record} (${r.value.files.join(', ')}) to the station's exports folder.` : `Not exported: ${r.error}`);
  };
  return (
    <span className="strip-export">
      <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} aria-label="Minutes to export" data-testid="export-minutes">
        {[1, 10, 60, 240].map((m) => (
          <option key={m} value={m}>
            {m} min
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void run()} data-testid="strip-export">
        Export WFDB
      </button>
    </span>
  );
}

function GoTo({ onGo }: { onGo(t: number): void }) {
  const [value, setValue] = useState('');
  return (
    <form
      className="strip-goto"
      onSubmit={(e) => {
        e.preventDefault();
        const t = new Date(value).getTime();
        if (Number.isFinite(t)) onGo(recordTimeOfWall(t));
      }}
    >
      <input type="datetime-local" step={1} value={value} onChange={(e) => setValue(e.target.value)} data-testid="strip-goto-time" aria-label="Go to time" />
      <button type="submit" data-testid="strip-goto">
        Go
      </button>
    </form>
  );
}

/** The 50 mm bar a user measures with a ruler to make screen millimetres true millimetres. */
function Calibration({ onCalibrated, pxPerMm }: { onCalibrated(f: number): void; pxPerMm: number }) {
  const [measured, setMeasured] = useState('');
  return (
    <span className="paper-calibration">
      <span className="calibration-bar" style={{ width: 50 * pxPerMm }} title="50 mm" />
      <input value={measured} onChange={(e) => setMeasured(e.target.value)} placeholder="measured mm" size={8} aria-label="Measured length of the bar in mm" />
      <button type="button" onClick={() => Number(measured) > 0 && onCalibrated(calibrate(Number(measured)))}>
        Set scale
      </button>
    </span>
  );
}
