/**
 * Size limits both ends enforce. A message over its limit is rejected with
 * reason `oversized` (and counted) without being decoded; the transport limit
 * is the hard stop beyond which the socket itself is closed, so no peer can
 * make the other allocate without bound.
 */
/** One JSON message (numerics, journal entries, presence, heartbeats). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** The resync snapshot (every bed, its numerics, active episodes, acks, escalations, stations) and a journal page. */
export const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;
/** One waveform frame: a 40 ms tick of 64 beds × 3 channels is ~5 KB; this leaves room for catch-up. */
export const MAX_WAVEFORM_FRAME_BYTES = 1024 * 1024;
/** Any single websocket frame (engine.io/ws `maxPayload`); beyond it the connection is closed. */
export const MAX_TRANSPORT_FRAME_BYTES = 4 * 1024 * 1024;
/** List bounds inside messages. */
export const MAX_GATEWAY_BEDS = 256;
export const MAX_LEDGER_ENTRIES = 4096;
/** Journal entries in one page (an entry is well under 1 KB, so a page stays far below MAX_SNAPSHOT_BYTES). */
export const MAX_JOURNAL_PAGE = 500;
/** Stations listed in a snapshot's presence list. */
export const MAX_STATIONS = 256;
