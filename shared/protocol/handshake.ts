import { z } from 'zod';

export const StationIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/);
/** What people call a station ("ICU 4 central"): printable, shown in other stations' alarms. */
export const StationLabelSchema = z.string().regex(/^[\x20-\x7e\u00a0-\u024f]{1,48}$/);

/**
 * Sent as socket.io's `auth` object when a station connects. The gateway
 * refuses the connection (socket.io `connect_error` whose `data` is a
 * HandshakeRefusal) for a wrong token or another protocol version.
 */
export const HandshakeSchema = z
  .object({
    protocol: z.number().int().min(1).max(1000),
    stationId: StationIdSchema,
    /** How other stations name this one when it goes dark (default: the station id). */
    label: StationLabelSchema.optional(),
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
