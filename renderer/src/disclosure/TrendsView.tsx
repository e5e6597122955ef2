import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlarmMark, Trend } from '../../../shared/disclosure/review-schemas';
import { TREND_SPANS_HOURS, TREND_TABLE_MINUTES } from '../../../shared/disclosure/disclosure-limits';
import { NUMERIC_UNIT } from '../../../shared/domain/numeric';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';
import { wallTimeOf, type ClockEntry } from '../../../shared/disclosure/record-time';
import { formatLocalHourMinute } from '../review/local-time';
import { TABLE_KINDS, trendTable } from './trend-table';
import { formatRecordTime, hearRecordClock, missedThePresent, recordNow } from './record-clock';
import { RecordPatient } from './RecordPatient';

const CHARTS = [
  { kind: 'hr', label: 'HR', colour: '#2ecc71' },
  { kind: 'spo2', label: 'SpO₂', colour: '#3fa9f5' },
  { kind: 'pulseRate', label: 'Pulse rate', colour: '#9be7a0' },
  { kind: 'rr', label: 'RR', colour: '#f5d33f' },
  { kind: 'temp', label: 'Temp', colour: '#f08a3f' },
] as const;
const PRIORITY_COLOUR: Record<string, string> = { HIGH: '#ff4040', MEDIUM: '#ffb000', LOW: '#e0e000' };
const SYNC = uPlot.sync('vigil-trends');

/**
 * A bed's trends: HR, SpO2, pulse rate, RR, Temp as lines and NIBP as
 * discrete readings, over 1, 8, 24 or 72 h, with the bed's alarms marked on
 * the time axis, one cursor across every graph that reads out values, and a
 * table beside them. A gap in the record is a gap in the line (the station
 * sends an explicit null; uPlot never joins across one).
 */
export function TrendsView({ bedId, onOpenStrip }: { bedId: string; onOpenStrip(at: number): void }) {
  const api = useVigilApi();
  const [hours, setHours] = useState<number>(1);
  const [resolution, setResolution] = useState<number>(1);
  const [trend, setTrend] = useState<Trend | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  /** Asked again once when the record's present turned out to be later than the one asked for (record-clock.ts). */
  const [again, setAgain] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const to = recordNow() + 2_000;
    void stationRequest(api, 'disclosure:trend', { bedId, from: to - hours * 3_600_000, to }).then((r) => {
      if (cancelled) return;
      if (r.ok) {
        hearRecordClock(r.value.clock);
        if (again === 0 && missedThePresent(r.value.clock, to)) {
          setAgain(1);
          return;
        }
        setTrend(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      cancelled = true;
    };
    // `again` only re-asks; it is not reset by a new span (the clock is heard by then).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, bedId, hours, again]);

  const rows = useMemo(() => (trend ? trendTable(trend, resolution) : []), [trend, resolution]);
  const onsets = trend?.alarms.filter((a) => a.kind === 'onset') ?? [];

  return (
    <div className="trends-view" data-testid="trends-view" data-resolution={trend?.resolution ?? ''}>
      <div className="trend-toolbar">
        {TREND_SPANS_HOURS.map((h) => (
          <button key={h} type="button" aria-pressed={h === hours} onClick={() => setHours(h)} data-testid={`trend-span-${h}`}>
            {h} h
          </button>
        ))}
        <span className="trend-readout" data-testid="trend-readout">
          {cursor === null ? 'Move over a graph to read values' : readout(trend, cursor)}
        </span>
        <button type="button" disabled={cursor === null} onClick={() => cursor !== null && onOpenStrip(cursor)} data-testid="trend-open-strip">
          Waveforms at the cursor
        </button>
      </div>
      <RecordPatient stamp={trend?.stamp} />
      {error && (
        <p className="review-error" role="alert">
          {error}
        </p>
      )}
      <div className="trend-body">
        <div className="trend-charts">
          {trend &&
            CHARTS.map((c) => (
              <TrendChart key={`${c.kind}-${hours}`} trend={trend} kind={c.kind} label={`${c.label} (${NUMERIC_UNIT[c.kind]})`} colour={c.colour} onCursor={setCursor} />
            ))}
          {trend && <NibpChart trend={trend} onCursor={setCursor} />}
          {trend && <AlarmAxis trend={trend} onsets={onsets} onOpen={onOpenStrip} />}
        </div>
        <div className="trend-table-holder">
          <label>
            Table every
            <select value={resolution} onChange={(e) => setResolution(Number(e.target.value))} data-testid="trend-table-resolution">
              {TREND_TABLE_MINUTES.map((m) => (
                <option key={m} value={m}>
                  {m} min
                </option>
              ))}
            </select>
          </label>
          <table className="review-table trend-table" data-testid="trend-table">
            <thead>
              <tr>
                <th>Time</th>
                {TABLE_KINDS.map((k) => (
                  <th key={k}>{k}</th>
                ))}
                <th>NIBP</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.at} data-testid="trend-row" data-spo2={row.values.spo2 ?? ''}>
                  <td>{formatRecordTime(trend!.clock.offsets, row.at)}</td>
                  {TABLE_KINDS.map((k) => (
                    <td key={k}>{row.values[k] === null ? '—' : row.values[k]!.toFixed(k === 'temp' ? 1 : 0)}</td>
                  ))}
                  <td>{row.nibp ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

function readout(trend: Trend | null, at: number): string {
  if (!trend) return '';
  const parts = [formatRecordTime(trend.clock.offsets, at)];
  for (const c of CHARTS) {
    const s = trend.series[c.kind];
    let best: number | null = null;
    let bestDt = Infinity;
    s?.t.forEach((t, i) => {
      const dt = Math.abs(t - at);
      if (dt < bestDt) {
        bestDt = dt;
        best = s.v[i] ?? null;
      }
    });
    parts.push(`${c.label} ${best === null || bestDt > 120_000 ? '—' : (best as number).toFixed(c.kind === 'temp' ? 1 : 0)}`);
  }
  return parts.join('  ');
}

function markerPlugin(alarms: AlarmMark[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        ctx.save();
        for (const a of alarms) {
          if (a.kind !== 'onset') continue;
          const x = u.valToPos(a.at / 1000, 'x', true);
          ctx.strokeStyle = PRIORITY_COLOUR[a.priority ?? ''] ?? '#aaa';
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

function useChart(holder: React.RefObject<HTMLDivElement | null>, make: (width: number) => uPlot | null, deps: unknown[]): void {
  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const chart = make(el.clientWidth || 600);
    return () => chart?.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

/**
 * The time axis is record time; where a clock change set the station's wall
 * clock apart from it, its ticks are labelled with the wall time (uPlot's
 * own labels otherwise).
 */
function timeAxis(offsets: readonly ClockEntry[]): uPlot.Axis {
  const axis: uPlot.Axis = { stroke: '#9aa7b4', grid: { stroke: '#243040' } };
  if (offsets.every((o) => o.offset === 0)) return axis;
  return { ...axis, values: (_u, splits) => splits.map((s) => formatLocalHourMinute(wallTimeOf(offsets, s * 1000))) };
}

function commonOptions(label: string, width: number, trend: Trend, onCursor: (t: number | null) => void): Omit<uPlot.Options, 'series'> {
  return {
    width,
    height: 110,
    legend: { show: true, live: true },
    cursor: { sync: { key: SYNC.key }, drag: { x: false, y: false } },
    scales: { x: { time: true, min: trend.from / 1000, max: trend.to / 1000 } },
    axes: [timeAxis(trend.clock.offsets), { stroke: '#9aa7b4', grid: { stroke: '#243040' }, label, size: 50 }],
    plugins: [markerPlugin(trend.alarms)],
    hooks: {
      setCursor: [
        (u) => {
          const left = u.cursor.left;
          onCursor(left === undefined || left < 0 ? null : u.posToVal(left, 'x') * 1000);
        },
      ],
    },
  };
}

/** The legend's time under the cursor, as the station's clock read it. */
function timeSeries(trend: Trend): uPlot.Series {
  return { value: (_u, v) => (v === null || v === undefined ? '' : formatRecordTime(trend.clock.offsets, v * 1000)) };
}

function TrendChart({ trend, kind, label, colour, onCursor }: { trend: Trend; kind: string; label: string; colour: string; onCursor(t: number | null): void }) {
  const holder = useRef<HTMLDivElement>(null);
  const series = trend.series[kind] ?? { t: [], v: [] };
  const valid = series.v.filter((v): v is number => v !== null);
  useChart(
    holder,
    (width) =>
      new uPlot(
        { ...commonOptions(label, width, trend, onCursor), series: [timeSeries(trend), { label, stroke: colour, width: 1.5, spanGaps: false, points: { show: false } }] },
        [series.t.map((t) => t / 1000), series.v],
        holder.current!,
      ),
    [trend, kind],
  );
  return <div ref={holder} className="trend-chart" data-testid={`trend-chart-${kind}`} data-min={valid.length ? Math.min(...valid) : ''} data-points={valid.length} />;
}

function NibpChart({ trend, onCursor }: { trend: Trend; onCursor(t: number | null): void }) {
  const holder = useRef<HTMLDivElement>(null);
  const points = { show: true, size: 7 };
  useChart(
    holder,
    (width) =>
      new uPlot(
        {
          ...commonOptions('NIBP (mmHg)', width, trend, onCursor),
          // Discrete readings: points only, never a line between two cuff measurements.
          series: [timeSeries(trend), { label: 'Sys', stroke: '#e36bd1', paths: () => null, points }, { label: 'Dia', stroke: '#b07be8', paths: () => null, points }, { label: 'Mean', stroke: '#d0d0d0', paths: () => null, points }],
        },
        [trend.nibp.map((r) => r.at / 1000), trend.nibp.map((r) => r.sys), trend.nibp.map((r) => r.dia), trend.nibp.map((r) => r.mean)],
        holder.current!,
      ),
    [trend],
  );
  return <div ref={holder} className="trend-chart" data-testid="trend-chart-nibp" data-points={trend.nibp.length} />;
}

/** The alarms on the time axis, clickable: the strip at that moment. */
function AlarmAxis({ trend, onsets, onOpen }: { trend: Trend; onsets: AlarmMark[]; onOpen(at: number): void }) {
  const span = trend.to - trend.from;
  return (
    <div className="trend-alarm-axis" data-testid="trend-alarm-axis">
      {onsets.map((a) => (
        <button
          key={`${a.alarmId}-${a.at}`}
          type="button"
          className={`trend-alarm-marker priority-${(a.priority ?? '').toLowerCase()}`}
          style={{ left: `calc(50px + (100% - 50px) * ${(a.at - trend.from) / span})` }}
          title={`${formatRecordTime(trend.clock.offsets, a.at)} ${a.priority ?? ''} ${a.code}`}
          onClick={() => onOpen(a.at)}
          data-testid="trend-alarm-marker"
          data-code={a.code}
        >
          ▲
        </button>
      ))}
    </div>
  );
}
