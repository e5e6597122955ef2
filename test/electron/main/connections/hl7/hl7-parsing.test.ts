import { describe, expect, it } from 'vitest';
import { decodeHl7Bytes } from '../../../../../electron/main/connections/hl7/hl7-bytes';
import { escapeHl7, unescapeHl7, STANDARD_DELIMITERS } from '../../../../../electron/main/connections/hl7/hl7-escape';
import { Hl7Message } from '../../../../../electron/main/connections/hl7/hl7-message';
import { Hl7Rejection } from '../../../../../electron/main/connections/hl7/hl7-rejection';
import { formatHl7Timestamp, parseHl7Timestamp } from '../../../../../electron/main/connections/hl7/hl7-timestamp';

/** An MSH line with the given fields set (MSH-n → value), standard delimiters. */
const msh = (fields: Record<number, string>): string => {
  const parts = ['MSH', '^~\\&'];
  for (let n = 3; n <= Math.max(3, ...Object.keys(fields).map(Number)); n++) parts.push(fields[n] ?? '');
  return parts.join('|');
};

const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof Hl7Rejection) return e.reason;
    throw e;
  }
  return 'accepted';
};

describe('HL7 bytes → text', () => {
  it('reads UTF-8 (MSH-18 empty or UNICODE UTF-8) and ISO 8859-1', () => {
    expect(decodeHl7Bytes(Buffer.from('MSH|^~\\&|A|B\rNTE|1||37 °C\r'))).toContain('°C');
    expect(decodeHl7Bytes(Buffer.from(msh({ 18: 'UNICODE UTF-8' }) + '\rNTE|1||é\r'))).toContain('é');
    const latin1 = Buffer.concat([Buffer.from(msh({ 18: '8859/1' }) + '\rNTE|1||'), Buffer.from([0xe9]), Buffer.from('\r')]);
    expect(decodeHl7Bytes(latin1)).toContain('é');
  });

  it('rejects invalid UTF-8, non-ASCII under ASCII, unknown charsets, control characters and non-HL7', () => {
    const bad = Buffer.concat([Buffer.from('MSH|^~\\&|A|B\rNTE|1||'), Buffer.from([0xc3, 0x28]), Buffer.from('\r')]);
    expect(reasonOf(() => decodeHl7Bytes(bad))).toBe('invalid-encoding');
    expect(reasonOf(() => decodeHl7Bytes(Buffer.from(msh({ 18: 'ASCII' }) + '\rNTE|1||é\r')))).toBe('invalid-encoding');
    expect(reasonOf(() => decodeHl7Bytes(Buffer.from(msh({ 18: 'ISO IR87' }) + '\r')))).toBe('unsupported-charset');
    expect(reasonOf(() => decodeHl7Bytes(Buffer.from('MSH|^~\\&|A|B\rNTE|1||a\x00b\r')))).toBe('bad-characters');
    expect(reasonOf(() => decodeHl7Bytes(Buffer.from('\ufeffMSH|^~\\&|A|B\r')))).toBe('missing-msh');
    expect(reasonOf(() => decodeHl7Bytes(Buffer.from('PID|1\r')))).toBe('missing-msh');
    expect(reasonOf(() => decodeHl7Bytes(Buffer.from('MSH|')))).toBe('missing-msh');
  });
});

describe('HL7 message parsing', () => {
  it('numbers MSH fields as the standard does and splits the rest on access', () => {
    const m = Hl7Message.parse(msh({ 3: 'APP^FAC&SUB', 4: 'F', 9: 'ORU^R01^ORU_R01', 10: '42', 11: 'P', 12: '2.6' }) + '\rOBX|1|NM|147842^HR^MDC~999^ALT|x\r');
    expect(m.raw(m.msh, 1)).toBe('|');
    expect(m.raw(m.msh, 2)).toBe('^~\\&');
    expect(m.value(m.msh, 9, 2)).toBe('R01');
    expect(m.value(m.msh, 10)).toBe('42');
    expect(m.value(m.msh, 3, 2)).toBe('FAC&SUB');
    expect(m.value(m.msh, 3, 2, 0, 2)).toBe('SUB');
    const obx = m.all('OBX')[0]!;
    expect(m.repetitions(obx, 3)).toHaveLength(2);
    expect(m.value(obx, 3, 1, 1)).toBe('999');
    expect(m.components(obx, 3, 0)).toEqual(['147842', 'HR', 'MDC']);
    expect(m.value(obx, 30)).toBe('');
  });

  it('honours custom delimiters declared in MSH-1/MSH-2, including escapes', () => {
    const m = Hl7Message.parse('MSH#*@$%#APP*X#\rNTE#1##a$F$b$S$c$R$d$E$e$T$f*second\r');
    expect(m.delimiters).toEqual({ field: '#', component: '*', repetition: '@', escape: '$', subcomponent: '%' });
    const nte = m.all('NTE')[0]!;
    expect(m.value(nte, 3, 1)).toBe('a#b*c@d$e%f');
    expect(m.value(nte, 3, 2)).toBe('second');
    expect(m.value(m.msh, 3, 2)).toBe('X');
  });

  it('accepts a v2.7 truncation character', () => {
    const m = Hl7Message.parse('MSH|^~\\&#|A\rNTE|1||x\\P\\y\r');
    expect(m.delimiters.truncation).toBe('#');
    expect(m.value(m.all('NTE')[0]!, 3)).toBe('x#y');
  });

  it('accepts CR, LF and CRLF between segments and skips empty lines', () => {
    for (const sep of ['\r', '\n', '\r\n', '\r\r\n\n']) {
      const m = Hl7Message.parse(['MSH|^~\\&|A', 'PID|1', 'OBR|1', 'OBX|1'].join(sep) + sep);
      expect(m.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'OBR', 'OBX']);
    }
  });

  it('rejects bad delimiters, bad segment names and a second MSH', () => {
    expect(reasonOf(() => Hl7Message.parse('MSH|^^\\&|A\r'))).toBe('bad-delimiters');
    expect(reasonOf(() => Hl7Message.parse('MSH|^~\\|A\r'))).toBe('bad-delimiters');
    expect(reasonOf(() => Hl7Message.parse('MSHA^~\\&|A\r'))).toBe('bad-delimiters');
    expect(reasonOf(() => Hl7Message.parse('MSH|^~ &|A\r'))).toBe('bad-delimiters');
    expect(reasonOf(() => Hl7Message.parse('MSH|^~\\&|A\rpid|1\r'))).toBe('bad-segment');
    expect(reasonOf(() => Hl7Message.parse('MSH|^~\\&|A\rPIDX|1\r'))).toBe('bad-segment');
    expect(reasonOf(() => Hl7Message.parse('MSH|^~\\&|A\rMSH|^~\\&|B\r'))).toBe('bad-structure');
  });
});

describe('HL7 escape sequences', () => {
  const d = STANDARD_DELIMITERS;
  it('decodes delimiter, hex and formatting escapes', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', d)).toBe('a|b^c&d~e\\f');
    expect(unescapeHl7('\\X4869\\ \\XC2B0\\C', d)).toBe('Hi °C');
    expect(unescapeHl7('line\\.br\\next\\H\\bold\\N\\\\.sp2\\', d)).toBe('line\nnextbold');
  });

  it('rejects escapes it cannot read exactly', () => {
    for (const bad of ['a\\F', '\\\\', '\\Q\\', '\\XZZ\\', '\\X4\\', '\\XC3\\', '\\C2842\\', '\\Zlocal\\']) {
      expect(reasonOf(() => unescapeHl7(bad, d)), bad).toBe('bad-escape');
    }
  });

  it('round-trips through escapeHl7', () => {
    const text = 'a|b^c&d~e\\f\r\ng';
    expect(unescapeHl7(escapeHl7(text), d)).toBe(text);
  });
});

describe('HL7 timestamps', () => {
  it('reads offsets, fractions and the Mindray no-dot milliseconds', () => {
    expect(parseHl7Timestamp('20260301101500+0100')).toBe(Date.UTC(2026, 2, 1, 9, 15, 0));
    expect(parseHl7Timestamp('20260301101500.25-0500')).toBe(Date.UTC(2026, 2, 1, 15, 15, 0, 250));
    expect(parseHl7Timestamp('20260124131540123+0800')).toBe(Date.UTC(2026, 0, 24, 5, 15, 40, 123));
    expect(parseHl7Timestamp('202603011015+0000')).toBe(Date.UTC(2026, 2, 1, 10, 15));
    expect(parseHl7Timestamp('20260301101500')).toBe(new Date(2026, 2, 1, 10, 15, 0).getTime());
  });

  it('refuses dates alone, impossible dates and garbage', () => {
    for (const bad of ['20260301', '20260230120000', '20261301120000', '20260301246000', '20260301120000+1500', '1969123123590000', 'now', '2026-03-01T10:15:00Z', '20260301101500.+0000']) {
      expect(parseHl7Timestamp(bad), bad).toBeNull();
    }
  });

  it('formats ACK times in UTC', () => {
    expect(formatHl7Timestamp(Date.UTC(2026, 2, 1, 9, 5, 7, 8))).toBe('20260301090507.008+0000');
  });
});
