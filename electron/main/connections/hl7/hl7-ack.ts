import { STANDARD_DELIMITERS, escapeHl7 } from './hl7-escape';
import { HL7_REJECT_REASONS, type Hl7RejectionInfo } from './hl7-rejection';
import { formatHl7Timestamp } from './hl7-timestamp';

/**
 * The HL7 ACK (original acknowledgement mode) every message gets:
 *   MSH|^~\&|<us>|<our facility>|<their app>|<their facility>|<now>||ACK^<event>^ACK|<id>|P|<version>
 *   MSA|AA|<their MSH-10>            – or AE/AR with a text
 *   ERR||<where>|<0357 code>^<text>^HL70357|E||||<detail>   – rejections only
 * MSA-3 carries `<reason>: <detail>` for senders that only read MSA (it is
 * deprecated since v2.4 but still what most device gateways log); ERR has the
 * same in structured form. Both hold codes and field names only.
 */
export type AckCode = 'AA' | 'AE' | 'AR';

/** What of the original message the ACK needs; empty strings when it could not be read. */
export interface AckHeader {
  controlId: string;
  triggerEvent: string;
  version: string;
  sendingApplication: readonly string[];
  sendingFacility: readonly string[];
}

export const EMPTY_ACK_HEADER: AckHeader = { controlId: '', triggerEvent: '', version: '', sendingApplication: [], sendingFacility: [] };

export interface AckSender {
  application: string;
  facility: string;
}

const ERROR_TEXT: Readonly<Record<number, string>> = {
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  104: 'Value too long',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  202: 'Unsupported processing id',
  203: 'Unsupported version id',
  204: 'Unknown key identifier',
  205: 'Duplicate key identifier',
  206: 'Application record locked',
  207: 'Application internal error',
};

export function buildAck(options: {
  header: AckHeader;
  code: AckCode;
  rejection?: Hl7RejectionInfo;
  sender: AckSender;
  ackControlId: string;
  now: number;
}): string {
  const { header, code, rejection, sender } = options;
  const e = (s: string) => escapeHl7(s, STANDARD_DELIMITERS);
  const hd = (parts: readonly string[]) => trimTrailing(parts.map(e)).join('^');
  const version = /^2\.\d{1,2}(\.\d{1,2})?$/.test(header.version) ? header.version : '2.6';
  const trigger = /^[A-Z0-9]{3}$/.test(header.triggerEvent) ? header.triggerEvent : '';
  const msh = ['MSH', '^~\\&', e(sender.application), e(sender.facility), hd(header.sendingApplication), hd(header.sendingFacility), formatHl7Timestamp(options.now), '', trigger ? `ACK^${trigger}^ACK` : 'ACK', e(options.ackControlId), 'P', version].join('|');
  const segments = [msh];
  if (rejection === undefined) {
    segments.push(`MSA|${code}|${e(header.controlId)}`);
  } else {
    const errorCode = HL7_REJECT_REASONS[rejection.reason].code;
    const text = `${rejection.reason}: ${rejection.detail}`;
    segments.push(`MSA|${code}|${e(header.controlId)}|${e(text)}`);
    const loc = rejection.location;
    const erl = loc ? [loc.segment, String(loc.sequence), loc.field !== undefined ? String(loc.field) : ''].filter((x, i, a) => x !== '' || i < a.length - 1).join('^') : '';
    segments.push(['ERR', '', erl, `${errorCode}^${e(ERROR_TEXT[errorCode] ?? 'Error')}^HL70357`, 'E', '', '', '', e(text)].join('|'));
  }
  return segments.join('\r') + '\r';
}

function trimTrailing(parts: string[]): string[] {
  const out = [...parts];
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
