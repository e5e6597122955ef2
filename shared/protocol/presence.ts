import { z } from 'zod';
import { StationLabelSchema, StationIdSchema } from './handshake';

/**
 * Whether the other stations of the unit are there. A station going dark is
 * itself an alarm: when one disconnects without saying goodbye and does not
 * come back within the gateway's grace period, the gateway tells every other
 * station it is `offline`; one that said goodbye first (closed cleanly) is
 * `closed`; `online` again when it reconnects. `since` is the gateway's
 * clock, for people.
 */
export const PRESENCE_STATES = ['online', 'offline', 'closed'] as const;
export const StationPresenceSchema = z
  .object({
    stationId: StationIdSchema,
    label: StationLabelSchema,
    state: z.enum(PRESENCE_STATES),
    since: z.number().int().nonnegative(),
  })
  .strict();
export type StationPresence = z.infer<typeof StationPresenceSchema>;

/**
 * station → gateway (event `bye`), before a clean close; the gateway answers
 * (GoodbyeAck) and only then does the station disconnect: socket.io drops an
 * event that arrives together with the disconnect.
 */
export const GoodbyeSchema = z.object({ v: z.number().int(), reason: z.enum(['closed']) }).strict();
export type Goodbye = z.infer<typeof GoodbyeSchema>;
export const GoodbyeAckSchema = z.object({ v: z.number().int(), type: z.literal('goodbye-ack') }).strict();
export type GoodbyeAck = z.infer<typeof GoodbyeAckSchema>;
