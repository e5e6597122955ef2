import { Hl7Rejection, type Hl7ErrorLocation } from './hl7-rejection';

/** The five HL7 v2 delimiters, as MSH-1 and MSH-2 declare them. */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** v2.7+ truncation character (5th MSH-2 character), if declared. */
  truncation?: string;
}

export const STANDARD_DELIMITERS: Hl7Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes HL7 escape sequences in one already-split value (component or
 * subcomponent: escapes are resolved after splitting, which is why they
 * exist). Supported: \F\ \S\ \T\ \R\ \E\ (\P\ with a truncation character),
 * \Xhh…\ (bytes, read as UTF-8), formatting (\H\ \N\ dropped, \.br\ → line
 * break, other \.xx\ dropped). Refused: unterminated or empty sequences,
 * charset switches (\C…\ \M…\: we cannot honour them), locally defined \Z…\
 * (meaning unknown) and anything else – a value we cannot read exactly is
 * rejected, not guessed.
 */
export function unescapeHl7(raw: string, d: Hl7Delimiters, where?: Hl7ErrorLocation): string {
  let at = raw.indexOf(d.escape);
  if (at === -1) return raw;
  let out = '';
  let from = 0;
  while (at !== -1) {
    const close = raw.indexOf(d.escape, at + 1);
    if (close === -1) throw new Hl7Rejection('bad-escape', 'unterminated escape sequence', where);
    out += raw.slice(from, at) + decodeSequence(raw.slice(at + 1, close), d, where);
    from = close + 1;
    at = raw.indexOf(d.escape, from);
  }
  return out + raw.slice(from);
}

function decodeSequence(seq: string, d: Hl7Delimiters, where?: Hl7ErrorLocation): string {
  switch (seq) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case 'P':
      if (d.truncation) return d.truncation;
      break;
    case 'H':
    case 'N':
      return '';
    case '.br':
      return '\n';
  }
  if (/^\.(sp|in|ti|sk|ce|fi|nf)[+-]?\d*$/.test(seq)) return '';
  if (seq.startsWith('X')) {
    const hex = seq.slice(1);
    if (hex.length > 0 && hex.length % 2 === 0 && /^[0-9A-Fa-f]+$/.test(hex)) {
      try {
        return utf8.decode(Buffer.from(hex, 'hex'));
      } catch {
        throw new Hl7Rejection('bad-escape', 'hexadecimal escape is not valid UTF-8', where);
      }
    }
  }
  throw new Hl7Rejection('bad-escape', 'unknown or unsupported escape sequence', where);
}

/** The inverse, for text we put into ACKs: delimiters and line breaks become escapes. */
export function escapeHl7(text: string, d: Hl7Delimiters = STANDARD_DELIMITERS): string {
  let out = '';
  for (const ch of text) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (ch === '\r') out += `${d.escape}X0D${d.escape}`;
    else if (ch === '\n') out += `${d.escape}X0A${d.escape}`;
    else out += ch;
  }
  return out;
}
