import { z } from 'zod';
import { AlarmIdentitySchema, StationUserSchema } from './alarm-identity';

/**
 * Acknowledgements between stations. A station acknowledges locally first
 * (durably audited), then claims the acknowledgement at the gateway. The
 * gateway decides per alarm episode (`alarm.episodeId`, exact): the first
 * claim to arrive wins, is journaled and relayed to every other station; a
 * later claim for the same episode is answered `superseded` with the winner,
 * and that station audits it. `at` is the acknowledging station's clock: it
 * is shown and audited, never compared with another clock.
 */

/** station → gateway. `ackId` is unique per station alarm (its alarmId), so a resent claim is recognised. */
export const AckClaimSchema = z
  .object({
    v: z.number().int(),
    ackId: z.string().min(1).max(128),
    alarm: AlarmIdentitySchema,
    by: StationUserSchema,
    /** Epoch ms at the acknowledging station (for people; identity is the episode id). */
    at: z.number().int().nonnegative(),
    /** Made while the gateway was unreachable and sent on reconnect. */
    madeOffline: z.boolean(),
  })
  .strict();
export type AckClaim = z.infer<typeof AckClaimSchema>;

/** The acknowledgement that counts for an episode. */
export const AckRecordSchema = z
  .object({
    ackId: z.string().min(1).max(128),
    alarm: AlarmIdentitySchema,
    by: StationUserSchema,
    at: z.number().int().nonnegative(),
  })
  .strict();
export type AckRecord = z.infer<typeof AckRecordSchema>;

/** gateway → station, the answer to one claim. */
export const AckOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ v: z.number().int(), outcome: z.literal('won'), winner: AckRecordSchema }).strict(),
  z.object({ v: z.number().int(), outcome: z.literal('superseded'), winner: AckRecordSchema }).strict(),
  z.object({ v: z.number().int(), outcome: z.literal('rejected'), reason: z.string().min(1).max(120) }).strict(),
]);
export type AckOutcome = z.infer<typeof AckOutcomeSchema>;
