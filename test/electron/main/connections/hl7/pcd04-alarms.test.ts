import { describe, expect, it } from 'vitest';
import { DeviceAlarmSchema, type DeviceAlarmInput } from '../../../../../electron/main/alarms/device-alarm';
import { BedMap } from '../../../../../electron/main/connections/hl7/bed-map';
import { decideHl7Frame, type Hl7Decision } from '../../../../../electron/main/connections/hl7/hl7-pipeline';
import { FIXTURE_BED_MAP, fixture, pcd04 } from './hl7-test-kit';

const ctx = { bedMap: new BedMap(FIXTURE_BED_MAP), processingIds: ['P'] };
const decide = (payload: Buffer | string): Hl7Decision => decideHl7Frame({ payload: typeof payload === 'string' ? Buffer.from(payload) : payload }, ctx);
const alarmsOf = (d: Hl7Decision): DeviceAlarmInput[] => {
  if (d.kind !== 'alarms') throw new Error(`expected alarms, got ${JSON.stringify(d)}`);
  for (const a of d.alarms) expect(DeviceAlarmSchema.safeParse(a).success, JSON.stringify(a)).toBe(true);
  return d.alarms;
};
const only = (d: Hl7Decision) => {
  const alarms = alarmsOf(d);
  expect(alarms).toHaveLength(1);
  return alarms[0]!;
};

describe('PCD-04 alarms: vendor-shaped messages', () => {
  it('lead off start and end are one alarm (OBR-29 of the end names the start)', () => {
    const start = only(decide(fixture('pcd04-lead-off-start.hl7')));
    const end = only(decide(fixture('pcd04-lead-off-end.hl7')));
    expect(start).toEqual({
      bedId: 'bed-07',
      code: 'LEAD_OFF',
      message: 'ECG lead off',
      priority: 'MEDIUM',
      source: 'technical',
      phase: 'start',
      deviceAlarmId: '0080C8FFFE0A1B2C/AL-77@0080C8FFFE0A1B2C',
    });
    expect(end).toMatchObject({ code: 'LEAD_OFF', phase: 'end', deviceAlarmId: start.deviceAlarmId });
  });

  it('asystole: high, physiological, latched as the device reports', () => {
    expect(only(decide(fixture('pcd04-asystole.hl7')))).toMatchObject({ code: 'ASYSTOLE', priority: 'HIGH', source: 'device', phase: 'start', latching: true });
  });

  it('limit event in OBX-3 with the parameter in OBX-5 (bed by EUI-64) → SPO2_LOW', () => {
    expect(only(decide(fixture('pcd04-spo2-low.hl7')))).toMatchObject({ bedId: 'bed-03', code: 'SPO2_LOW', message: 'SpO2 low', priority: 'MEDIUM', source: 'device' });
  });

  it('garbled priority becomes HIGH and a missing phase becomes continue – never dropped', () => {
    const d = decide(fixture('pcd04-garbled-priority.hl7'));
    expect(only(d)).toMatchObject({ bedId: 'bed-12', code: 'RR_HIGH', priority: 'HIGH', phase: 'continue' });
    expect(d.kind === 'alarms' && d.notes.repaired).toEqual({ 'priority-missing': 1, 'phase-missing': 1, 'event-unknown': 0, 'limit-parameter-unknown': 0, 'no-alarm-overridden': 0 });
  });
});

describe('PCD-04 alarms: rules', () => {
  it.each([
    ['196680^MDC_EVT_LEAD_OFF^MDC', 'LEAD_OFF'],
    ['199684^MDC_EVT_ECG_ASYSTOLE^MDC', 'ASYSTOLE'],
    ['199832^MDC_EVT_ECG_V_TACHY^MDC', 'VT'],
    ['^MDC_EVT_ECG_V_FIB^MDC', 'VF'],
    ['199680^MDC_EVT_APNEA^MDC', 'APNEA'],
    ['199854^MDC_EVT_DESAT^MDC', 'SPO2_DESAT'],
    ['196802^MDC_EVT_BATT_LO^MDC', 'BATTERY_LOW'],
    ['123456^MDC_EVT_VENDOR-SPECIFIC thing^MDC', 'VENDOR_SPECIFIC_THING'],
    ['197000^^MDC', 'EVT_197000'],
    ['', 'DEVICE_ALARM'],
  ])('event %s → %s', (event, code) => {
    expect(only(decide(pcd04('A1', { event }))).code).toBe(code);
  });

  it('an unknown event keeps the vendor text as the message', () => {
    expect(only(decide(pcd04('A1', { event: '9999^Pump occlusion^99VENDOR' })))).toMatchObject({ code: 'DEVICE_ALARM', message: 'Pump occlusion' });
  });

  it('limit event as the OBX-5 event takes the parameter from the source row', () => {
    const msg = pcd04('A1', { event: '196650^MDC_EVT_HI_GT_LIM^MDC', priority: 'PL' }).replace('OBX|2|', 'OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.0.0.2|131|264864^MDC_DIM_BEAT_PER_MIN^MDC\rOBX|3|');
    expect(only(decide(msg))).toMatchObject({ code: 'HR_HIGH', message: 'HR high', priority: 'LOW' });
  });

  it.each([
    ['PH~PL~SP', 'HIGH', 'device'],
    ['PL~PM~ST', 'MEDIUM', 'technical'],
    ['PL~SA', 'LOW', 'technical'],
    ['', 'HIGH', 'technical'],
    ['PU~ST', 'HIGH', 'technical'],
    ['ph', 'HIGH', 'technical'],
  ])('OBX-8 %s → %s / %s', (flags, priority, source) => {
    const msg = pcd04('A1').replace('|||PM~ST|||F', `|||${flags}|||F`);
    expect(only(decide(msg))).toMatchObject({ priority, source });
  });

  it('uses the priority sub-row when OBX-8 has none', () => {
    const msg = pcd04('A1').replace('|||PM~ST|||F', '|||ST|||F') + 'OBX|3|ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.0.0.6|PL\r';
    expect(only(decide(msg)).priority).toBe('LOW');
  });

  it.each([
    ['start', 'start'],
    ['continue', 'continue'],
    ['update', 'continue'],
    ['end', 'end'],
    ['finished?', 'continue'],
  ])('phase %s → %s', (given, phase) => {
    expect(only(decide(pcd04('A1', { phase: given }))).phase).toBe(phase);
  });

  it('without a phase row, an explicit inactive state ends the alarm', () => {
    const msg = pcd04('A1').replace('68481^MDC_ATTR_EVENT_PHASE^MDC|1.1.0.0.2|start', '68482^MDC_ATTR_ALARM_STATE^MDC|1.1.0.0.2|inactive');
    expect(only(decide(msg)).phase).toBe('end');
  });

  it('several alerts in one OBR get distinct ids', () => {
    const msg = pcd04('A1') + 'OBX|3|CWE|196616^MDC_EVT_ALARM^MDC|1.2.0.0.1|199680^MDC_EVT_APNEA^MDC|||PH~SP|||F\r';
    const alarms = alarmsOf(decide(msg));
    expect(alarms.map((a) => a.code)).toEqual(['LEAD_OFF', 'APNEA']);
    expect(new Set(alarms.map((a) => a.deviceAlarmId)).size).toBe(2);
  });

  it('without any alert id, start and end of the same condition on the same device still match', () => {
    const strip = (m: string) => m.replace(/OBR\|1\|\|[^|]*\|/, 'OBR|1|||');
    const a = only(decide(strip(pcd04('A1', { phase: 'start' }))));
    const b = only(decide(strip(pcd04('A2', { phase: 'end' }))));
    expect(a.deviceAlarmId).toBe(b.deviceAlarmId);
  });

  it('an over-long alert id is hashed to fit, not cut', () => {
    const a = only(decide(pcd04('A1', { alertId: 'X'.repeat(100) })));
    const b = only(decide(pcd04('A2', { alertId: 'X'.repeat(99) + 'Y' })));
    expect(a.deviceAlarmId.length).toBeLessThanOrEqual(64);
    expect(a.deviceAlarmId).not.toBe(b.deviceAlarmId);
  });

  it('rejects an ORU^R40 with no alert row, and one that maps to no bed', () => {
    const noAlert = pcd04('A1').replace(/OBX\|1\|[^\r]*\r/, '');
    expect(decide(noAlert)).toMatchObject({ kind: 'rejected', rejection: { reason: 'no-alarm' } });
    expect(decide(pcd04('A1', { bed: 'NOWHERE' }))).toMatchObject({ kind: 'rejected', rejection: { reason: 'unknown-bed' } });
  });
});
