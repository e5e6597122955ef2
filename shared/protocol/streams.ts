import { z } from 'zod';

/**
 * Every stream from the gateway to a station numbers its messages 1, 2, 3 …
 * per connection. The station expects exactly last + 1: a gap in a state
 * stream (numerics, events) means it may hold a wrong picture, so it asks for
 * a resync snapshot rather than live with a silent hole. A gap in the
 * waveform stream is counted and shown (a gap in the trace) but needs no
 * resync: waveforms carry no state.
 *
 * - waveform: binary frames, one per gateway tick
 * - numerics: numerics batches
 * - events:   device alarms, acknowledgements, escalations (alarm state)
 */
export const STREAMS = ['waveform', 'numerics', 'events'] as const;
export type StreamName = (typeof STREAMS)[number];

export const SequenceNumberSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The last sequence number sent on each stream (0 = nothing sent yet). */
export const StreamSeqsSchema = z
  .object({
    waveform: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    numerics: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    events: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
export type StreamSeqs = z.infer<typeof StreamSeqsSchema>;

/** States that need a resync when their stream has a gap. */
export const STATE_STREAMS: readonly StreamName[] = ['numerics', 'events'];
