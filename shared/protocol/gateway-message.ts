import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { NumericSchema, NUMERIC_KINDS } from '../domain/numeric';
import { JournalEntrySchema, JournalIdSchema } from './journal';
import { MAX_GATEWAY_BEDS } from './limits';
import { StationPresenceSchema } from './presence';
import { SequenceNumberSchema, StreamSeqsSchema, type StreamName } from './streams';

/**
 * The JSON messages a gateway sends a station (event `m`). Every one carries
 * the protocol version `v`, its `type`, and (except the heartbeat) its
 * stream's sequence number `seq`; `at` is the gateway's clock (epoch ms).
 */
const envelope = { v: z.number().int(), seq: SequenceNumberSchema, at: z.number().int().nonnegative() };

export const NumericsMessageSchema = z
  .object({
    ...envelope,
    type: z.literal('numerics'),
    beds: z
      .array(z.object({ bedId: BedIdSchema, numerics: z.array(NumericSchema).min(1).max(NUMERIC_KINDS.length * 4) }).strict())
      .min(1)
      .max(MAX_GATEWAY_BEDS),
  })
  .strict();

/**
 * One new journal entry (a device episode's onset or end, an episode's
 * winning acknowledgement, a new escalation level), the moment it is
 * journaled. Its `pos` is the journal's; a station keeps the highest position
 * up to which it has every entry (see journal.ts).
 */
export const JournalMessageSchema = z.object({ ...envelope, type: z.literal('journal'), journalId: JournalIdSchema, entry: JournalEntrySchema }).strict();

/** Another station came, went dark or closed (see presence.ts). */
export const PresenceMessageSchema = z.object({ ...envelope, type: z.literal('presence'), station: StationPresenceSchema }).strict();

/**
 * Sent every heartbeatMs (the station asked for the interval in its
 * handshake). Besides proving the link is alive it carries the last sequence
 * number of each stream and the journal's head, so a lost last message or
 * journal entry is noticed even when nothing follows it, and how much
 * waveform the gateway shed for this station.
 */
export const HeartbeatMessageSchema = z
  .object({
    v: z.number().int(),
    type: z.literal('heartbeat'),
    at: z.number().int().nonnegative(),
    seqs: StreamSeqsSchema,
    /** The newest journal entry this gateway knows of. */
    journal: z.object({ journalId: JournalIdSchema, head: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }).strict(),
    /** Waveform frames the gateway dropped for this station because its link was backed up (cumulative). */
    shedWaveformFrames: z.number().int().nonnegative(),
  })
  .strict();

export const GatewayMessageSchema = z.discriminatedUnion('type', [NumericsMessageSchema, JournalMessageSchema, PresenceMessageSchema, HeartbeatMessageSchema]);
export type GatewayMessage = z.infer<typeof GatewayMessageSchema>;
export type GatewayMessageType = GatewayMessage['type'];
export type NumericsMessage = z.infer<typeof NumericsMessageSchema>;
export type JournalMessage = z.infer<typeof JournalMessageSchema>;
export type PresenceMessage = z.infer<typeof PresenceMessageSchema>;
export type HeartbeatMessage = z.infer<typeof HeartbeatMessageSchema>;

/** Which stream each sequenced message type travels on. */
export const STREAM_OF: Readonly<Record<Exclude<GatewayMessageType, 'heartbeat'>, StreamName>> = {
  numerics: 'numerics',
  journal: 'events',
  presence: 'events',
};

export const GATEWAY_MESSAGE_TYPES: readonly GatewayMessageType[] = ['numerics', 'journal', 'presence', 'heartbeat'];
