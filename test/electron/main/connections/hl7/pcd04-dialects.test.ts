import { describe, expect, it } from 'vitest';
import { DeviceAlarmSchema, type DeviceAlarmInput } from '../../../../../electron/main/alarms/device-alarm';
import { BedMap } from '../../../../../electron/main/connections/hl7/bed-map';
import { decideHl7Frame, type Hl7Decision } from '../../../../../electron/main/connections/hl7/hl7-pipeline';
import { FIXTURE_BED_MAP, r40 } from './hl7-test-kit';

/**
 * PCD-04 as devices send it, not only as IHE PCD TF-2 draws it: names with
 * code 0, facets under older codes, keep-alives shaped like alerts, the
 * parameter of a limit alarm wherever the device put it. Section numbers
 * are IHE PCD TF-2 Rev. 9.0.
 */
const ctx = { bedMap: new BedMap(FIXTURE_BED_MAP), processingIds: ['P'] };
const decide = (msg: string): Hl7Decision => decideHl7Frame({ payload: Buffer.from(msg) }, ctx);
const alarmsOf = (d: Hl7Decision): DeviceAlarmInput[] => {
  if (d.kind !== 'alarms') throw new Error(`expected alarms, got ${JSON.stringify(d)}`);
  for (const a of d.alarms) expect(DeviceAlarmSchema.safeParse(a).success, JSON.stringify(a)).toBe(true);
  return d.alarms;
};
const only = (d: Hl7Decision): DeviceAlarmInput => {
  const alarms = alarmsOf(d);
  expect(alarms).toHaveLength(1);
  return alarms[0]!;
};
const notesOf = (d: Hl7Decision) => {
  if (d.kind !== 'alarms') throw new Error(`expected alarms, got ${JSON.stringify(d)}`);
  return d.notes;
};

const ALERT = 'OBX||CWE|196616^MDC_EVT_ALARM^MDC|1.1.0.0.1';
const phase = (v: string) => `OBX||ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.1.0.0.3|${v}`;
const state = (v: string) => `OBX||ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.1.0.0.4|${v}`;

describe('an alert named with code 0 is classified by its name (was: AE, and the device retries)', () => {
  it('OBX-3 0^MDCX_… as the alert row (TF-2 E.3 advisory; GE Mural)', () => {
    const d = decide(r40('Z1', ['OBX||ST|0^MDCX_EVT_ALERT_ADVISORY^MDC|1.0.0.0.1|HYPERTENSION-Alert Recheck BP|||A~PM~SA|||R', phase('start')]));
    expect(only(d)).toMatchObject({ code: 'ALERT_ADVISORY', message: 'HYPERTENSION-Alert Recheck BP', priority: 'MEDIUM', phase: 'start' });
  });

  it('OBX-5 0^MDC_EVT_… as the event of MDC_EVT_ALARM', () => {
    expect(only(decide(r40('Z2', [`${ALERT}|0^MDC_EVT_ECG_ASYSTOLE^MDC|||PH~SP|||F`, phase('start')])))).toMatchObject({ code: 'ASYSTOLE', priority: 'HIGH' });
    expect(only(decide(r40('Z3', [`${ALERT}|0^MDCX_EVT_ECG_LEAD_OFF^MDC|||PM~ST|||F`, phase('start')])))).toMatchObject({ code: 'LEAD_OFF', source: 'technical' });
  });

  it('OBX-3 0^MDC_EVT_HI with the parameter as 0^MDC_… in OBX-5', () => {
    const d = decide(r40('Z4', ['OBX||CWE|0^MDC_EVT_HI^MDC|1.1.1.1.1|0^MDC_ECG_HEART_RATE^MDC|||PM~SP|||F', phase('start')]));
    expect(only(d)).toMatchObject({ code: 'HR_HIGH', message: 'HR high', priority: 'MEDIUM' });
  });

  it('a bare 0 with no name is no code at all: the alert row is still found by its OBX-4 facet', () => {
    const d = decide(r40('Z5', ['OBX||ST|0|1.1.0.0.1|Pump occlusion|||PM~ST|||F', phase('start')]));
    expect(only(d)).toMatchObject({ code: 'DEVICE_ALARM', message: 'Pump occlusion', priority: 'MEDIUM', source: 'technical' });
  });
});

describe('keep-alives, status events and "no alarm" priorities are not alarms (TF-2 B.8.5)', () => {
  const noAlarms = (d: Hl7Decision) => {
    expect(alarmsOf(d)).toEqual([]);
    return notesOf(d).notAlarms;
  };

  it('Dräger ACM watchdog: MDC_EVT_ACTIVE with priority PN in the older 68168 row (was: latching HIGH)', () => {
    const d = decide(r40('K1', [
      'OBX||ST|258047^MDC_EVT_ACTIVE^MDC|1.0.0.0.1|Heartbeat||||||F',
      'OBX||ST|68480^MDC_ATTR_ALERT_SOURCE^MDC|1.0.0.0.2|69837^MDC_DEV_METER_PHYSIO_MULTI_PARAM_MDS^MDC||||||F',
      'OBX||ST|68165^MDC_ATTR_EVENT_PHASE^MDC|1.0.0.0.3|start||||||F',
      'OBX||ST|68166^MDC_ATTR_ALARM_STATE^MDC|1.0.0.0.4|active||||||F',
      'OBX||ST|68167^MDC_ATTR_ALARM_INACTIVATION_STATE^MDC|1.0.0.0.5|enabled||||||F',
      'OBX||ST|68168^MDC_ATTR_ALARM_PRIORITY^MDC|1.0.0.0.6|PN||||||F',
      'OBX||ST|68485^MDC_ATTR_ALERT_TYPE^MDC|1.0.0.0.7|SA||||||F',
    ]));
    expect(noAlarms(d)).toMatchObject({ 'keep-alive': 1 });
  });

  it('a keep-alive without any priority is still not an alarm (never "unknown priority → HIGH")', () => {
    expect(noAlarms(decide(r40('K2', ['OBX||ST|0^MDC_EVT_WATCHDOG^MDC|1.0.0.0.1|', phase('continue')])))).toMatchObject({ 'keep-alive': 1 });
    expect(noAlarms(decide(r40('K3', [`${ALERT}|0^MDCX_EVT_ACTIVE^MDC`])))).toMatchObject({ 'keep-alive': 1 });
  });

  it.each([
    ['OBX-8 PN', [`${ALERT}|197000^^MDC|||PN~ST|||F`, phase('start')]],
    ['OBX-8 PN, lower case, with SA', [`${ALERT}||||pn~SA|||F`, phase('start')]],
    ['priority facet 68484 PN over OBX-8 PH', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PH~ST|||F`, phase('start'), 'OBX||ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.0.0.6|PN']],
    ['older priority code 68168 PN', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC`, phase('start'), 'OBX||ST|68168^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.0.0.6|PN']],
  ])('PN ("no-alarm", Table B.8.5-8): %s', (_label, rows) => {
    expect(noAlarms(decide(r40('N1', rows)))).toMatchObject({ 'no-alarm-priority': 1 });
  });

  it('PI (information) is not an alarm either (IEC 60601-1-8: information signals are not alarms)', () => {
    expect(noAlarms(decide(r40('N2', [`${ALERT}|196802^MDC_EVT_BATT_LO^MDC|||PI~ST|||F`, phase('start')])))).toMatchObject({ information: 1 });
  });

  it('a status event (MDC_EVT_STAT_*) without an alarm priority, and a no_alert phase', () => {
    expect(noAlarms(decide(r40('S1', [`${ALERT}|0^MDC_EVT_STAT_STANDBY^MDC`, phase('start')])))).toMatchObject({ status: 1 });
    expect(noAlarms(decide(r40('S2', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PM~ST|||F`, phase('no_alert')])))).toMatchObject({ status: 1 });
  });

  it('a status event the device does rate as an alarm is one', () => {
    expect(only(decide(r40('S3', [`${ALERT}|0^MDC_EVT_STAT_STANDBY^MDC|||PL~ST|||F`, phase('start')])))).toMatchObject({ code: 'STAT_STANDBY', priority: 'LOW' });
  });

  it('a lethal arrhythmia is an alarm whatever the priority says, and the override is counted', () => {
    const d = decide(r40('L1', [`${ALERT}|199684^MDC_EVT_ECG_ASYSTOLE^MDC|||PN~SP|||F`, phase('start')]));
    expect(only(d)).toMatchObject({ code: 'ASYSTOLE', priority: 'HIGH', phase: 'start' });
    expect(notesOf(d).repaired['no-alarm-overridden']).toBe(1);
  });

  it('a keep-alive name cannot hide an alarm the code identifies', () => {
    expect(only(decide(r40('L2', [`${ALERT}|199684^MDC_EVT_ACTIVE^MDC|||PH~SP|||F`, phase('start')])))).toMatchObject({ code: 'ASYSTOLE' });
  });

  it('a "no alarm" still offers to end that alert id if the station has it open', () => {
    const d = decide(r40('E1', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PN~ST|||F`, phase('deescalate')], { alertId: 'AL-9' }));
    expect(d.kind === 'alarms' && d.endIfOpen).toEqual([expect.objectContaining({ bedId: 'bed-20', phase: 'end', code: 'LEAD_OFF', deviceAlarmId: '0123456789ABCDEF/AL-9@SIM' })]);
  });
});

describe('phase, state and priority from every place TF-2 allows (B.8.5, Table B.8.5-1)', () => {
  const lead = `${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PM~ST|||F`;

  it.each([
    ['68481 (assigned code)', '68481^MDC_ATTR_EVENT_PHASE^MDC'],
    ['68165 (older code)', '68165^MDC_ATTR_EVENT_PHASE^MDC'],
    ['a wrong code with the right name (TF-2 E.3: 684810)', '684810^MDC_ATTR_EVENT_PHASE^MDC '],
    ['code 0 and the name', '0^MDC_ATTR_EVENT_PHASE^MDC'],
    ['the bare name of the 2011 ACM examples', 'EVENT_PHASE^EVENT_PHASE'],
  ])('phase in %s', (_label, obx3) => {
    expect(only(decide(r40('P1', [lead, `OBX||ST|${obx3}|1.1.0.0.3|end`]))).phase).toBe('end');
  });

  it('phase by OBX-4 facet position 3 when OBX-3 names nothing known', () => {
    expect(only(decide(r40('P2', [lead, 'OBX||ST|9999^VENDOR_PHASE^99LOCAL|1.1.0.0.3|end']))).phase).toBe('end');
  });

  it.each([
    ['68482', '68482^MDC_ATTR_ALARM_STATE^MDC'],
    ['68166 (older code)', '68166^MDC_ATTR_ALARM_STATE^MDC'],
    ["GE's MDC_ATTR_ALERT_STATE", '68166^MDC_ATTR_ALERT_STATE^MDC'],
    ['bare ALARM_STATE', 'ALARM_STATE'],
  ])('state in %s: inactive with no phase ends the alarm', (_label, obx3) => {
    expect(only(decide(r40('T1', [lead, `OBX||ST|${obx3}|1.1.0.0.4|inactive`]))).phase).toBe('end');
  });

  it('a latched state, even among repeated states, makes the alarm latching', () => {
    expect(only(decide(r40('T2', [lead, phase('continue'), state('active~latched')])))).toMatchObject({ phase: 'continue', latching: true });
  });

  it('a "continue" whose state is inactive ends the alarm; an active one continues', () => {
    expect(only(decide(r40('T3', [lead, phase('update'), state('inactive')]))).phase).toBe('end');
    expect(only(decide(r40('T4', [lead, phase('update'), state('active')]))).phase).toBe('continue');
  });

  it.each([
    ['start', 'start'],
    ['_START', 'start'],
    ['continue', 'continue'],
    ['present', 'continue'],
    ['update', 'continue'],
    ['_CHANGED', 'continue'],
    ['_CLEARED', 'continue'],
    ['escalate', 'continue'],
    ['de-escalate', 'continue'],
    ['deescalate', 'continue'],
    ['inactivate', 'continue'],
    ['acknowledged', 'continue'],
    ['end', 'end'],
    ['_END', 'end'],
    ['reset', 'end'],
    ['stop', 'end'],
    ['_STOP', 'end'],
    ['_COMPL', 'end'],
  ])('Table B.8.5-4 phase %s → %s', (value, expected) => {
    expect(only(decide(r40('P3', [lead, phase(value)]))).phase).toBe(expected);
  });

  it.each(['tpoint', 'start_only', 'Start-Only'])('%s (no end will come) is raised and ended at once, latched so someone sees it', (value) => {
    const alarms = alarmsOf(decide(r40('P4', [lead, phase(value)])));
    expect(alarms.map((a) => [a.phase, a.latching])).toEqual([['start', true], ['end', true]]);
    expect(alarms[0]!.deviceAlarmId).toBe(alarms[1]!.deviceAlarmId);
  });

  it.each([
    ['68484 PL over OBX-8 PH ("the new approach takes precedent")', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PH~ST|||F`, 'OBX||ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.0.0.6|PL'], 'LOW'],
    ['older 68168 PM', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||ST|||F`, 'OBX||ST|68168^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.0.0.6|PM'], 'MEDIUM'],
    ['facet position 6', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC`, 'OBX||ST|1^PRIO^LOCAL|1.1.0.0.6|PL'], 'LOW'],
    ['an unreadable facet falls back to OBX-8', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PM~ST|||F`, 'OBX||ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.0.0.6|20'], 'MEDIUM'],
  ])('priority: %s', (_label, rows, priority) => {
    expect(only(decide(r40('R1', [...rows, phase('start')]))).priority).toBe(priority);
  });

  it('alert type from the 68485 facet wins over OBX-8', () => {
    expect(only(decide(r40('R2', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PM~SP|||F`, 'OBX||ST|68485^MDC_ATTR_ALERT_TYPE^MDC|1.1.0.0.7|ST', phase('start')]))).source).toBe('technical');
  });

  it('facets are tied to their alert by OBX-4 when a gateway batches two alerts in one OBR, in any order', () => {
    const alarms = alarmsOf(decide(r40('R3', [
      `${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PM~ST|||F`,
      'OBX||CWE|196616^MDC_EVT_ALARM^MDC|1.2.0.0.1|199680^MDC_EVT_APNEA^MDC|||PH~SP|||F',
      'OBX||ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.1.0.0.3|end',
      'OBX||ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.2.0.0.3|start',
    ])));
    expect(alarms.map((a) => [a.code, a.phase])).toEqual([['LEAD_OFF', 'end'], ['APNEA', 'start']]);
  });
});

describe('a limit alarm names its parameter wherever the message carries it', () => {
  it.each([
    ['OBX-5 of the limit event row', ['OBX||CWE|196670^MDC_EVT_LO^MDC|1.6.1.1.1|150456^MDC_PULS_OXIM_SAT_O2^MDC|||PM~SP|||F'], 'SPO2_LOW'],
    ['OBX-5, MDC as the alternate triplet', ['OBX||CWE|196670^MDC_EVT_LO^MDC|1.6.1.1.1|59408-5^SpO2^LN^150456^MDC_PULS_OXIM_SAT_O2^MDC|||PM~SP|||F'], 'SPO2_LOW'],
    ['the source row (TF-2 E.3.1: OBX-5 is text)', ['OBX||ST|196670^MDC_EVT_LO^MDC|1.3.1.150456.1|Low SpO2|||L~PM~SP|||F', 'OBX||NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456.2|88|262688^MDC_DIM_PERCENT^MDC|90-96||||F'], 'SPO2_LOW'],
    ['an ALERT_SOURCE row naming the metric in OBX-5', [`${ALERT}|196650^MDC_EVT_HI_GT_LIM^MDC|||PM~SP|||F`, 'OBX||CWE|68480^MDC_ATTR_ALERT_SOURCE^MDC|1.1.0.0.2|151578^MDC_TTHOR_RESP_RATE^MDC'], 'RR_HIGH'],
    ['the OBX-4 path carrying the metric code (Mindray)', ['OBX||ST|196648^MDC_EVT_HI^MDC|1.1.2.151562.1|RR High|||PM~SP|||F'], 'RR_HIGH'],
    ['a metric row flagged as the alert', ['OBX||NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.4.1.1|182|266016^MDC_DIM_MMHG^MDC|90-160|H~PM~SP|||F'], 'NIBP_SYS_HIGH'],
  ])('%s', (_label, rows, code) => {
    const d = decide(r40('M1', [...rows, 'OBX||ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.9.9.9.3|start']));
    expect(only(d).code).toBe(code);
    expect(notesOf(d).repaired['limit-parameter-unknown']).toBe(0);
  });

  it('the OBX-4 containment path: a metric row of the same MDS.VMD.CHAN.METRIC, kept with another alert', () => {
    const alarms = alarmsOf(decide(r40('M2', [
      'OBX||ST|196648^MDC_EVT_HI^MDC|1.1.1.1.1|HR High|||PH~SP|||F',
      'OBX||ST|196670^MDC_EVT_LO^MDC|1.2.1.1.1|SpO2 Low|||PM~SP|||F',
      'OBX||NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.2.1.1|85|262688^MDC_DIM_PERCENT^MDC||||F',
      'OBX||NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|150|264864^MDC_DIM_BEAT_PER_MIN^MDC||||F',
    ])));
    expect(alarms.map((a) => a.code)).toEqual(['HR_HIGH', 'SPO2_LOW']);
  });

  it('a parameter the station does not show is named by its MDC name', () => {
    const d = decide(r40('M3', [`${ALERT}|196650^MDC_EVT_HI_GT_LIM^MDC|||PM~SP|||F`, 'OBX||NM|148066^MDC_ECG_V_P_C_RATE^MDC|1.1.1.2|12|264864^MDC_DIM_BEAT_PER_MIN^MDC']));
    expect(only(d)).toMatchObject({ code: 'ECG_V_P_C_RATE_HIGH', message: 'ECG_V_P_C_RATE high' });
  });

  it("with no parameter anywhere, the device's own text is kept, marked as a limit alarm, and the case is counted", () => {
    const d = decide(r40('M4', ['OBX||ST|196650|1.0.0.0.1|PVC/min > 10||||||F', 'OBX||NM|68480^MDC_ATTR_ALERT_SOURCE^MDC|1.0.0.0.2|12||||||F']));
    expect(only(d)).toMatchObject({ code: 'LIMIT_HIGH', message: 'PVC/min > 10 (high limit)' });
    expect(notesOf(d).repaired['limit-parameter-unknown']).toBe(1);
  });

  it('with nothing at all, the message says so and what to do – never a bare "Limit alarm low"', () => {
    const d = decide(r40('M5', [`${ALERT}|196670^MDC_EVT_LO^MDC|||PM~SP|||F`]));
    const alarm = only(d);
    expect(alarm.message).toBe('Low limit alarm, parameter not reported by the device: check the bedside monitor');
    expect(alarm.message).not.toBe('Limit alarm low');
    expect(notesOf(d).repaired['limit-parameter-unknown']).toBe(1);
  });
});

describe('understood, partly understood, not understood', () => {
  it('a PCD-04 whose observations are all in a code system the station does not read is refused (AE), not AA', () => {
    const d = decide(r40('U1', ['OBX||TX|2^Yellow Alarm^MDIL-ALERT||HR Low, HR=55 /min||||||F']));
    expect(d).toMatchObject({ kind: 'rejected', rejection: { reason: 'unknown-code-system', location: { segment: 'OBX', sequence: 1, field: 3 } } });
  });

  it('a foreign-coded alert row that carries alert facets is an alert: delivered with its own text', () => {
    const d = decide(r40('U2', ['OBX||TX|2^Yellow Alarm^MDIL-ALERT|1|HR Low, HR=55 /min||||||F', phase('start'), 'OBX||ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.0.0.6|PM']));
    expect(only(d)).toMatchObject({ message: 'HR Low, HR=55 /min', priority: 'MEDIUM', phase: 'start' });
  });

  it('one understood alarm plus a group it cannot read: the alarm is delivered and the ACK is still AE', () => {
    const msg = r40('U3', [`${ALERT}|199684^MDC_EVT_ECG_ASYSTOLE^MDC|||PH~SP|||F`, phase('start')]) + 'OBR|2||U3-b^SIM|0815^Vendor extras^L|||20260301102000+0000\rOBX|1|ST|0815-3^Arrhythmia text^L|1|VTACH RUN 12 BEATS||||||F\r';
    const d = decide(msg);
    expect(alarmsOf(d).map((a) => a.code)).toEqual(['ASYSTOLE']);
    expect(d.kind === 'alarms' && d.incomplete).toMatchObject({ reason: 'partly-understood', location: { segment: 'OBX', sequence: 3 } });
  });

  it('facets whose alert nothing names are not silently dropped: partly understood', () => {
    const msg = r40('U4', [`${ALERT}|196680^MDC_EVT_LEAD_OFF^MDC|||PM~ST|||F`, phase('start')]) + 'OBR|2||U4-b^SIM|196616^MDC_EVT_ALARM^MDC\rOBX|1|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|2.1.0.0.3|start\r';
    const d = decide(msg);
    expect(alarmsOf(d).map((a) => a.code)).toEqual(['LEAD_OFF']);
    expect(d.kind === 'alarms' && d.incomplete?.reason).toBe('partly-understood');
  });

  it('a waveform evidence group (TF-2 B.7.1, MDC-coded) is not "not understood"', () => {
    const msg = r40('U5', [`${ALERT}|199684^MDC_EVT_ECG_ASYSTOLE^MDC|||PH~SP|||F`, phase('start')]) + 'OBR|2||U5-w^SIM|131330^MDC_ECG_ELEC_POTL_II^MDC\rOBX|1|NA|131330^MDC_ECG_ELEC_POTL_II^MDC|1.1.1.1|0^1^2^1^0|266418^MDC_DIM_MILLI_VOLT^MDC||||||F\r';
    const d = decide(msg);
    expect(alarmsOf(d)).toHaveLength(1);
    expect(d.kind === 'alarms' && d.incomplete).toBeNull();
  });
});
