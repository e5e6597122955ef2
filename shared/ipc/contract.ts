import { z } from 'zod';
import { UnitSnapshotSchema } from '../domain/unit';
import { ScenarioRequestSchema, ScenarioKindSchema } from '../domain/scenario';
import { AlarmsDeltaSchema, AlarmsUpdateSchema, BedStatusUpdateSchema, NumericsUpdateSchema } from '../domain/station-event';
import { SessionInfoSchema, SignInRequestSchema } from '../domain/session';
import { BedIdSchema } from '../domain/bed';
import { LimitParameterSchema } from '../alarms/limit-parameters';
import { ParameterLimitsSchema, ProfileNameSchema } from '../alarms/limit-profiles';
import {
  AuditExportRequestSchema,
  AuditExportResultSchema,
  AuditPageRequestSchema,
  AuditPageSchema,
  AuditStatusSchema,
  AuditVerificationSchema,
  BedHistoryRequestSchema,
} from '../audit/audit-review';
import { StationStatusSchema } from '../domain/station-status';
import { NewUserRequestSchema, ResetPinRequestSchema, SetBadgeRequestSchema, SetRoleRequestSchema, UserRefRequestSchema, UserSummarySchema } from '../domain/user-admin';
import { UpdateStatusSchema } from '../domain/update-status';
import {
  AlarmListRequestSchema,
  AlarmListSchema,
  AlarmLookupRequestSchema,
  AlarmStepRequestSchema,
  AlarmStepSchema,
  ExportRequestSchema,
  ExportResultSchema,
  PrintRequestSchema,
  PrintResultSchema,
  RecordStampSchema,
  StripRequestSchema,
  StripSchema,
  TrendRequestSchema,
  TrendSchema,
} from '../disclosure/review-schemas';
import { SecurityNoticesSchema } from '../domain/security-notice';
import { QuitCheckSchema, QuitConfirmationSchema } from '../domain/clinical-quit';
import {
  CensusAdmitRequestSchema,
  CensusChangeResultSchema,
  CensusConfirmReviewRequestSchema,
  CensusDetailsSchema,
  CensusDischargeRequestSchema,
  CensusDisplaySchema,
  CensusTransferRequestSchema,
  CensusUpdateRequestSchema,
} from '../domain/census';
import { PatientDisplayModeSchema } from '../domain/patient';
import type { EventChannel, InvokeChannel } from './channels';

export * from './channels';

/**
 * The one IPC contract between the main process and any view (the Electron
 * renderer through the preload, or a browser through the test host bridge).
 * Channel names, request, response and event schemas live only here; types are
 * inferred from the schemas so validation and typing cannot drift apart.
 */
export const INVOKE_CHANNELS = {
  'unit:get-snapshot': {
    request: z.object({}).strict(),
    response: UnitSnapshotSchema,
  },
  /**
   * The full alarm state with its place in the alarm stream: what a view
   * fetches when it finds a gap in the 'unit:alarms' deltas (see
   * AlarmsDeltaSchema), without reloading the whole unit.
   */
  'alarms:get-snapshot': {
    request: z.object({}).strict(),
    response: AlarmsUpdateSchema,
  },
  'scenario:trigger': {
    request: ScenarioRequestSchema,
    response: z.object({ scenario: ScenarioKindSchema, bedId: z.string().nullable(), seed: z.number().int() }),
  },
  'session:sign-in': { request: SignInRequestSchema, response: SessionInfoSchema },
  'session:sign-out': { request: z.object({}).strict(), response: z.object({ signedOut: z.boolean() }) },
  'session:current': { request: z.object({}).strict(), response: SessionInfoSchema.nullable() },
  /**
   * Resolves only once the acknowledgement is durably audited. `applied` is
   * false when someone else's acknowledgement became durable first (both are
   * in the audit trail; theirs took effect).
   */
  'alarm:acknowledge': {
    request: z.object({ alarmId: z.string().min(1).max(64) }).strict(),
    response: z.object({ alarmId: z.string(), acknowledgedAt: z.number().int(), applied: z.boolean() }),
  },
  'alarm:reset': { request: z.object({}).strict(), response: z.object({ reset: z.number().int().nonnegative() }) },
  /** AUDIO PAUSED for the whole station: 120 s by default, at most 300 s. */
  'audio:pause': {
    request: z.object({ durationMs: z.number().int().min(10_000).max(300_000).optional() }).strict(),
    response: z.object({ pausedUntil: z.number().int() }),
  },
  /**
   * The view's heartbeat (every second) with the health of its alarm audio, so
   * the main process can raise AUDIO_UNAVAILABLE or RENDERER_UNRESPONSIVE.
   */
  'view:report': {
    request: z
      .object({
        audio: z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), reason: z.string().max(200) })]),
        /** The user interacted since the last report (keeps a session alive). */
        userActive: z.boolean(),
      })
      .strict(),
    response: z.object({}),
  },
  /** A bed's current limit profile and limits (anyone may look). */
  'limits:get': {
    request: z.object({ bedId: BedIdSchema }).strict(),
    response: z.object({
      bedId: z.string(),
      profile: z.string(),
      profiles: z.array(z.string()),
      parameters: z.record(LimitParameterSchema, ParameterLimitsSchema),
    }),
  },
  /**
   * A charge nurse's change of one parameter's low/high limit. `confirmed`
   * must be true: the view asks the user to confirm the before/after values
   * first, and the contract refuses a change that skipped that step.
   */
  'limits:change': {
    request: z
      .object({
        bedId: BedIdSchema,
        parameter: LimitParameterSchema,
        low: z.number().finite().nullable().optional(),
        high: z.number().finite().nullable().optional(),
        confirmed: z.literal(true),
      })
      .strict(),
    response: ParameterLimitsSchema,
  },
  'limits:set-profile': {
    request: z.object({ bedId: BedIdSchema, profile: ProfileNameSchema, confirmed: z.literal(true) }).strict(),
    response: z.object({ profile: z.string() }),
  },
  /** A bed's alarm history from the audit trail (nurse, charge nurse, admin). */
  'bed:alarm-history': { request: BedHistoryRequestSchema, response: AuditPageSchema },
  /** The audit viewer (charge nurse, admin): one keyset page, newest first. */
  'audit:query': { request: AuditPageRequestSchema, response: AuditPageSchema },
  'audit:status': { request: z.object({}).strict(), response: AuditStatusSchema },
  /** Walks the chain from the last checkpoint; audited under the person who asked. */
  'audit:verify': { request: z.object({}).strict(), response: AuditVerificationSchema },
  /** Writes the filtered rows and a hash manifest into the station's exports folder. */
  'audit:export': { request: AuditExportRequestSchema, response: AuditExportResultSchema },
  /** For IT (admin): rejected input by source and reason, connections, audit health. */
  'admin:status': { request: z.object({}).strict(), response: StationStatusSchema },
  /** User administration (admin). Each change is audited durably, then saved, then shown. */
  'users:list': { request: z.object({}).strict(), response: z.array(UserSummarySchema) },
  'users:add': { request: NewUserRequestSchema, response: UserSummarySchema },
  'users:disable': { request: z.object({ userId: z.string().min(1).max(64) }).strict(), response: z.object({ disabled: z.literal(true) }) },
  'users:enable': { request: UserRefRequestSchema, response: z.object({ enabled: z.literal(true) }) },
  /** Between clinical roles only, never one's own (user-directory.ts). Ends the user's sessions. */
  'users:set-role': { request: SetRoleRequestSchema, response: UserSummarySchema },
  'users:set-badge': { request: SetBadgeRequestSchema, response: UserSummarySchema },
  /** A new PIN or password by the rules in shared/domain/pin-rules.ts. Ends the user's sessions; the PIN is never audited. */
  'users:reset-pin': { request: ResetPinRequestSchema, response: UserSummarySchema },
  /** In-app updates (admin, configure): the phase, and whether this admin could restart into a downloaded one now. */
  'updates:status': { request: z.object({}).strict(), response: UpdateStatusSchema },
  /** An admin's "restart to update": refused while any alarm is listed or anyone else is signed in; audited durably first. */
  'updates:restart': { request: z.object({}).strict(), response: z.object({ restarting: z.literal(true), version: z.string() }) },
  /**
   * A bed's full-disclosure record (nurse, charge nurse; never a viewer or a
   * wall). Each look is audited durably (who, bed, span) before it is answered.
   */
  'disclosure:strip': { request: StripRequestSchema, response: StripSchema },
  'disclosure:trend': { request: TrendRequestSchema, response: TrendSchema },
  'disclosure:alarms': { request: AlarmListRequestSchema, response: AlarmListSchema },
  'disclosure:alarm-step': { request: AlarmStepRequestSchema, response: AlarmStepSchema },
  /** The record of an alarm named by id (e.g. from the audit-trail history). */
  'disclosure:alarm-lookup': { request: AlarmLookupRequestSchema, response: AlarmStepSchema },
  /** A time range as a WFDB record in the station's exports folder; audited. */
  'disclosure:export': { request: ExportRequestSchema, response: ExportResultSchema },
  /** Audits a print-out, then prints the view's strip sheet to PDF (Electron) or leaves it to the view (file null). */
  'disclosure:print': { request: PrintRequestSchema, response: PrintResultSchema.extend(RecordStampSchema.shape) },
  /** Current failed sign-in notices (admins and charge nurses); later changes arrive as the `security:notices` event. */
  'security:notices': { request: z.object({}).strict(), response: SecurityNoticesSchema },
  /** May the person at this view close the station, and which alarms would that stop annunciating here? Changes nothing. */
  'station:quit-check': { request: z.object({}).strict(), response: QuitCheckSchema },
  /**
   * The confirmed quit (charge nurse or admin, never on a wall), naming the
   * alarms the confirmation showed. Resolves once the quit is durably audited;
   * the station then stops.
   */
  'station:quit': { request: QuitConfirmationSchema, response: z.object({ quitting: z.literal(true) }) },
  /** The whole census with names and numbers (nurse, charge nurse): asked for, never broadcast. */
  'census:get': { request: z.object({}).strict(), response: CensusDetailsSchema },
  /**
   * Manual ADT (charge nurse). Each resolves once the change is audited
   * durably (and the bed's limits reset or carried); the tiles follow with
   * `unit:census`. Changes name the encounter the person saw: a bed whose
   * patient changed meanwhile is refused, not changed.
   */
  'census:admit': { request: CensusAdmitRequestSchema, response: CensusChangeResultSchema },
  'census:update': { request: CensusUpdateRequestSchema, response: CensusChangeResultSchema },
  'census:transfer': { request: CensusTransferRequestSchema, response: CensusChangeResultSchema },
  'census:discharge': { request: CensusDischargeRequestSchema, response: CensusChangeResultSchema },
  /** A person has checked what the ADT feed flagged on a bed (or that an "unknown" bed has no patient). */
  'census:confirm-review': { request: CensusConfirmReviewRequestSchema, response: CensusChangeResultSchema },
  /** A patient's alarm history across every bed they were in (nurse, charge nurse, admin). */
  'census:alarm-history': {
    request: z
      .object({
        encounterId: z.string().min(1).max(64),
        fromUtc: z.number().int().nonnegative().optional(),
        toUtc: z.number().int().nonnegative().optional(),
        afterSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    response: AuditPageSchema,
  },
  /** How tiles name patients at this station (admin); audited, kept across restarts. */
  'display:set-patient-mode': { request: z.object({ mode: PatientDisplayModeSchema }).strict(), response: z.object({ mode: PatientDisplayModeSchema }) },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

export const EVENT_CHANNELS = {
  'unit:numerics': NumericsUpdateSchema,
  'unit:bed-status': BedStatusUpdateSchema,
  /** Numbered alarm deltas; the full state is in the unit snapshot and 'alarms:get-snapshot'. */
  'unit:alarms': AlarmsDeltaSchema,
  'session:changed': SessionInfoSchema.nullable(),
  /** Each bed's patient as this station's display mode allows, after every census change. */
  'unit:census': CensusDisplaySchema,
  /** Sent only to views whose signed-in user may see security notices, whenever the list changes. */
  'security:notices': SecurityNoticesSchema,
  /** Someone asked to close the station (menu, Cmd-Q, window close): show the quit dialog. */
  'station:quit-requested': z.object({ trigger: z.string().max(32) }),
} as const satisfies Record<EventChannel, z.ZodType>;

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE_CHANNELS)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof EVENT_CHANNELS)[E]>;

/**
 * Handlers answer with an envelope instead of throwing, so a rejected request
 * reaches the view with its reason rather than as a generic remote error.
 * `recordedIn: 'fallback-journal'`: the action is done and durable, but in
 * the fallback journal, because the audit store cannot write; the view says so.
 */
export type InvokeResult<T> = { ok: true; value: T; recordedIn?: 'fallback-journal' } | { ok: false; error: string };

/** The API the preload (or the test host bridge) puts on `window.vigil`. */
export interface VigilApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResult<InvokeResponse<C>>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Binary waveform frames (see shared/waveform/frame.ts). */
  onWaveformFrame(listener: (frame: ArrayBuffer) => void): () => void;
}
