import { describe, expect, it } from 'vitest';
import type { NumericKind } from '../../../../../shared/domain/numeric';
import { BedMap } from '../../../../../electron/main/connections/hl7/bed-map';
import { decideHl7Frame, type Hl7Decision } from '../../../../../electron/main/connections/hl7/hl7-pipeline';
import { FIXTURE_BED_MAP, r01 } from './hl7-test-kit';

/**
 * PCD-01 as devices send it: the common MDC variants of what the tiles
 * show, names with code 0, and messages the station cannot read at all.
 * The codes below are written out as literals on purpose, each checked
 * against the sources listed in electron/main/connections/hl7/mdc-metrics.ts:
 * a test that recomputed them from the table would share its mistakes.
 */
const ctx = { bedMap: new BedMap(FIXTURE_BED_MAP), processingIds: ['P'] };
const decide = (msg: string): Hl7Decision => decideHl7Frame({ payload: Buffer.from(msg) }, ctx);
const kindsOf = (d: Hl7Decision): Record<string, number | null> => {
  if (d.kind !== 'numerics') throw new Error(`expected numerics, got ${JSON.stringify(d)}`);
  return Object.fromEntries(d.deliveries.flatMap((x) => x.numerics).map((n) => [n.kind, n.value]));
};

const UNIT: Record<NumericKind, string> = {
  hr: '264864^MDC_DIM_BEAT_PER_MIN^MDC',
  pulseRate: '264864^MDC_DIM_BEAT_PER_MIN^MDC',
  spo2: '262688^MDC_DIM_PERCENT^MDC',
  rr: '264928^MDC_DIM_RESP_PER_MIN^MDC',
  nibpSys: '266016^MDC_DIM_MMHG^MDC',
  nibpDia: '266016^MDC_DIM_MMHG^MDC',
  nibpMean: '266016^MDC_DIM_MMHG^MDC',
  temp: '268192^MDC_DIM_DEGC^MDC',
};
const VALUE: Record<NumericKind, string> = { hr: '72', pulseRate: '71', spo2: '97', rr: '16', nibpSys: '120', nibpDia: '80', nibpMean: '93', temp: '37.1' };
const row = (obx3: string, kind: NumericKind) => `OBX||NM|${obx3}|1.1.1.1|${VALUE[kind]}|${UNIT[kind]}|||||R`;

describe('common MDC variants of the numerics the station shows (IEEE 11073-10101, Rosetta)', () => {
  it.each<[string, NumericKind]>([
    ['147842^MDC_ECG_HEART_RATE^MDC', 'hr'],
    ['147842^MDC_ECG_CARD_BEAT_RATE^MDC', 'hr'],
    ['149530^MDC_PULS_OXIM_PULS_RATE^MDC', 'pulseRate'],
    ['149538^MDC_PLETH_PULS_RATE^MDC', 'pulseRate'],
    ['149514^MDC_PULS_RATE^MDC', 'pulseRate'],
    ['149522^MDC_BLD_PULS_RATE_INV^MDC', 'pulseRate'],
    ['149546^MDC_PULS_RATE_NON_INV^MDC', 'pulseRate'],
    ['150456^MDC_PULS_OXIM_SAT_O2^MDC', 'spo2'],
    ['151562^MDC_RESP_RATE^MDC', 'rr'],
    ['151578^MDC_TTHOR_RESP_RATE^MDC', 'rr'],
    ['151570^MDC_AWAY_RESP_RATE^MDC', 'rr'],
    ['151594^MDC_CO2_RESP_RATE^MDC', 'rr'],
    ['151658^MDC_PULS_OXIM_PLETH_RESP_RATE^MDC', 'rr'],
    ['150021^MDC_PRESS_BLD_NONINV_SYS^MDC', 'nibpSys'],
    ['150022^MDC_PRESS_BLD_NONINV_DIA^MDC', 'nibpDia'],
    ['150023^MDC_PRESS_BLD_NONINV_MEAN^MDC', 'nibpMean'],
    ['150301^MDC_PRESS_CUFF_SYS^MDC', 'nibpSys'],
    ['150302^MDC_PRESS_CUFF_DIA^MDC', 'nibpDia'],
    ['150303^MDC_PRESS_CUFF_MEAN^MDC', 'nibpMean'],
    ['150364^MDC_TEMP_BODY^MDC', 'temp'],
    ['150344^MDC_TEMP^MDC', 'temp'],
    ['150368^MDC_TEMP_CORE^MDC', 'temp'],
    ['150372^MDC_TEMP_ESOPH^MDC', 'temp'],
    ['150380^MDC_TEMP_NASOPH^MDC', 'temp'],
    ['188420^MDC_TEMP_RECT^MDC', 'temp'],
    ['188436^MDC_TEMP_BLD^MDC', 'temp'],
    ['150392^MDC_TEMP_TYMP^MDC', 'temp'],
    ['188424^MDC_TEMP_ORAL^MDC', 'temp'],
    ['188428^MDC_TEMP_EAR^MDC', 'temp'],
    ['188452^MDC_TEMP_AXILLA^MDC', 'temp'],
    ['188496^MDC_TEMP_AXIL^MDC', 'temp'],
  ])('%s → %s, by code alone and by name alone', (obx3, kind) => {
    const [code, name] = obx3.split('^');
    const byName = `^${name}^MDC`;
    for (const variant of [obx3, code === '188496' ? obx3 : `${code}^^MDC`, byName, `0^${name}^MDC`]) {
      expect(kindsOf(decide(r01('V1', [row(variant!, kind)]))), variant).toEqual({ [kind]: Number(VALUE[kind]) });
    }
  });

  it('respiration rate as MDC_TTHOR_RESP_RATE (151578) is shown (was: ignored, the RR tile stayed empty)', () => {
    expect(kindsOf(decide(r01('V2', [row('151578^MDC_TTHOR_RESP_RATE^MDC', 'rr')])))).toEqual({ rr: 16 });
  });

  it('core beats peripheral beats nothing: rectal over axillary, impedance RR over pleth-derived, oximeter pulse over NIBP pulse', () => {
    const d = decide(r01('V3', [
      'OBX||NM|188452^MDC_TEMP_AXILLA^MDC|1.5.1.2|36.2|268192^MDC_DIM_DEGC^MDC|||||R',
      'OBX||NM|188420^MDC_TEMP_RECT^MDC|1.5.1.1|37.4|268192^MDC_DIM_DEGC^MDC|||||R',
      'OBX||NM|151658^MDC_PULS_OXIM_PLETH_RESP_RATE^MDC|1.2.1.9|22|264928^MDC_DIM_RESP_PER_MIN^MDC|||||R',
      'OBX||NM|151578^MDC_TTHOR_RESP_RATE^MDC|1.1.2.1|18|264928^MDC_DIM_RESP_PER_MIN^MDC|||||R',
      'OBX||NM|149546^MDC_PULS_RATE_NON_INV^MDC|1.4.1.4|90|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R',
      'OBX||NM|149538^MDC_PLETH_PULS_RATE^MDC|1.2.1.2|74|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R',
    ]));
    expect(kindsOf(d)).toEqual({ temp: 37.4, rr: 18, pulseRate: 74 });
  });

  it.each([
    ['skin temperature 150388', '150388^MDC_TEMP_SKIN^MDC', 'temp'],
    ['arterial SaO2 150324 (a blood gas, not SpO2)', '150324^MDC_SAT_O2_ART^MDC', 'spo2'],
    ['left-hand SpO2 150472 (site-specific)', '150472^MDC_PULS_OXIM_SAT_O2_ART_LEFT^MDC', 'spo2'],
  ] as const)('not mapped on purpose: %s', (_label, obx3, kind) => {
    const d = decide(r01('V4', [row('150456^MDC_PULS_OXIM_SAT_O2^MDC', 'spo2'), row(obx3, kind)]));
    expect(kindsOf(d)).toEqual({ spo2: 97 });
  });

  it("a vendor code counts only with its name: Mindray's 188496 is axillary temperature, 188496 alone is nothing", () => {
    expect(kindsOf(decide(r01('V5', [row('150456^MDC_PULS_OXIM_SAT_O2^MDC', 'spo2'), row('188496^^MDC', 'temp')])))).toEqual({ spo2: 97 });
  });

  it('a known code with another metric\'s name is still refused (code-mismatch)', () => {
    expect(decide(r01('V6', [row('151578^MDC_PULS_OXIM_SAT_O2^MDC', 'spo2')]))).toMatchObject({ kind: 'rejected', rejection: { reason: 'code-mismatch' } });
  });
});

describe('code 0 with an MDC name (was: AE code-mismatch, and the device retried forever)', () => {
  it('0^MDC_ECG_HEART_RATE^MDC is heart rate', () => {
    expect(kindsOf(decide(r01('Z1', [row('0^MDC_ECG_HEART_RATE^MDC', 'hr'), row('0^MDCX_PULS_OXIM_SAT_O2^MDC', 'spo2')])))).toEqual({ hr: 72, spo2: 97 });
  });

  it('a provisional 0^MDCX_… term the station does not show is counted, not refused', () => {
    const d = decide(r01('Z2', [row('0^MDC_ECG_HEART_RATE^MDC', 'hr'), 'OBX||ST|0^MDCX_PUMP_POWER_STATUS^MDC|1.1.0.3|PowerSource=AC||||||R']));
    expect(kindsOf(d)).toEqual({ hr: 72 });
    expect(d.kind === 'numerics' && d.notes.ignored['unknown-code']).toBe(1);
  });
});

describe('a PCD-01 the station cannot read is not answered AA', () => {
  it('all observations in LOINC or a local code system → AE unknown-code-system, naming the first row', () => {
    const d = decide(r01('F1', ['OBX||NM|8867-4^Heart rate^LN|1|72|/min|||||R', 'OBX||NM|101^HR^MDIL|2|72|bpm|||||R']));
    expect(d).toMatchObject({ kind: 'rejected', rejection: { reason: 'unknown-code-system', location: { segment: 'OBX', sequence: 1, field: 3 } } });
  });

  it('only device rows (no observation at all) is nothing to refuse', () => {
    const d = decide(r01('F2', ['OBX|||69837^MDC_DEV_METER_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X']));
    expect(d.kind).toBe('numerics');
  });
});

describe('segments in an unusual order', () => {
  it('PV1 before PID is that patient\'s visit (the bed is found); NTE, ORC and Z-segments anywhere are skipped', () => {
    const msg = r01('O1', ['NTE|1||gateway note', 'ZXT|1|vendor', row('147842^MDC_ECG_HEART_RATE^MDC', 'hr'), 'NTE|2||row note'])
      .replace('PV1||I|ICU4^^BED20\r', 'PV1||I|ICU4^^BED20\rPID|||PAT-1^^^HOSP^MR\rORC|RE\r');
    const d = decide(msg);
    expect(d.kind === 'numerics' && d.deliveries.map((x) => x.bedId)).toEqual(['bed-20']);
    expect(kindsOf(d)).toEqual({ hr: 72 });
  });
});
