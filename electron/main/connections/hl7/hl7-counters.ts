import type { Hl7RejectReason } from './hl7-rejection';
import type { MllpFramingIssue } from './mllp-framer';
import type { AlarmRepair, IgnoredObservation, InvalidatedValue, NotAlarm, ObservationNotes } from './observation-notes';

/**
 * Everything the listener counts, totals and per source (the peer's IP
 * address). Invariants the tests rely on: received = accepted + rejected,
 * and the per-reason counts add up to rejected, in total and per source.
 *
 * The number of sources kept is bounded: past MAX_SOURCES further addresses
 * are pooled under OTHER_SOURCE, so a scan from many addresses cannot grow
 * this without limit.
 */
export const MAX_SOURCES = 256;
export const OTHER_SOURCE = '(other)';

export interface Hl7SourceCounts {
  received: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Partial<Record<Hl7RejectReason, number>>;
  framing: Partial<Record<MllpFramingIssue, number>>;
  /** Connections from this address refused before any message (not on the allow-list, over a limit, TLS). */
  connectionsRefused: Partial<Record<ConnectionRefusal, number>>;
}

/** Why a connection was refused before it carried a message (peer-gate.ts, mllp-tls.ts, stopping). */
export type ConnectionRefusal =
  | 'peer-not-allowed'
  | 'too-many-connections'
  | 'too-many-from-peer'
  | 'tls-handshake-failed'
  | 'tls-client-certificate'
  | 'tls-handshake-timeout'
  | 'stopping';

export interface Hl7CountersSnapshot {
  messages: { received: number; accepted: number; rejected: number };
  rejectedByReason: Partial<Record<Hl7RejectReason, number>>;
  framing: Partial<Record<MllpFramingIssue, number>>;
  numerics: { delivered: number; ignored: Partial<Record<IgnoredObservation, number>>; invalidated: Partial<Record<InvalidatedValue, number>> };
  /** `notAlarms`: PCD-04 alert rows that are deliberately not alarms (keep-alives, status, PN, PI). */
  alarms: { delivered: number; repaired: Partial<Record<AlarmRepair, number>>; notAlarms: Partial<Record<NotAlarm, number>> };
  connections: {
    open: number;
    accepted: number;
    /** Refused before any message, for any reason (see refusedByReason). */
    refused: number;
    refusedByReason: Partial<Record<ConnectionRefusal, number>>;
    /** Closed for sending more than maxDiscardBytes without a good frame. */
    closedForFlood: number;
    socketErrors: number;
    /** Highest number of bytes one connection held (unfinished frame + frames waiting). */
    peakBufferedBytes: number;
  };
  bySource: Record<string, Hl7SourceCounts>;
}

const bump = <K extends string>(record: Partial<Record<K, number>>, key: K, n = 1) => {
  if (n !== 0) record[key] = (record[key] ?? 0) + n;
};

/** Told about every rejected message and framing error as it is counted (e.g. the station's rejection audit). */
export type Hl7IssueListener = (source: string, reason: string) => void;

export class Hl7Counters {
  constructor(private readonly onIssue: Hl7IssueListener = () => undefined) {}

  private readonly totals: Hl7CountersSnapshot = {
    messages: { received: 0, accepted: 0, rejected: 0 },
    rejectedByReason: {},
    framing: {},
    numerics: { delivered: 0, ignored: {}, invalidated: {} },
    alarms: { delivered: 0, repaired: {}, notAlarms: {} },
    connections: { open: 0, accepted: 0, refused: 0, refusedByReason: {}, closedForFlood: 0, socketErrors: 0, peakBufferedBytes: 0 },
    bySource: {},
  };

  /** The bucket name for a remote address (bounded, see MAX_SOURCES). */
  sourceKey(address: string | undefined): string {
    const key = normalizeAddress(address);
    if (this.totals.bySource[key] !== undefined || Object.keys(this.totals.bySource).length < MAX_SOURCES) return key;
    return OTHER_SOURCE;
  }

  received(source: string): void {
    this.totals.messages.received++;
    this.source(source).received++;
  }

  accepted(source: string, notes: ObservationNotes, delivered: { numerics: number; alarms: number }): void {
    this.totals.messages.accepted++;
    this.source(source).accepted++;
    this.tally(notes, delivered);
  }

  /** What a message delivered and noted, whether it is then accepted or (partly understood) rejected. */
  tally(notes: ObservationNotes, delivered: { numerics: number; alarms: number }): void {
    const n = this.totals.numerics;
    n.delivered += delivered.numerics;
    for (const [k, v] of Object.entries(notes.ignored)) bump(n.ignored, k as IgnoredObservation, v);
    for (const [k, v] of Object.entries(notes.invalidated)) bump(n.invalidated, k as InvalidatedValue, v);
    this.totals.alarms.delivered += delivered.alarms;
    for (const [k, v] of Object.entries(notes.repaired)) bump(this.totals.alarms.repaired, k as AlarmRepair, v);
    for (const [k, v] of Object.entries(notes.notAlarms)) bump(this.totals.alarms.notAlarms, k as NotAlarm, v);
  }

  rejected(source: string, reason: Hl7RejectReason): void {
    this.totals.messages.rejected++;
    bump(this.totals.rejectedByReason, reason);
    const s = this.source(source);
    s.rejected++;
    bump(s.rejectedByReason, reason);
    this.onIssue(source, reason);
  }

  framing(source: string, issue: MllpFramingIssue): void {
    bump(this.totals.framing, issue);
    bump(this.source(source).framing, issue);
    this.onIssue(source, `framing: ${issue}`);
  }

  connection(event: 'opened' | 'closed' | 'flood' | 'socket-error'): void {
    const c = this.totals.connections;
    if (event === 'opened') {
      c.accepted++;
      c.open++;
    } else if (event === 'closed') c.open--;
    else if (event === 'flood') c.closedForFlood++;
    else c.socketErrors++;
  }

  /** A connection refused before it carried a message: counted in total and per source, and reported like a rejection. */
  connectionRefused(source: string, reason: ConnectionRefusal): void {
    const c = this.totals.connections;
    c.refused++;
    bump(c.refusedByReason, reason);
    bump(this.source(source).connectionsRefused, reason);
    this.onIssue(source, `connection refused: ${reason}`);
  }

  buffered(bytes: number): void {
    if (bytes > this.totals.connections.peakBufferedBytes) this.totals.connections.peakBufferedBytes = bytes;
  }

  /** A deep copy: callers may keep or serialise it. */
  snapshot(): Hl7CountersSnapshot {
    return structuredClone(this.totals);
  }

  private source(key: string): Hl7SourceCounts {
    let s = this.totals.bySource[key];
    if (s === undefined) {
      s = { received: 0, accepted: 0, rejected: 0, rejectedByReason: {}, framing: {}, connectionsRefused: {} };
      this.totals.bySource[key] = s;
    }
    return s;
  }
}

/** `::ffff:10.1.2.3` (IPv4 on a dual-stack socket) → `10.1.2.3`. */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
