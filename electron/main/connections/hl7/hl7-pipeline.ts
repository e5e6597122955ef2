import type { DeviceAlarmInput } from '../../alarms/device-alarm';
import type { AdtEvent } from '../../census/adt-event';
import { mapAdt } from './adt-message';
import type { BedMap } from './bed-map';
import { EMPTY_ACK_HEADER, type AckHeader } from './hl7-ack';
import { decodeHl7Bytes } from './hl7-bytes';
import { Hl7Message } from './hl7-message';
import { Hl7Rejection, type Hl7RejectionInfo } from './hl7-rejection';
import { parseHl7Timestamp } from './hl7-timestamp';
import { emptyNotes, type ObservationNotes } from './observation-notes';
import { mapPcd01, type NumericsDelivery } from './pcd01-numerics';
import { mapPcd04 } from './pcd04-alarms';

/**
 * One frame in, one decision out: the synchronous, side-effect-free heart of
 * the listener (decode bytes → parse → validate header → map to numerics or
 * alarms). It never throws: every failure, expected or not, becomes a
 * `rejected` decision with a reason. The receiver adds the asynchronous part
 * (hand to the sink, then ACK); the fuzz test drives this function directly.
 */
export type Hl7Decision =
  /** `messageTime`: MSH-7, the sender's clock when it sent the message, against which OBX-14 ages are judged. */
  | { kind: 'numerics'; header: AckHeader; messageTime: number; deliveries: NumericsDelivery[]; notes: ObservationNotes }
  | {
      kind: 'alarms';
      header: AckHeader;
      alarms: DeviceAlarmInput[];
      /** Ends for alert ids that are now "no alarm": delivered only if that device alarm is open. */
      endIfOpen: DeviceAlarmInput[];
      /** Set when part of the message was not understood: the alarms are delivered, the ACK is AE. */
      incomplete: Hl7RejectionInfo | null;
      notes: ObservationNotes;
    }
  | { kind: 'adt'; header: AckHeader; event: AdtEvent }
  | { kind: 'rejected'; header: AckHeader; rejection: Hl7RejectionInfo };

export interface Hl7PipelineContext {
  bedMap: BedMap;
  processingIds: readonly string[];
  /**
   * What this listener takes: device observations (ORU^R01 PCD-01, ORU^R40
   * PCD-04; the default) or the hospital's ADT feed. One listener, one kind:
   * the other kind is refused (AR) rather than half-handled.
   */
  accepts?: 'observations' | 'adt';
}

export type Hl7FrameInput = { payload: Buffer } | { oversizedHead: Buffer; size: number; limit: number };

export function decideHl7Frame(input: Hl7FrameInput, ctx: Hl7PipelineContext): Hl7Decision {
  if ('oversizedHead' in input) {
    return {
      kind: 'rejected',
      header: peekHeader(input.oversizedHead),
      rejection: { reason: 'oversized', detail: `message exceeds the ${input.limit}-byte limit` },
    };
  }
  let header = EMPTY_ACK_HEADER;
  try {
    header = peekHeader(input.payload);
    const msg = Hl7Message.parse(decodeHl7Bytes(input.payload));
    header = readHeader(msg);
    const messageTime = validateHeader(msg, ctx);
    if (ctx.accepts === 'adt') return { kind: 'adt', header, event: mapAdt(msg, ctx.bedMap) };
    const notes = emptyNotes();
    if (header.triggerEvent === 'R01') {
      return { kind: 'numerics', header, messageTime, deliveries: mapPcd01(msg, ctx.bedMap, messageTime, notes), notes };
    }
    const { alarms, endIfOpen, notUnderstood } = mapPcd04(msg, ctx.bedMap, notes);
    const incomplete: Hl7RejectionInfo | null = notUnderstood
      ? {
          reason: 'partly-understood',
          detail: notUnderstood.why === 'foreign-code'
            ? 'alerts delivered; other observations are in a code system the station does not read'
            : 'alerts delivered; another alert has facets but no row naming its event',
          location: notUnderstood.location,
        }
      : null;
    return { kind: 'alarms', header, alarms, endIfOpen, incomplete, notes };
  } catch (err) {
    if (err instanceof Hl7Rejection) {
      return { kind: 'rejected', header, rejection: { reason: err.reason, detail: err.detail, ...(err.location ? { location: err.location } : {}) } };
    }
    // A bug of ours must cost one message, never the connection or the process.
    return { kind: 'rejected', header, rejection: { reason: 'internal-error', detail: 'unexpected error while decoding the message' } };
  }
}

/** MSH fields the ACK echoes, read after a successful parse (escapes decoded). */
function readHeader(msg: Hl7Message): AckHeader {
  const msh = msg.msh;
  // Each read on its own: a bad escape in MSH-3 must not cost the control id.
  const safe = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch {
      return fallback;
    }
  };
  return {
    controlId: safe(() => msg.value(msh, 10).trim(), ''),
    triggerEvent: safe(() => msg.value(msh, 9, 2).trim().toUpperCase(), ''),
    version: safe(() => msg.value(msh, 12).trim(), ''),
    sendingApplication: safe(() => msg.components(msh, 3), []),
    sendingFacility: safe(() => msg.components(msh, 4), []),
  };
}

/** MSH checks, in the order a sender would fix them; returns MSH-7 as epoch ms. */
function validateHeader(msg: Hl7Message, ctx: Hl7PipelineContext): number {
  const msh = msg.msh;
  const at = (field: number) => ({ segment: 'MSH', sequence: 1, field });
  if (msg.value(msh, 10).trim() === '') throw new Hl7Rejection('missing-control-id', 'MSH-10 (message control id) is empty', at(10));
  const type = msg.value(msh, 9, 1).trim().toUpperCase();
  const event = msg.value(msh, 9, 2).trim().toUpperCase();
  if (ctx.accepts === 'adt') {
    if (type !== 'ADT') throw new Hl7Rejection('unsupported-message-type', 'this is the ADT listener: MSH-9 must be ADT^…', at(9));
  } else if (type !== 'ORU' || (event !== 'R01' && event !== 'R40')) {
    throw new Hl7Rejection('unsupported-message-type', 'MSH-9 must be ORU^R01 (IHE PCD-01) or ORU^R40 (IHE PCD-04)', at(9));
  }
  if (!/^2\.\d{1,2}(\.\d{1,2})?$/.test(msg.value(msh, 12).trim())) throw new Hl7Rejection('unsupported-version', 'MSH-12 must be an HL7 v2.x version', at(12));
  const processingId = msg.value(msh, 11).trim().toUpperCase();
  if (!ctx.processingIds.includes(processingId)) {
    throw new Hl7Rejection('unsupported-processing-id', `MSH-11 must be ${ctx.processingIds.join(' or ')}`, at(11));
  }
  const timeText = msg.value(msh, 7).trim();
  if (timeText === '') throw new Hl7Rejection('missing-field', 'MSH-7 (message date/time) is empty', at(7));
  const time = parseHl7Timestamp(timeText);
  if (time === null) throw new Hl7Rejection('bad-timestamp', 'MSH-7 is not a valid HL7 date/time (at least YYYYMMDDHHMM)', at(7));
  return time;
}

const SAFE_ID = /^[\x20-\x7e]{1,199}$/;

/**
 * Best-effort header from raw bytes, for frames that cannot be parsed
 * (oversized, bad encoding, broken delimiters): the sender still deserves an
 * ACK naming its control id. Only plain printable ASCII without delimiter
 * characters is echoed; anything doubtful is left out.
 */
export function peekHeader(bytes: Buffer): AckHeader {
  if (bytes.length < 8 || bytes.toString('latin1', 0, 3) !== 'MSH') return EMPTY_ACK_HEADER;
  let end = Math.min(bytes.length, 2048);
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0d || bytes[i] === 0x0a) {
      end = i;
      break;
    }
  }
  const line = bytes.toString('latin1', 0, end);
  const fieldSep = line[3]!;
  const component = line[4] ?? '^';
  const fields = line.split(fieldSep);
  const clean = (s: string | undefined) => (s !== undefined && SAFE_ID.test(s) && !/[|^~\\&]/.test(s) && !s.includes(fieldSep) ? s.trim() : '');
  const typeParts = (fields[8] ?? '').split(component);
  return {
    controlId: clean(fields[9]),
    triggerEvent: clean(typeParts[1]).toUpperCase(),
    version: clean(fields[11]),
    sendingApplication: [],
    sendingFacility: [],
  };
}
