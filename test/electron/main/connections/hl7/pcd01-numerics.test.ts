import { describe, expect, it } from 'vitest';
import { NumericSchema, type Numeric } from '../../../../../shared/domain/numeric';
import { BedMap } from '../../../../../electron/main/connections/hl7/bed-map';
import { decideHl7Frame, type Hl7Decision } from '../../../../../electron/main/connections/hl7/hl7-pipeline';
import { FIXTURE_BED_MAP, fixture, pcd01 } from './hl7-test-kit';

const ctx = { bedMap: new BedMap(FIXTURE_BED_MAP), processingIds: ['P'] };
const decide = (payload: Buffer | string): Hl7Decision => decideHl7Frame({ payload: typeof payload === 'string' ? Buffer.from(payload) : payload }, ctx);
const numericsOf = (d: Hl7Decision): Record<string, Numeric> => {
  if (d.kind !== 'numerics') throw new Error(`expected numerics, got ${JSON.stringify(d)}`);
  expect(d.deliveries).toHaveLength(1);
  for (const n of d.deliveries[0]!.numerics) expect(NumericSchema.safeParse(n).success).toBe(true);
  return Object.fromEntries(d.deliveries[0]!.numerics.map((n) => [n.kind, n]));
};
const rejection = (d: Hl7Decision) => (d.kind === 'rejected' ? { reason: d.rejection.reason, at: d.rejection.location } : { reason: 'accepted', at: undefined });

/** Replace one OBX row of the standard test message. */
const withObx = (row: string) => pcd01('C1').replace(/OBX\|1\|[^\r]*/, row);

describe('PCD-01 numerics: vendor-shaped messages', () => {
  it('Philips IntelliVue: containment tree, EUI-64 per row, NIBP with its own time', () => {
    const d = decide(fixture('philips-intellivue-pcd01.hl7'));
    const n = numericsOf(d);
    expect(d.kind === 'numerics' && d.deliveries[0]!.bedId).toBe('bed-07');
    const t = Date.UTC(2026, 2, 1, 9, 14, 59);
    expect(n).toEqual({
      hr: { kind: 'hr', value: 72, measuredAt: t },
      spo2: { kind: 'spo2', value: 97, measuredAt: t },
      pulseRate: { kind: 'pulseRate', value: 71, measuredAt: t },
      rr: { kind: 'rr', value: 16, measuredAt: t },
      nibpSys: { kind: 'nibpSys', value: 118, measuredAt: Date.UTC(2026, 2, 1, 9, 5) },
      nibpDia: { kind: 'nibpDia', value: 76, measuredAt: Date.UTC(2026, 2, 1, 9, 5) },
      nibpMean: { kind: 'nibpMean', value: 90, measuredAt: Date.UTC(2026, 2, 1, 9, 5) },
      temp: { kind: 'temp', value: 37.2, measuredAt: t },
    });
    // 4 MDS/VMD/channel header rows; the PVC rate is a code we do not show.
    expect(d.kind === 'numerics' && d.notes.ignored).toEqual({ 'unknown-code': 1, 'foreign-code': 0, 'device-structure': 4, duplicate: 0 });
  });

  it('Philips with leads off: flagged values arrive as null, never as numbers', () => {
    const n = numericsOf(decide(fixture('philips-intellivue-pcd01-lead-off.hl7')));
    expect(n.hr!.value).toBeNull(); // empty value + NAV
    expect(n.spo2!.value).toBeNull(); // OBX-8 INV although a number is present
    expect(n.pulseRate!.value).toBeNull(); // OBX-11 X
    expect(n.rr!.value).toBe(18);
  });

  it('GE: no PV1 location, bed found by the EUI-64 in OBX-18; °F converted; arterial BP not mapped', () => {
    const d = decide(fixture('ge-carescape-pcd01.hl7'));
    const n = numericsOf(d);
    expect(d.kind === 'numerics' && d.deliveries[0]!.bedId).toBe('bed-03');
    expect(Object.keys(n).sort()).toEqual(['hr', 'spo2', 'temp']);
    expect(n.temp!.value).toBe(37);
    // No OBX-14 and no OBR-7 problem: OBR-7 gives the time.
    expect(n.hr!.measuredAt).toBe(Date.UTC(2026, 2, 1, 15, 15));
  });

  it('Mindray: -100 sentinel → null, cuff pressure codes, UCUM units, duplicate temperature channel', () => {
    const d = decide(fixture('mindray-pcd01.hl7'));
    const n = numericsOf(d);
    expect(n.spo2!.value).toBeNull();
    expect(n.pulseRate!.value).toBeNull();
    expect(n.hr!.value).toBe(64);
    expect([n.nibpSys!.value, n.nibpDia!.value, n.nibpMean!.value]).toEqual([142, 100, 114]);
    expect(n.temp!.value).toBe(36.8); // first of two equal-rank channels
    expect(n.rr!.value).toBe(20);
    expect(d.kind === 'numerics' && d.notes.invalidated['out-of-range']).toBe(2);
    expect(d.kind === 'numerics' && d.notes.ignored.duplicate).toBe(1);
  });

  it('a monitor in demo mode never feeds numbers to a bed', () => {
    const d = decide(fixture('mindray-pcd01-demo.hl7'));
    expect(Object.values(numericsOf(d)).map((n) => n.value)).toEqual([null, null]);
    expect(d.kind === 'numerics' && d.notes.invalidated['demo-data']).toBe(2);
  });
});

describe('PCD-01 numerics: rules', () => {
  it('prefers body over generic temperature and impedance over airway RR, whatever the order', () => {
    const msg = pcd01('C1')
      .replace(/OBX\|2\|[^\r]*/, 'OBX|2|NM|150344^MDC_TEMP^MDC|1.5.1.1|36.1|268192^MDC_DIM_DEGC^MDC|||||R')
      + 'OBX|3|NM|150364^MDC_TEMP_BODY^MDC|1.5.1.2|37.4|Cel^Cel^UCUM|||||R\r'
      + 'OBX|4|NM|151570^MDC_AWAY_RESP_RATE^MDC|1.6.1.1|22|/min^/min^UCUM|||||R\r'
      + 'OBX|5|NM|151562^MDC_RESP_RATE^MDC|1.3.1.1|19|264928^MDC_DIM_RESP_PER_MIN^MDC|||||R\r';
    const n = numericsOf(decide(msg));
    expect(n.temp!.value).toBe(37.4);
    expect(n.rr!.value).toBe(19);
  });

  it('finds the MDC code in the alternate triplet (LOINC first)', () => {
    const n = numericsOf(decide(withObx('OBX|1|NM|8867-4^Heart rate^LN^147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|61|{beats}/min^beats per minute^UCUM|||||R')));
    expect(n.hr!.value).toBe(61);
  });

  it('converts NIBP in kPa', () => {
    const n = numericsOf(decide(withObx('OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.4.1.1|16.0|265987^MDC_DIM_KILO_PASCAL^MDC|||||R')));
    expect(n.nibpSys!.value).toBe(120);
  });

  it('takes the message time when OBX-14 and OBR-7 are empty', () => {
    const msg = pcd01('C1', { time: '20260301101500+0000' }).replace(/\|\|\|20260301101500\+0000\r/g, '\r').replace(/\|\|\|20260301101500\+0000$/, '');
    const stripped = msg.replace('OBR|1|||182777000^monitoring of patient^SCT|||20260301101500+0000', 'OBR|1').replace('|20260301101500+0000||ORU', '|20260301101700+0000||ORU');
    expect(stripped).not.toContain('101500');
    const n = numericsOf(decide(stripped));
    expect(n.hr!.measuredAt).toBe(Date.UTC(2026, 2, 1, 10, 17));
  });

  it.each([
    ['non-numeric value', 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|seventy|264864^MDC_DIM_BEAT_PER_MIN^MDC', 'bad-value', 5],
    ['exponent', 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|7e1|264864^MDC_DIM_BEAT_PER_MIN^MDC', 'bad-value', 5],
    ['repeated value', 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|70~71|264864^MDC_DIM_BEAT_PER_MIN^MDC', 'bad-value', 5],
    ['value type ST', 'OBX|1|ST|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|70|264864^MDC_DIM_BEAT_PER_MIN^MDC', 'bad-value-type', 2],
    ['wrong unit', 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|70|262688^MDC_DIM_PERCENT^MDC', 'unit-mismatch', 6],
    ['no unit', 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|70', 'unit-mismatch', 6],
    ['code and name disagree', 'OBX|1|NM|147842^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.1|70|264864^MDC_DIM_BEAT_PER_MIN^MDC', 'code-mismatch', 3],
    ['bad OBX-14', 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|70|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||20261340', 'bad-timestamp', 14],
    ['bad escape in a value', 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|7\\Q\\0|264864^MDC_DIM_BEAT_PER_MIN^MDC', 'bad-escape', 5],
  ])('rejects %s', (_name, row, reason, field) => {
    const r = rejection(decide(withObx(row)));
    expect(r.reason).toBe(reason);
    expect(r.at).toMatchObject({ segment: 'OBX', sequence: 1, field });
  });

  it('ignores (and counts) codes it does not know, MDC and non-MDC apart, when something else was read', () => {
    const d = decide(withObx('OBX|1|NM|8867-4^Heart rate^LN|1|70|/min') + 'OBX|3|NM|148066^MDC_ECG_V_P_C_RATE^MDC|1.1.1.2|0|264864^MDC_DIM_BEAT_PER_MIN^MDC\r');
    expect(Object.keys(numericsOf(d))).toEqual(['spo2']);
    expect(d.kind === 'numerics' && d.notes.ignored).toMatchObject({ 'unknown-code': 1, 'foreign-code': 1 });
  });

  it('rejects OBX before OBR and a second PV1 for one patient', () => {
    expect(rejection(decide(pcd01('C1').replace(/OBR\|[^\r]*\r/, ''))).reason).toBe('bad-structure');
    expect(rejection(decide(pcd01('C1').replace('PV1||I|ICU4^^BED20', 'PV1||I|ICU4^^BED20\rPV1||I|ICU4^^BED20'))).reason).toBe('bad-structure');
  });
});

describe('PCD-01 bed mapping', () => {
  it('maps by PV1-3 location, case- and space-insensitively, ignoring components after the bed', () => {
    const d = decide(pcd01('C1').replace('ICU4^^BED20', ' icu4 ^^bed20^HOSP^^^B1^3'));
    expect(d.kind === 'numerics' && d.deliveries[0]!.bedId).toBe('bed-20');
  });

  it('maps by OBX-18 EUI-64 when the location is unknown', () => {
    const msg = pcd01('C1', { bed: 'NOWHERE' }).replace(/(OBX\|1\|[^\r]*)/, '$1||||0080c8fffe0a1b2c^EUI-64');
    const d = decide(msg);
    expect(d.kind === 'numerics' && d.deliveries[0]!.bedId).toBe('bed-07');
  });

  it('rejects a message that maps to no bed, and one whose location and device disagree', () => {
    expect(rejection(decide(pcd01('C1', { bed: 'NOWHERE' }))).reason).toBe('unknown-bed');
    expect(rejection(decide(pcd01('C1').replace('PV1||I|ICU4^^BED20\r', ''))).reason).toBe('unknown-bed');
    const conflicting = pcd01('C1').replace(/(OBX\|1\|[^\r]*)/, '$1||||0080C8FFFE0A1B2C^EUI-64');
    expect(rejection(decide(conflicting)).reason).toBe('bed-conflict');
  });

  it('delivers per bed when a gateway batches several patients in one message', () => {
    const one = pcd01('C1');
    const second = 'PID|||2\rPV1||I|ICU^3^B12\rOBR|1\rOBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1|91|%|||||R\r';
    const d = decide(one + second);
    expect(d.kind).toBe('numerics');
    if (d.kind !== 'numerics') return;
    expect(d.deliveries.map((x) => [x.bedId, x.numerics.map((n) => `${n.kind}=${n.value}`)])).toEqual([
      ['bed-20', ['hr=72', 'spo2=97']],
      ['bed-12', ['spo2=91']],
    ]);
  });
});
