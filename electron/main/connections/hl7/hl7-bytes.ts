import { Hl7Rejection } from './hl7-rejection';

/**
 * Turns a frame's bytes into text, refusing anything that is not what it
 * claims to be. HL7 v2 names the character set in MSH-18 (table 0211);
 * absent means ASCII. We take ASCII and UTF-8 (decoded strictly: one invalid
 * byte rejects the message rather than becoming U+FFFD inside a value) and
 * ISO 8859-1, which older monitors still send. With MSH-18 empty we read
 * strict UTF-8 (ASCII is a subset of it): senders that leave MSH-18 empty
 * but send a "°" in UTF-8 are common; invalid UTF-8 is still refused. Anything else is refused:
 * guessing a charset could turn one character into another.
 *
 * Also refused: control characters other than the CR/LF segment separators
 * and TAB. HL7 text carries them only as escape sequences, so a raw NUL or
 * ESC means binary garbage or a broken sender.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;
/** Names of character sets (HL7 table 0211 and the usual others), as opposed to whatever else a sender misplaces in MSH-18. */
const CHARSET_NAME = /^(ASCII|8859\/\d+|ISO[ _-]?IR ?\d+|UNICODE.*|UTF-?\d+.*|GB ?\d+.*|KS X.*|CNS.*|BIG-?5|EBCDIC|JIS.*|SHIFT.?JIS|EUC.*|WINDOWS-\d+|CP ?\d+|LATIN.*|US-ASCII)$/;

type Charset = 'ascii' | 'utf-8' | 'latin1';

export function decodeHl7Bytes(bytes: Buffer): string {
  // 'MSH' first: also rules out a byte-order mark, which HL7 does not allow.
  if (bytes.length < 8 || bytes[0] !== 0x4d || bytes[1] !== 0x53 || bytes[2] !== 0x48) {
    throw new Hl7Rejection('missing-msh', 'message must start with an MSH segment');
  }
  const charset = declaredCharset(bytes);
  let text: string;
  if (charset === 'latin1') {
    text = bytes.toString('latin1');
  } else {
    if (charset === 'ascii' && bytes.some((b) => b > 0x7f)) {
      throw new Hl7Rejection('invalid-encoding', 'non-ASCII bytes but MSH-18 declares ASCII', { segment: 'MSH', sequence: 1, field: 18 });
    }
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new Hl7Rejection('invalid-encoding', 'invalid UTF-8', { segment: 'MSH', sequence: 1, field: 18 });
    }
  }
  if (CONTROL.test(text)) throw new Hl7Rejection('bad-characters', 'control characters outside escape sequences');
  return text;
}

/**
 * MSH-18 read from the raw bytes: the MSH segment up to MSH-18 is ASCII by
 * definition, so it can be read before the charset is known.
 */
function declaredCharset(bytes: Buffer): Charset {
  let end = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d || bytes[i] === 0x0a) {
      end = i;
      break;
    }
  }
  const msh = bytes.toString('latin1', 0, end);
  const fieldSep = msh[3]!;
  const fields = msh.split(fieldSep);
  // fields[0] = 'MSH', fields[1] = MSH-2, so MSH-n is fields[n - 1].
  const raw = (fields[17] ?? '').trim();
  const repetitionSep = msh[5];
  const first = (repetitionSep ? raw.split(repetitionSep)[0]! : raw).trim().toUpperCase();
  switch (first) {
    case 'ASCII':
      return 'ascii';
    case '':
    case 'UNICODE UTF-8':
    case 'UTF-8':
    case 'UTF8':
    // Table 0211's older "UNICODE" (deprecated since v2.5), which HIS feeds still send for UTF-8 text.
    // Read strictly as UTF-8: UTF-16 would fail the MSH check and the control-character check.
    case 'UNICODE':
      return 'utf-8';
    case '8859/1':
      return 'latin1';
    default:
      // Not a character set at all (UHN's feed puts its country code, CAN, here, one field off):
      // with only ASCII bytes nothing can be misread. A charset the station does not read stays refused.
      if (!CHARSET_NAME.test(first) && bytes.every((b) => b <= 0x7f)) return 'ascii';
      throw new Hl7Rejection('unsupported-charset', 'MSH-18 names a character set the station does not read (ASCII, UNICODE UTF-8, 8859/1)', {
        segment: 'MSH',
        sequence: 1,
        field: 18,
      });
  }
}
