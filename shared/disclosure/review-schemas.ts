import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { NumericKindSchema } from '../domain/numeric';
import { WaveformChannelSchema } from '../domain/channel';
import { MAX_EXPORT_MS, MAX_STRIP_MS } from './disclosure-limits';
import { RecordClockSchema } from './record-time';

/**
 * The review API of the full-disclosure record (IPC contract entries
 * `disclosure:*`). Times are record time (record-time.ts): what they are
 * labelled with for people is the wall time each strip and trend's `clock`
 * gives for them. Samples travel as base64 float32 (little-endian), one
 * string per stretch: binary in a JSON-safe envelope, so the same message
 * works over Electron IPC and the test host's WebSocket bridge.
 */

const Time = z.number().finite().nonnegative();

/** A bed and a span of its record, at most `maxMs` long (`limit` says it for people). */
function spanRequest(maxMs: number, limit: string) {
  return z
    .object({ bedId: BedIdSchema, from: Time, to: Time })
    .strict()
    .refine((r) => r.to > r.from && r.to - r.from <= maxMs, { message: `to must be after from, at most ${limit} later`, path: ['to'] });
}

export const StripRequestSchema = spanRequest(MAX_STRIP_MS, `${MAX_STRIP_MS / 1000} s`);

export const SampleRunSchema = z.object({
  /** Time of the first sample. */
  t0: z.number(),
  /** base64 of little-endian float32 samples at the channel's rate. */
  samples: z.string(),
  leadOff: z.boolean(),
});
export type SampleRun = z.infer<typeof SampleRunSchema>;

export const AlarmMarkSchema = z.object({
  kind: z.enum(['onset', 'end', 'acknowledged', 'escalated', 'reset']),
  alarmId: z.string(),
  bedId: z.string().nullable(),
  at: z.number(),
  code: z.string(),
  priority: z.string().nullable(),
  level: z.number().nullable(),
  actor: z.string().nullable(),
});
export type AlarmMark = z.infer<typeof AlarmMarkSchema>;

export const BedSpanSchema = z.object({ kind: z.enum(['no-data', 'lead-off', 'not-recorded']), from: z.number(), to: z.number().nullable() });
export type BedSpan = z.infer<typeof BedSpanSchema>;

export const NumericsAtSchema = z.array(z.object({ kind: NumericKindSchema, value: z.number().nullable(), at: z.number() }));

/**
 * Whose record a span is: the bed's label, and the patients the census had
 * in the bed then (oldest first, joined by " → " when the span crosses a
 * transfer or an admission; the name only for a nurse who may see the
 * census), or null when nobody was admitted.
 */
export const RecordStampSchema = z.object({ bedLabel: z.string(), patient: z.string().nullable() });

export const StripSchema = z.object({
  bedId: z.string(),
  from: z.number(),
  to: z.number(),
  channels: z.record(WaveformChannelSchema, z.array(SampleRunSchema)),
  /** Blocks that failed their checksum or did not decode: shown as gaps with this reason, never as data. */
  corrupt: z.array(z.object({ channel: z.string(), t0: z.number(), reason: z.string() })),
  alarms: z.array(AlarmMarkSchema),
  spans: z.array(BedSpanSchema),
  /** The bed's latest numerics at `to` (within a minute), and its last NIBP reading before it. */
  numerics: NumericsAtSchema,
  /** Whose record this is, for a header. */
  stamp: RecordStampSchema,
  /** The record's clock: what labels these times, and "now". */
  clock: RecordClockSchema,
});
export type Strip = z.infer<typeof StripSchema>;

export const AlarmStepSchema = z.object({ alarm: AlarmMarkSchema.nullable(), strip: StripSchema.optional() });

export const TrendRequestSchema = spanRequest(97 * 3_600_000, '97 h');

export const TrendSeriesSchema = z.object({
  /** Point times; a null value is a gap (no data, or no valid value), never joined across. */
  t: z.array(z.number()),
  v: z.array(z.number().nullable()),
});

export const TrendMinuteRowSchema = z.object({
  minute: z.number().int(),
  /** Per kind: [mean, min, max, valid count] of the minute, or absent. */
  values: z.record(z.string(), z.tuple([z.number(), z.number(), z.number(), z.number()])),
});

export const TrendSchema = z.object({
  bedId: z.string(),
  from: z.number(),
  to: z.number(),
  /** 'second': every value as reported (spans up to 2 h); 'minute': minute means. */
  resolution: z.enum(['second', 'minute']),
  series: z.record(z.string(), TrendSeriesSchema),
  minutes: z.array(TrendMinuteRowSchema),
  nibp: z.array(z.object({ at: z.number(), sys: z.number().nullable(), dia: z.number().nullable(), mean: z.number().nullable() })),
  alarms: z.array(AlarmMarkSchema),
  spans: z.array(BedSpanSchema),
  corrupt: z.number().int().nonnegative(),
  /** Whose record this is, for the header. */
  stamp: RecordStampSchema,
  /** The record's clock: what labels these times, and "now". */
  clock: RecordClockSchema,
});
export type Trend = z.infer<typeof TrendSchema>;

export const AlarmListRequestSchema = z
  .object({ bedId: BedIdSchema, before: Time.optional(), limit: z.number().int().min(1).max(500) })
  .strict();
export const AlarmListSchema = z.object({ alarms: z.array(AlarmMarkSchema) });

/**
 * With an alarm request: also the strip around the alarm found, [at − leadMs,
 * at − leadMs + spanMs), in the same answer, so opening a strip at an alarm
 * costs one round trip, not two.
 */
const StripAroundSchema = z
  .object({ spanMs: z.number().int().min(1_000).max(MAX_STRIP_MS), leadMs: z.number().int().min(0).max(MAX_STRIP_MS) })
  .strict()
  .optional();

/** Where the previous or next alarm onset of a bed is, from a moment; null when there is none. */
export const AlarmStepRequestSchema = z.object({ bedId: BedIdSchema, from: Time, direction: z.enum(['previous', 'next']), strip: StripAroundSchema }).strict();

/** An alarm by its identity (the audit history names alarms by id: the record is found by id, not by a time). */
export const AlarmLookupRequestSchema = z.object({ alarmId: z.string().min(1).max(64), strip: StripAroundSchema }).strict();

export const ExportRequestSchema = spanRequest(MAX_EXPORT_MS, `${MAX_EXPORT_MS / 3_600_000} h`);

export const ExportResultSchema = z.object({
  record: z.string(),
  /** The range written: the request's, moved onto the recorded sample grid (its first frame is a recorded resp sample time). */
  from: z.number(),
  to: z.number(),
  files: z.array(z.string()),
  frames: z.number().int().nonnegative(),
  annotations: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

/** The strip a nurse is about to print: audited before the print-out exists. */
export const PrintRequestSchema = z.object({ bedId: BedIdSchema, from: Time, to: Time }).strict();
export const PrintResultSchema = z.object({
  /** Where the PDF was written (Electron), or null where the view prints it itself (browser mode). */
  file: z.string().nullable(),
});

export const CHANNEL_ORDER = ['ecg', 'pleth', 'resp'] as const satisfies ReadonlyArray<z.infer<typeof WaveformChannelSchema>>;
