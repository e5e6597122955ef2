import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checksumMismatches, frameMean, readWfdbAnnotations, readWfdbRecord, toPhysical } from './wfdb-reader';

/**
 * The independent WFDB reader the export test relies on, checked first
 * against what the original WFDB tools print for real PhysioNet records
 * (test/fixtures/physionet/SOURCES.md).
 */
const FIXTURES = resolve(__dirname, '../fixtures/physionet');
const reference = (name: string) =>
  gunzipSync(readFileSync(join(FIXTURES, name)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);

describe('WFDB reader against rdsamp and rdann', () => {
  it('format 16, four signals (test01_00s): every ADC value as rdsamp prints it, and the header checksums', () => {
    const record = readWfdbRecord(join(FIXTURES, 'test01_00s.hea'));
    const lines = reference('record-1a.gz');
    expect(lines).toHaveLength(4000);
    lines.forEach((line, n) => expect(line.trim().split(/\s+/).map(Number), `frame ${n}`).toEqual(record.samples.map((s) => s[n])));
    expect(checksumMismatches(record)).toEqual([]);
  });

  it('format 212 with an odd sample count (100_3chan): physical values as rdsamp -P prints them', () => {
    const record = readWfdbRecord(join(FIXTURES, '100_3chan.hea'));
    const lines = reference('record-2c.gz');
    expect(lines).toHaveLength(999);
    lines.forEach((line, n) => {
      const expected = line.trim().split(/\s+/).map(Number);
      record.samples.forEach((s, i) => expect(toPhysical(s[n]!, record.header.signals[i]!)).toBeCloseTo(expected[i]!, 8));
    });
    expect(checksumMismatches(record)).toEqual([]);
  });

  it('format 212 with 4 samples per frame and a skew (03700181): frames as rdsamp prints them', () => {
    const record = readWfdbRecord(join(FIXTURES, '03700181.hea'));
    const lines = reference('record-4b-head.gz');
    expect(lines).toHaveLength(1996);
    lines.forEach((line, n) => {
      const [ecg, abp, resp] = line.trim().split(/\s+/).map(Number);
      expect(frameMean(record.samples[0]!, n, 4), `frame ${n}`).toBe(ecg);
      expect(record.samples[1]![n]).toBe(abp);
      // The skewed signal's sample for frame n is stored in frame n + 4.
      expect(record.samples[2]![n]).toBe(resp);
    });
  });

  it('annotations with SKIP, CHN and AUX (12726.anI) and plain beats (1003.atr) as rdann prints them', () => {
    const aux = readWfdbAnnotations(join(FIXTURES, '12726.anI'));
    const auxRef = reference('ann-2.gz').map((l) => {
      const [, sample, , sub, chan, num, text] = /^\s*\S+\s+(\d+)\s+(\S+)\s+(-?\d+)\s+(\d+)\s+(-?\d+)\t?(.*)$/.exec(l)!.slice(0);
      return { sample: Number(sample), sub: Number(sub), chan: Number(chan), num: Number(num), aux: text ?? '' };
    });
    expect(aux.map((a) => ({ sample: a.sample, sub: a.subtype, chan: a.chan, num: a.num, aux: a.aux ?? '' }))).toEqual(auxRef);
    const beats = readWfdbAnnotations(join(FIXTURES, '1003.atr'));
    const beatRef = reference('ann-3.gz').map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(beats.map((b) => b.sample)).toEqual(beatRef);
  });
});
