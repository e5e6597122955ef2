import { describe, expect, it } from 'vitest';
import type { CensusEncounter } from '../../../../../shared/domain/census';
import { mintOperator } from '../../../../../electron/main/auth/operator';
import { adtMessage, adtStationsClosedAfterEach, EXPECTATIONS, occupied, type AdtStation } from './adt-test-kit';

const station = adtStationsClosedAfterEach();

/** Sends the scenario's messages in order on one connection; returns the ACK codes. */
async function replay(s: AdtStation, ids: readonly string[]): Promise<string[]> {
  const codes: string[] = [];
  for (const id of ids) {
    const ack = await s.client.request(adtMessage(id));
    codes.push(`${id}:${ack.code}`);
  }
  return codes;
}

const viewer = mintOperator({ userId: 'carla', role: 'charge-nurse', sessionId: 's', permission: 'census-view' });
const unplaced = (s: AdtStation): CensusEncounter[] => s.h.station.census.details(viewer).unplaced;
const scenario = (id: string) => EXPECTATIONS.scenarios.find((x) => x.id === id)!;

/**
 * Every scenario of the 20 real ADT messages (expectations.json), through
 * the real ADT listener into a real station: each ends in the census state
 * its expectation describes, and every ACK is honest – AA only for what the
 * station applied (including "nothing to do here").
 */
describe('real ADT feeds, replayed through the ADT listener', () => {
  it('the scenarios cover every message', () => {
    const covered = new Set(EXPECTATIONS.scenarios.flatMap((s) => s.messages));
    expect([...covered].sort()).toEqual(EXPECTATIONS.messages.map((m) => m.id).sort());
  });

  it(`uhn-transfer: ${scenario('uhn-transfer').end}`, async () => {
    const s = await station();
    // a02 and a03 share MSH-10 124423 (and MSH-7): both must be applied.
    expect(await replay(s, scenario('uhn-transfer').messages)).toEqual(['a01:AA', 'a02:AA', 'a03:AA']);
    expect(occupied(s.h)).toEqual({ 'es9-424-1': '7012673' });
    expect(s.h.station.census.occupant('es9-424-1')?.patient).toMatchObject({ given: 'Majaconversion2', dob: '1973-12-31' });
  });

  it(`uhn-cancel-admit: ${scenario('uhn-cancel-admit').end}`, async () => {
    const s = await station();
    // The A11 has the very MSH-10 and MSH-7 of the A01 it cancels: not a duplicate.
    expect(await replay(s, scenario('uhn-cancel-admit').messages)).toEqual(['a01:AA', 'a04:AA']);
    expect(occupied(s.h)).toEqual({});
    expect(unplaced(s)).toEqual([]);
    await s.h.audit.flush();
    expect((await s.h.audit.query({ action: 'census.admission-cancelled', limit: 5 })).rows).toHaveLength(1);
    expect((await s.h.audit.query({ action: 'census.discharged', limit: 5 })).rows).toHaveLength(0);
  });

  it(`uhn-cancel-discharge: ${scenario('uhn-cancel-discharge').end}`, async () => {
    const s = await station();
    expect(await replay(s, scenario('uhn-cancel-discharge').messages)).toEqual(['a01:AA', 'a05:AA', 'a06:AA']);
    // The A13 names no bed: the station's history puts the patient back, visibly flagged.
    expect(occupied(s.h)).toEqual({ 'pmh-413-2': '7012673' });
    expect(s.h.station.census.occupant('pmh-413-2')?.review?.reason).toBe('restored-from-history');
    expect(s.h.station.alarms.list()).toContainEqual(expect.objectContaining({ code: 'ADT_REVIEW', bedId: 'pmh-413-2', priority: 'LOW' }));
  });

  it(`uhn-preadmit: ${scenario('uhn-preadmit').end}`, async () => {
    const s = await station();
    expect(await replay(s, scenario('uhn-preadmit').messages)).toEqual(['a07:AA']);
    expect(occupied(s.h)).toEqual({});
  });

  it(`emap-cancel-transfer: ${scenario('emap-cancel-transfer').end}`, async () => {
    const s = await station();
    // Four messages, one MSH-10 (31644); a09's MSH-7 is two days after a10's.
    expect(await replay(s, scenario('emap-cancel-transfer').messages)).toEqual(['a08:AA', 'a09:AA', 'a10:AA', 'a11:AA']);
    expect(occupied(s.h)).toEqual({ 'ed-majors-05': '40800000' });
    // PV1-3 of the A12 names T11E BY02-25, a bed never used: the history wins, and a person checks.
    expect(s.h.station.census.occupant('ed-majors-05')?.review?.reason).toBe('restored-from-history');
  });

  it(`emap-cancel-discharge: ${scenario('emap-cancel-discharge').end}`, async () => {
    const s = await station();
    expect(await replay(s, scenario('emap-cancel-discharge').messages)).toEqual(['a08:AA', 'a09:AA', 'a13:AA', 'a14:AA']);
    expect(occupied(s.h)).toEqual({ 'ed-majors-05': '40800000' });
    // One patient (number and visit), the name the feed now sends, flagged.
    const e = s.h.station.census.occupant('ed-majors-05')!;
    expect(e.patient).toMatchObject({ family: 'AGBTESTD', given: 'Satesta' });
    expect(e.review?.reason).toBe('identity-changed-in-cancel');
    expect(s.h.station.census.details(viewer).beds.filter((b) => b.encounter?.patient.mrn.id === '40800000')).toHaveLength(1);
  });

  it('emap-transfer-standalone: a bed move for a patient never admitted here places them (flagged), AA', async () => {
    const s = await station();
    expect(await replay(s, ['a12'])).toEqual(['a12:AA']);
    expect(occupied(s.h)).toEqual({ 't12s-33': '40800000' });
    expect(s.h.station.census.occupant('t12s-33')?.review?.reason).toBe('transfer-without-admission');
  });

  it('ngemr-standalone: the MR-typed number, the unescaped room (L&D)', async () => {
    const s = await station();
    expect(await replay(s, ['a15'])).toEqual(['a15:AA']);
    expect(occupied(s.h)).toEqual({ 'ld-333': 'ZZZ1203713' });
    expect(s.h.station.census.occupant('ld-333')?.feedLocation).toBe('ZZZ10205 / L&D TRIAGE-333 / 333-01');
  });

  it(`wikipedia-standalone: ${scenario('wikipedia-standalone').end}`, async () => {
    const s = await station();
    expect(await replay(s, ['a16'])).toEqual(['a16:AA']);
    expect(occupied(s.h)).toEqual({ 'w-389-1': '56782445' });
    expect(s.h.station.census.occupant('w-389-1')?.patient).toMatchObject({ family: 'KLEINSAMPLE', given: 'BARRY', dob: '1962-09-10', category: 'adult' });
  });

  it('nist, hl7std and mirth standalone: a discharge, a registration and an update for nobody here change nothing (AA)', async () => {
    const s = await station();
    expect(await replay(s, ['a17', 'a18', 'a20'])).toEqual(['a17:AA', 'a18:AA', 'a20:AA']);
    expect(occupied(s.h)).toEqual({});
    expect(unplaced(s)).toEqual([]);
  });

  it('cn-standalone: out of a bed into a unit with no bed; the old bed is freed and the patient listed as left', async () => {
    const s = await station();
    // Alone: the patient was never here, so there is nothing to free.
    expect(await replay(s, ['a19'])).toEqual(['a19:AA']);
    expect(occupied(s.h)).toEqual({});
    // Admitted to sny20 first (the A01 this feed would have sent), then the A02.
    const admit = adtMessage('a19').toString('utf8').replace('ADT^A02^ADT_A02', 'ADT^A01^ADT_A01').replace('HL715012600054', 'HL7ADMIT1').replace('|01020202^022102^^^^^010101|', '|01020201^^sny20^^^^020101|');
    expect((await s.client.request(admit)).code).toBe('AA');
    expect(occupied(s.h)).toEqual({ 'cn-sny20': '140202199201305536' });
    expect(await replay(s, ['a19'])).toEqual(['a19:AA']);
    expect(occupied(s.h)).toEqual({});
    await s.h.audit.flush();
    const moved = (await s.h.audit.query({ action: 'census.transferred', limit: 1 })).rows[0]!;
    expect(JSON.parse(moved.details)).toMatchObject({ from_bed: 'cn-sny20', to_bed: null, reason: 'left-unit' });
  });

  it('a production-only station answers the training feeds AR with the reason, and changes nothing', async () => {
    const s = await station({ config: { adt: { port: 0, processingIds: ['P'], bedMap: [{ bedId: 'pmh-413-2', location: 'PMH 15C^413^2' }] } } });
    const ack = await s.client.request(adtMessage('a01'));
    expect(ack).toMatchObject({ code: 'AR', controlId: '123484' });
    expect(ack.text).toMatch(/unsupported-processing-id/);
    expect(occupied(s.h)).toEqual({});
  });

  it('honest AE/AR: a cancel for something never seen, a transfer after the discharge, an event not acted on, a bed not in the map – each counted', async () => {
    const s = await station();
    expect((await s.client.request(adtMessage('a04'))).code).toBe('AE');
    await replay(s, ['a08', 'a09', 'a13']);
    const late = await s.client.request(adtMessage('a10'));
    expect(late).toMatchObject({ code: 'AE' });
    expect(late.text).toMatch(/adt-visit-not-active/);
    const a40 = adtMessage('a16').toString('latin1').replace('ADT^A01^ADT_A01', 'ADT^A40^ADT_A39');
    expect((await s.client.request(Buffer.from(a40, 'latin1'))).text).toMatch(/^unsupported-event/);
    const unmapped = adtMessage('a08').toString('utf8').replace('ED^UCHED RAT CHAIR^RAT-CHAIR', 'ED^RESUS^RESUS-9').replace(/40800000/g, '40800001');
    const ack = await s.client.request(unmapped);
    expect(ack.code).toBe('AR');
    expect(ack.text).toMatch(/^unknown-bed: PV1-3 names a bed of this unit that is not in the bed map/);
    const counters = s.connection.listener.counters();
    expect(counters.rejectedByReason).toMatchObject({ 'adt-nothing-to-cancel': 1, 'adt-visit-not-active': 1, 'unsupported-event': 1, 'unknown-bed': 1 });
    expect(s.h.station.rejections.summary().filter((r) => r.source.startsWith('adt:')).reduce((n, r) => n + r.count, 0)).toBe(4);
    expect(s.h.station.status().connections).toContainEqual(expect.objectContaining({ name: 'adt', kind: 'adt', state: 'up' }));
  });
});
