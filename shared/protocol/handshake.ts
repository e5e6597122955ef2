import { z } from 'zod';

/**
 * Sent as socket.io's `auth` object when a station connects. The gateway
 * refuses the connection (socket.io `connect_error` whose `data` is a
 * HandshakeRefusal) for a wrong token or another protocol version.
 */
export const HandshakeSchema = z
  .object({
    protocol: z.number().int().min(1).max(1000),
    stationId: z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/),
    /** The station token from its IT-managed config; compared in constant time. */
    token: z.string().min(8).max(512),
    /** How often the station wants a heartbeat (it declares the link lost after 3 missed). */
    heartbeatMs: z.number().int().min(200).max(5000),
  })
  .strict();
export type Handshake = z.infer<typeof HandshakeSchema>;

export const HANDSHAKE_REFUSALS = ['unauthorized', 'protocol-version', 'bad-handshake', 'overloaded'] as const;
export const HandshakeRefusalSchema = z.object({ reason: z.enum(HANDSHAKE_REFUSALS) });
export type HandshakeRefusal = z.infer<typeof HandshakeRefusalSchema>;
