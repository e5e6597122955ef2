import { unescapeHl7, type Hl7Delimiters } from './hl7-escape';
import { Hl7Rejection, type Hl7ErrorLocation } from './hl7-rejection';

/**
 * A parsed HL7 v2 message: segments split into raw fields, delimiters as the
 * message declared them. Repetitions, components and subcomponents are split
 * on access and escape sequences decoded last, so a `\S\` inside a value is a
 * literal `^`, never a component boundary.
 *
 * `fields[n]` is SEG-n for every segment. For MSH that means fields[1] is the
 * field separator itself and fields[2] the encoding characters, as in the
 * standard's numbering; neither is ever split or unescaped.
 */
export interface Hl7Segment {
  readonly name: string;
  readonly fields: readonly string[];
  /** 1-based position among segments with the same name (for ERR-2). */
  readonly sequence: number;
}

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

export class Hl7Message {
  private constructor(
    readonly delimiters: Hl7Delimiters,
    readonly segments: readonly Hl7Segment[],
  ) {}

  get msh(): Hl7Segment {
    return this.segments[0]!;
  }

  /**
   * Strict parse. Accepts CR, LF or CRLF between segments (CR is the
   * standard; files and some gateways use the others) and ignores empty
   * lines. One message per frame: a second MSH is a structure error.
   */
  static parse(text: string): Hl7Message {
    if (!text.startsWith('MSH') || text.length < 8) throw new Hl7Rejection('missing-msh', 'message must start with an MSH segment');
    const d = readDelimiters(text);
    const lines = text.split(/\r\n|\r|\n/);
    const segments: Hl7Segment[] = [];
    const seen = new Map<string, number>();
    for (const line of lines) {
      if (line.length === 0) continue;
      const sepAt = line.indexOf(d.field);
      const name = sepAt === -1 ? line : line.slice(0, sepAt);
      const sequence = (seen.get(name) ?? 0) + 1;
      if (!SEGMENT_NAME.test(name)) {
        throw new Hl7Rejection('bad-segment', `segment ${segments.length + 1} has no valid segment name`);
      }
      seen.set(name, sequence);
      if (name === 'MSH') {
        if (segments.length > 0) throw new Hl7Rejection('bad-structure', 'more than one MSH segment in one frame');
        const rest = line.slice(4 + encodingLength(d));
        if (rest.length > 0 && rest[0] !== d.field) throw new Hl7Rejection('bad-delimiters', 'MSH-2 must be followed by the field separator');
        const tail = rest.length > 0 ? rest.slice(1).split(d.field) : [];
        segments.push({ name, sequence, fields: ['MSH', d.field, line.slice(4, 4 + encodingLength(d)), ...tail] });
      } else {
        segments.push({ name, sequence, fields: sepAt === -1 ? [name] : [name, ...line.slice(sepAt + 1).split(d.field)] });
      }
    }
    return new Hl7Message(d, segments);
  }

  all(name: string): Hl7Segment[] {
    return this.segments.filter((s) => s.name === name);
  }

  /** Raw field text (still escaped), '' when absent. */
  raw(segment: Hl7Segment, field: number): string {
    return segment.fields[field] ?? '';
  }

  /** Raw repetitions of a field ('' → no repetitions). */
  repetitions(segment: Hl7Segment, field: number): string[] {
    const raw = this.raw(segment, field);
    return raw === '' ? [] : raw.split(this.delimiters.repetition);
  }

  /**
   * One component, unescaped (1-based component, 0-based repetition). With
   * `sub`, one subcomponent (1-based); without, the whole component – any
   * subcomponent separators in it are kept literally.
   */
  value(segment: Hl7Segment, field: number, component = 1, repetition = 0, sub?: number): string {
    const raw = this.raw(segment, field);
    if (raw === '') return '';
    const rep = repetition === 0 && !raw.includes(this.delimiters.repetition) ? raw : (raw.split(this.delimiters.repetition)[repetition] ?? '');
    return this.componentOf(rep, component, sub, { segment: segment.name, sequence: segment.sequence, field });
  }

  /** Same as `value` for a raw repetition already taken from `repetitions()`. */
  componentOf(rawRepetition: string, component: number, sub?: number, where?: Hl7ErrorLocation): string {
    let part = component === 1 && !rawRepetition.includes(this.delimiters.component)
      ? rawRepetition
      : (rawRepetition.split(this.delimiters.component)[component - 1] ?? '');
    if (sub !== undefined) part = part.split(this.delimiters.subcomponent)[sub - 1] ?? '';
    return unescapeHl7(part, this.delimiters, where);
  }

  /** All components of one repetition, unescaped. */
  components(segment: Hl7Segment, field: number, repetition = 0): string[] {
    const raw = this.repetitions(segment, field)[repetition] ?? '';
    const where = { segment: segment.name, sequence: segment.sequence, field };
    return raw.split(this.delimiters.component).map((c) => unescapeHl7(c, this.delimiters, where));
  }
}

function encodingLength(d: Hl7Delimiters): number {
  return d.truncation ? 5 : 4;
}

/**
 * MSH-1 is the character after "MSH"; MSH-2 the 4 encoding characters
 * (component, repetition, escape, subcomponent), optionally a 5th
 * (truncation, v2.7+). They must be distinct, printable and not letters,
 * digits or spaces – otherwise the message cannot be split unambiguously.
 */
function readDelimiters(text: string): Hl7Delimiters {
  const field = text[3]!;
  const end = text.indexOf(field, 4);
  const lineEnd = text.search(/[\r\n]/);
  const encEnd = end === -1 || (lineEnd !== -1 && lineEnd < end) ? (lineEnd === -1 ? text.length : lineEnd) : end;
  const enc = text.slice(4, encEnd);
  const chars = [field, ...enc];
  const ok =
    (enc.length === 4 || enc.length === 5) &&
    chars.every((c) => c >= '!' && c <= '~' && !/[A-Za-z0-9]/.test(c)) &&
    new Set(chars).size === chars.length;
  if (!ok) throw new Hl7Rejection('bad-delimiters', 'MSH-1/MSH-2 must be 5 (or 6) distinct printable non-alphanumeric characters', { segment: 'MSH', sequence: 1, field: 2 });
  return { field, component: enc[0]!, repetition: enc[1]!, escape: enc[2]!, subcomponent: enc[3]!, ...(enc.length === 5 ? { truncation: enc[4]! } : {}) };
}
