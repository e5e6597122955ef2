/**
 * The station ↔ back-end protocol version. A station and a gateway talk only
 * when their versions are equal: the handshake carries it and every JSON
 * message repeats it (`v`), so a message from another version is rejected
 * with reason `version` instead of being half-understood. Bump it for any
 * change an older peer would misread; additive optional fields do not need it.
 */
export const PROTOCOL_VERSION = 2;

/*
 * 2: alarm episodes and the episode journal (device alarms travel as journal
 *    entries with episode ids, acknowledgements and escalations name the
 *    episode id, resync reads the journal after the station's position),
 *    station presence and goodbye. Replaces 1's `device-alarm`/`ack`/
 *    `escalation` messages and its onset-time alarm identity.
 */

/** socket.io event names on the wire. Short: they travel with every packet. */
export const WIRE_EVENTS = {
  /** gateway → station: one JSON message (UTF-8 bytes, binary attachment). */
  message: 'm',
  /** gateway → station: (seq, binary waveform frame, shared/waveform/frame.ts). */
  waveform: 'w',
  /** station → gateway, with an ack callback answering the snapshot bytes. */
  resync: 'resync',
  /** station → gateway: AckClaim bytes, answered with AckOutcome bytes. */
  acknowledge: 'ack',
  /** station → gateway: EscalationReport bytes (no answer). */
  escalation: 'escalation',
  /** station → gateway: JournalRequest bytes, answered with JournalPage bytes. */
  journal: 'journal',
  /** station → gateway: Goodbye bytes, just before a clean close (no answer). */
  goodbye: 'bye',
} as const;
