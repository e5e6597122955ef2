import type { z } from 'zod';
import type { Bed } from '../../../shared/domain/bed';
import type {
  AlarmListRequestSchema,
  AlarmLookupRequestSchema,
  AlarmMark,
  AlarmStepRequestSchema,
  ExportRequestSchema,
  ExportResult,
  PrintRequestSchema,
  Strip,
  StripRequestSchema,
  Trend,
  TrendRequestSchema,
} from '../../../shared/disclosure/review-schemas';
import { wallTimeOf, type ClockEntry } from '../../../shared/disclosure/record-time';
import { AlarmActionRefused } from '../alarms/alarm-action-refused';
import type { Operator } from '../auth/operator';
import type { AuditEventInput } from '../audit/normalize-event';
import type { AuditStore } from '../audit/audit-store';
import type { DisclosureRecorder } from './disclosure-recorder';
import { defaultPatientStamp, type PatientStamp, type SpanPatient } from './patient-stamp';
import type { StripPrinter } from './strip-printer';

export interface DisclosureReviewDeps {
  recorder: DisclosureRecorder;
  audit: Pick<AuditStore, 'recordClinical'>;
  beds: readonly Bed[];
  /** Who is asking: the station's authorisation (throws a refusal). */
  authorize: (viewId: string) => Operator;
  wallMode: boolean;
  /** Whose record a span is (the census, patient-stamp.ts); default the bed's label and no patient. */
  patients?: PatientStamp;
  /** Electron's printToPDF of the asking view; absent where the view prints itself (browser mode). */
  printer?: StripPrinter | null;
}

/** How many viewed spans per (session, bed) are remembered, so scrolling inside what was already audited writes nothing new. */
const REMEMBERED_SPANS = 64;

/**
 * Reading the full-disclosure record: who may, and the audit trail of who
 * did. Only nurses and charge nurses may open a bed's history
 * ('review-disclosure'); a viewer or a kiosk wall never, not even with
 * clinical actions allowed on the wall (a wall is in public view).
 *
 * Every look at a bed's record (strip, trend, alarm list) is written to the
 * audit trail durably, naming who, which bed and which time span, BEFORE
 * the data is returned (unknown means unsafe: a look that could not be
 * audited is refused). A look inside a span the same session already
 * viewed on that bed adds nothing new to the trail. Exports and print-outs
 * are audited the same way, each time.
 */
export class DisclosureReview {
  private readonly viewed = new Map<string, Array<{ from: number; to: number }>>();
  private readonly patients: PatientStamp;

  constructor(private readonly deps: DisclosureReviewDeps) {
    this.patients = deps.patients ?? defaultPatientStamp(deps.beds);
  }

  async strip(viewId: string, request: z.output<typeof StripRequestSchema>): Promise<Strip> {
    const by = this.operator(viewId, request.bedId);
    const strip = await this.deps.recorder.call<Omit<Strip, 'stamp'>>({ name: 'strip', args: request });
    // Read first (so the audit names the span in the wall time the answer carries), answered only once audited.
    const patients = this.patientsIn(request.bedId, request.from, request.to, strip.clock.offsets);
    await this.auditView(by, request.bedId, request.from, request.to, 'strip', patients, strip.clock.offsets);
    return { ...strip, stamp: this.stamp(request.bedId, patients) };
  }

  async trend(viewId: string, request: z.output<typeof TrendRequestSchema>): Promise<Trend> {
    const by = this.operator(viewId, request.bedId);
    const trend = await this.deps.recorder.call<Omit<Trend, 'stamp'>>({ name: 'trend', args: request });
    const patients = this.patientsIn(request.bedId, request.from, request.to, trend.clock.offsets);
    await this.auditView(by, request.bedId, request.from, request.to, 'trend', patients, trend.clock.offsets);
    return { ...trend, stamp: this.stamp(request.bedId, patients) };
  }

  async alarms(viewId: string, request: z.output<typeof AlarmListRequestSchema>): Promise<{ alarms: AlarmMark[] }> {
    const by = this.operator(viewId, request.bedId);
    const alarms = await this.deps.recorder.call<AlarmMark[]>({ name: 'alarms', args: request });
    // The list itself is part of the bed's history: audited over the span it covers.
    const oldest = alarms.length ? alarms[alarms.length - 1]!.at : (request.before ?? 0);
    const newest = request.before ?? alarms[0]?.at ?? oldest;
    await this.auditView(by, request.bedId, oldest, newest, 'alarm-list', this.patientsIn(request.bedId, oldest, newest));
    return { alarms };
  }

  async step(viewId: string, request: z.output<typeof AlarmStepRequestSchema>): Promise<{ alarm: AlarmMark | null; strip?: Strip }> {
    const by = this.operator(viewId, request.bedId);
    return this.withAuditedStrip(by, await this.deps.recorder.call<{ alarm: AlarmMark | null; strip?: Omit<Strip, 'stamp'> }>({ name: 'step', args: request }));
  }

  /** An alarm by id (from the audit-trail alarm history): found by identity, not by a time that a clock step could move. */
  async lookup(viewId: string, request: z.output<typeof AlarmLookupRequestSchema>): Promise<{ alarm: AlarmMark | null; strip?: Strip }> {
    // Who may look is checked before anything is read; the bed is known only from the answer, and checked then.
    const by = this.operator(viewId, null);
    const found = await this.deps.recorder.call<{ alarm: AlarmMark | null; strip?: Omit<Strip, 'stamp'> }>({ name: 'alarm-by-id', args: request });
    if (found.alarm?.bedId) this.operator(viewId, found.alarm.bedId);
    return this.withAuditedStrip(by, found);
  }

  /** A strip that came with an alarm answer is shown only once its look is audited, like any other. */
  private async withAuditedStrip(by: Operator, found: { alarm: AlarmMark | null; strip?: Omit<Strip, 'stamp'> }): Promise<{ alarm: AlarmMark | null; strip?: Strip }> {
    if (!found.strip) return { alarm: found.alarm };
    const { bedId, from, to, clock } = found.strip;
    const patients = this.patientsIn(bedId, from, to, clock.offsets);
    await this.auditView(by, bedId, from, to, 'strip', patients, clock.offsets);
    return { alarm: found.alarm, strip: { ...found.strip, stamp: this.stamp(bedId, patients) } };
  }

  async export(viewId: string, request: z.output<typeof ExportRequestSchema>): Promise<ExportResult> {
    const by = this.operator(viewId, request.bedId);
    const patients = this.patientsIn(request.bedId, request.from, request.to);
    const record = `${request.bedId.replace(/[^A-Za-z0-9]/g, '_')}_${isoStamp(this.deps.recorder.wallTimeOf(request.from))}`;
    await this.auditForEach(patients, {
      action: 'disclosure.exported',
      actor: { userId: by.userId, role: by.role },
      bedId: request.bedId,
      details: { ...this.span(request.from, request.to), format: 'wfdb', record },
    });
    // A file that leaves the unit: the hospital number (and the encounter), never the name.
    const comments = [
      `Vigil Station full-disclosure export of ${this.patients.bedLabel(request.bedId)}`,
      ...patients.map((p) => `patient ${p.identifier} encounter ${p.encounterId}`),
      `exported by ${by.userId} (${by.role})`,
    ];
    return this.deps.recorder.call<ExportResult>({ name: 'export', args: { ...request, record, comments } });
  }

  /**
   * A strip sheet the view has laid out, to be printed: audited durably
   * first, then printed by Electron into the exports folder, or (browser
   * mode, file null) left to the view, which prints it through the browser.
   */
  async print(viewId: string, request: z.output<typeof PrintRequestSchema>): Promise<{ file: string | null; bedLabel: string; patient: string | null }> {
    const by = this.operator(viewId, request.bedId);
    const patients = this.patientsIn(request.bedId, request.from, request.to);
    await this.auditForEach(patients, {
      action: 'disclosure.printed',
      actor: { userId: by.userId, role: by.role },
      bedId: request.bedId,
      details: this.span(request.from, request.to),
    });
    const file = this.deps.printer ? await this.deps.printer.print(viewId, `${request.bedId}_${isoStamp(this.deps.recorder.wallTimeOf(request.from))}`) : null;
    return { file, ...this.stamp(request.bedId, patients) };
  }

  /** Writes what the recorder holds and stops it (the station closes); `detail` says how, in the record. */
  close(detail: string | null = null): Promise<void> {
    return this.deps.recorder.close(detail);
  }

  private operator(viewId: string, bedId: string | null): Operator {
    if (this.deps.wallMode) throw new AlarmActionRefused('not-permitted', 'A wall does not show patient history.');
    if (bedId !== null && !this.deps.beds.some((b) => b.bedId === bedId)) throw new AlarmActionRefused('unknown-bed', `no bed ${bedId} on this station`);
    return this.deps.authorize(viewId);
  }

  /**
   * A span of the record as the audit trail names it: in the wall time
   * people read on the strip (shared/disclosure/record-time.ts), with the
   * record's own times when a clock change set the two apart. Labelled with
   * the offsets an answer came with, or else the recorder's latest.
   */
  private span(from: number, to: number, offsets?: readonly ClockEntry[]): Record<string, string | number> {
    const wall = (t: number) => (offsets ? wallTimeOf(offsets, t) : this.deps.recorder.wallTimeOf(t));
    const [wallFrom, wallTo] = [wall(from), wall(to)];
    const shown = { from: new Date(wallFrom).toISOString(), to: new Date(wallTo).toISOString(), span_ms: Math.round(to - from) };
    return wallFrom === from && wallTo === to ? shown : { ...shown, record_from: Math.round(from), record_to: Math.round(to) };
  }

  /**
   * The patients of a span of the record, by the wall times it is labelled
   * with (the answer's clock entries, or else the recorder's latest).
   */
  private patientsIn(bedId: string, from: number, to: number, offsets?: readonly ClockEntry[]): SpanPatient[] {
    const wall = (t: number) => (offsets ? wallTimeOf(offsets, t) : this.deps.recorder.wallTimeOf(t));
    return this.patients.patientsIn(bedId, wall(from), wall(to));
  }

  /**
   * For the screens and the print-out, with the name: whoever may review
   * disclosure may see the census (nurse, charge nurse; the permissions test
   * holds the two together).
   */
  private stamp(bedId: string, patients: readonly SpanPatient[]): { bedLabel: string; patient: string | null } {
    return { bedLabel: this.patients.bedLabel(bedId), patient: patients.length ? patients.map((p) => p.label).join(' → ') : null };
  }

  /**
   * One audit entry per patient whose record the span holds, each naming its
   * encounter (the audit trail's identity stamp then names that patient, not
   * whoever is in the bed now); a span with nobody admitted names nobody
   * (encounter null) rather than the bed's present occupant.
   */
  private async auditForEach(patients: readonly SpanPatient[], event: AuditEventInput): Promise<void> {
    if (patients.length === 0) {
      await this.deps.audit.recordClinical({ ...event, details: { ...event.details, encounter: null } });
      return;
    }
    for (const p of patients) {
      await this.deps.audit.recordClinical({ ...event, details: { ...event.details, encounter: p.encounterId, ...(patients.length > 1 ? { patients_in_span: patients.length } : {}) } });
    }
  }

  private async auditView(by: Operator, bedId: string, from: number, to: number, what: 'strip' | 'trend' | 'alarm-list', patients: readonly SpanPatient[], offsets?: readonly ClockEntry[]): Promise<void> {
    const key = `${by.sessionId}|${bedId}`;
    const spans = this.viewed.get(key) ?? [];
    if (spans.some((s) => s.from <= from && to <= s.to)) return;
    await this.auditForEach(patients, {
      action: 'disclosure.viewed',
      actor: { userId: by.userId, role: by.role },
      bedId,
      details: { what, ...this.span(from, to, offsets) },
    });
    spans.push({ from, to });
    if (spans.length > REMEMBERED_SPANS) spans.shift();
    this.viewed.set(key, spans);
  }
}

function isoStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
