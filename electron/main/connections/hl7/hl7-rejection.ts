/**
 * Why a message was refused, as a closed set: every reason is counted, logged
 * and sent back to the device in the ACK, so it must be a stable code rather
 * than free text. The detail that goes with it names fields and rules only –
 * never values from the message, which may be patient data.
 *
 * AR ("application reject") is for messages the station cannot take at all:
 * not HL7, wrong type/version/charset, no bed, too large. AE ("application
 * error") is for messages it understood but found wrong, and for failures on
 * the station's side; a device may retry those.
 *
 * HL7 v2 table 0357 (message error condition codes) goes into ERR-3.
 */
export const HL7_REJECT_REASONS = {
  oversized: { ack: 'AR', code: 104 },
  'invalid-encoding': { ack: 'AR', code: 102 },
  'unsupported-charset': { ack: 'AR', code: 103 },
  'bad-characters': { ack: 'AR', code: 102 },
  'missing-msh': { ack: 'AR', code: 100 },
  'bad-delimiters': { ack: 'AR', code: 102 },
  'missing-control-id': { ack: 'AR', code: 101 },
  'unsupported-message-type': { ack: 'AR', code: 200 },
  // An ADT trigger the station does not act on (A06, A17, A31, A40…): an AA would say it was applied.
  'unsupported-event': { ack: 'AR', code: 201 },
  'unsupported-version': { ack: 'AR', code: 203 },
  'unsupported-processing-id': { ack: 'AR', code: 202 },
  'unknown-bed': { ack: 'AR', code: 204 },
  'bed-conflict': { ack: 'AR', code: 204 },
  'bad-segment': { ack: 'AE', code: 100 },
  'bad-structure': { ack: 'AE', code: 100 },
  'missing-field': { ack: 'AE', code: 101 },
  'bad-escape': { ack: 'AE', code: 102 },
  'bad-timestamp': { ack: 'AE', code: 102 },
  'bad-value': { ack: 'AE', code: 102 },
  'bad-value-type': { ack: 'AE', code: 102 },
  'unit-mismatch': { ack: 'AE', code: 103 },
  'code-mismatch': { ack: 'AE', code: 103 },
  'no-alarm': { ack: 'AE', code: 101 },
  // Observations in a code system the station does not read: an AA would say they reached it.
  'unknown-code-system': { ack: 'AE', code: 103 },
  // The understood alerts were delivered; the rest was not, and the sender must know.
  'partly-understood': { ack: 'AE', code: 103 },
  // ADT events the census could not apply as sent (electron/main/census/census-feed.ts).
  'adt-nothing-to-cancel': { ack: 'AE', code: 204 },
  'adt-visit-not-active': { ack: 'AE', code: 204 },
  'adt-bed-occupied': { ack: 'AE', code: 206 },
  'adt-not-saved': { ack: 'AE', code: 207 },
  'sink-error': { ack: 'AE', code: 207 },
  'sink-timeout': { ack: 'AE', code: 207 },
  'internal-error': { ack: 'AE', code: 207 },
  /**
   * The sender is over its message rate (peer-rate-limit.ts). Not taken, and
   * said so: never AA for a message the station did not take. AE like
   * sink-timeout, the other "the station cannot take it now" case, so one
   * resend-on-AE rule at the sender covers both (HL7's AR, "not processed
   * for reasons unrelated to content", would fit the words too, but this
   * listener uses AR for messages that can never be taken).
   */
  throttled: { ack: 'AE', code: 207 },
} as const satisfies Record<string, { ack: 'AE' | 'AR'; code: number }>;

export type Hl7RejectReason = keyof typeof HL7_REJECT_REASONS;

/** HL7 ERL: where in the message the problem is (ERR-2). Sequence is 1-based among segments of that name. */
export interface Hl7ErrorLocation {
  segment: string;
  sequence: number;
  field?: number;
}

export interface Hl7RejectionInfo {
  reason: Hl7RejectReason;
  /** Fixed text naming the rule or field; never message content. */
  detail: string;
  location?: Hl7ErrorLocation;
}

/**
 * Thrown inside the parse/map pipeline and caught at its boundary
 * (`decideHl7Frame`), which turns it into an AE/AR. Throwing keeps the deeply
 * nested field checks readable; nothing outside the pipeline sees it.
 */
export class Hl7Rejection extends Error implements Hl7RejectionInfo {
  constructor(
    readonly reason: Hl7RejectReason,
    readonly detail: string,
    readonly location?: Hl7ErrorLocation,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'Hl7Rejection';
  }
}

export function formatLocation(location: Hl7ErrorLocation | undefined): string {
  if (!location) return '';
  const seq = location.sequence > 1 ? `[${location.sequence}]` : '';
  return `${location.segment}${seq}${location.field !== undefined ? `-${location.field}` : ''}`;
}
