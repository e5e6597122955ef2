import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { AUDIT_ACTIONS } from './audit-actions';

/**
 * What the audit viewer and a bed's alarm history ask the main process for,
 * and what they get back. Rows are read-only copies; `details` stays the
 * exact canonical JSON text that was hashed.
 */
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);

const Id = z.string().regex(/^[\x20-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters');
const Instant = z.number().int().nonnegative().max(8.64e15);

export const AuditReviewFilterSchema = z
  .object({
    /** Inclusive, ms since 1970 UTC. */
    fromUtc: Instant.optional(),
    /** Exclusive. */
    toUtc: Instant.optional(),
    bedId: BedIdSchema.optional(),
    userId: Id.optional(),
    action: AuditActionSchema.optional(),
    alarmId: Id.optional(),
  })
  .strict()
  .refine((f) => f.fromUtc === undefined || f.toUtc === undefined || f.fromUtc < f.toUtc, { message: 'fromUtc must be before toUtc', path: ['toUtc'] });
export type AuditReviewFilter = z.infer<typeof AuditReviewFilterSchema>;

export const AuditReviewRowSchema = z.object({
  seq: z.number().int().positive(),
  utcMs: z.number().int(),
  stationId: z.string(),
  userId: z.string(),
  role: z.string(),
  action: AuditActionSchema,
  bedId: z.string().nullable(),
  alarmId: z.string().nullable(),
  details: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditReviewRow = z.infer<typeof AuditReviewRowSchema>;

export const MAX_REVIEW_PAGE = 500;

export const AuditPageRequestSchema = z
  .object({
    filter: AuditReviewFilterSchema,
    /** The `nextAfterSeq` of the previous page; absent for the first (newest) page. */
    afterSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(MAX_REVIEW_PAGE),
  })
  .strict();

export const AuditPageSchema = z.object({
  rows: z.array(AuditReviewRowSchema),
  nextAfterSeq: z.number().int().nullable(),
  /** Rows matching the filter; only on the first page (counting is the slow part at 1 M rows). */
  total: z.number().int().nonnegative().nullable(),
  /**
   * Rows may be missing that the station cannot place yet: a patient's
   * history whose stay began or ended while the audit store was down, until
   * the fallback journal is imported (census/census-journal-marks.ts).
   */
  incomplete: z.boolean().optional(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** Something IT must fix about the audit trail: which file or folder, what is wrong, what to do. */
export const AuditProblemSchema = z.object({
  code: z.string().max(48),
  path: z.string().max(1024),
  what: z.string().max(400),
  fix: z.string().max(400),
  sinceUtcMs: z.number().int(),
});
export type AuditProblemView = z.infer<typeof AuditProblemSchema>;

export const AuditStatusSchema = z.object({
  /** Every row up to here has been proven by a walk of the hash chain. */
  verifiedUpToSeq: z.number().int().nonnegative(),
  headSeq: z.number().int().nonnegative(),
  health: z.enum(['ok', 'degraded', 'overflow']),
  /** Where a clinical action is made durable now: the audit trail, the fallback journal (store down), or nowhere (refused). */
  durability: z.enum(['audit-trail', 'fallback-journal', 'refused']),
  problems: z.array(AuditProblemSchema).max(32),
  /** The verification running now (for the progress bar) and the last full one. */
  verification: z.object({
    running: z.object({ full: z.boolean(), done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), startedUtcMs: z.number().int() }).nullable(),
    lastFull: z.object({ finishedUtcMs: z.number().int(), ok: z.boolean(), checkedRows: z.number().int().nonnegative(), brokenAtSeq: z.number().int().nullable() }).nullable(),
  }),
});
export type AuditStatus = z.infer<typeof AuditStatusSchema>;

export const AuditVerificationSchema = z.union([
  z.object({
    ok: z.literal(true),
    checkedRows: z.number().int(),
    lastSeq: z.number().int().nullable(),
    /** Signed heads checked (signature and row), and heads the back end holds that were compared (null: none available). */
    signedHeads: z.number().int().nonnegative().optional(),
    backEndHeads: z.number().int().nonnegative().nullable().optional(),
  }),
  z.object({ ok: z.literal(false), brokenAtSeq: z.number().int(), reason: z.string(), detail: z.string() }),
]);

export const AuditExportRequestSchema = z.object({ filter: AuditReviewFilterSchema, format: z.enum(['csv', 'json']) }).strict();

export const AuditExportResultSchema = z.object({
  file: z.string(),
  manifestFile: z.string(),
  rowCount: z.number().int().nonnegative(),
  firstSeq: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
  firstHash: z.string().nullable(),
  lastHash: z.string().nullable(),
  fileSha256: z.string(),
});
export type AuditExportResult = z.infer<typeof AuditExportResultSchema>;

export const BedHistoryRequestSchema = z
  .object({
    bedId: BedIdSchema,
    fromUtc: Instant.optional(),
    toUtc: Instant.optional(),
    afterSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(MAX_REVIEW_PAGE),
  })
  .strict();
