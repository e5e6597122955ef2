/**
 * Size limits both ends enforce. A message over its limit is rejected with
 * reason `oversized` (and counted) without being decoded; the transport limit
 * is the hard stop beyond which the socket itself is closed, so no peer can
 * make the other allocate without bound.
 */
/** One JSON message (numerics, alarms, acks, escalations, heartbeats). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** The resync snapshot: every bed, its numerics, active alarms and the ack/escalation ledger. */
export const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;
/** One waveform frame: a 40 ms tick of 64 beds × 3 channels is ~5 KB; this leaves room for catch-up. */
export const MAX_WAVEFORM_FRAME_BYTES = 1024 * 1024;
/** Any single websocket frame (engine.io/ws `maxPayload`); beyond it the connection is closed. */
export const MAX_TRANSPORT_FRAME_BYTES = 4 * 1024 * 1024;
/** List bounds inside messages. */
export const MAX_GATEWAY_BEDS = 256;
export const MAX_LEDGER_ENTRIES = 4096;
