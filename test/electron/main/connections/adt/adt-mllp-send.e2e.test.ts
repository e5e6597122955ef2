import { describe, expect, it } from 'vitest';
import type { CensusDisplay } from '../../../../../shared/domain/census';
import { acksPrinted as acksIn, mllpSend, skipWithoutMllpSend } from '../hl7/mllp-send-client';
import { adtMessage, adtStation, occupied } from './adt-test-kit';

/**
 * The ADT feed end to end with an independent HL7 client, Debian's
 * `mllp_send` (python3-hl7), as for PCD-01: admit → transfer → discharge
 * from a real hospital's test feed, the ACK of each, and the census and the
 * tiles (what every view receives) following; a malformed ADT answered
 * AE or AR with its reason, and counted. Skips, saying why, without mllp_send.
 */
describe('ADT feed with mllp_send (Debian python3-hl7)', () => {
  it('admit → transfer → discharge: AA for each, and the census and the tiles follow', async (ctx) => {
    if (skipWithoutMllpSend(ctx, 'adt')) return;
    const s = await adtStation();
    try {
      const view = s.h.attachView();
      // One message at a time, as a feed sends them, checking the wall after each.
      const steps = [
        { id: 'a01', beds: { 'pmh-413-2': '7012673' } },
        { id: 'a02', beds: { 'es9-424-1': '7012673' } },
        { id: 'a05', beds: {} },
      ];
      for (const step of steps) {
        const acks = acksIn(await mllpSend(s.connection.port!, [adtMessage(step.id)]));
        expect(acks).toHaveLength(1);
        expect(acks[0]).toMatchObject({ code: 'AA' });
        expect(occupied(s.h)).toEqual(step.beds);
        const tiles = view.of('unit:census').at(-1) as CensusDisplay;
        const named = tiles.beds.filter((b) => b.encounterId !== null).map((b) => b.bedId);
        expect(named).toEqual(Object.keys(step.beds));
        for (const b of tiles.beds.filter((t) => t.encounterId !== null)) expect(b).toMatchObject({ name: 'Test, Majaconversion', category: 'adult', age: expect.stringMatching(/ y$/) });
      }
      // Every tile says "No patient" now (and its alarms still work: nothing about the bed changed).
      expect((view.of('unit:census').at(-1) as CensusDisplay).beds.every((b) => b.encounterId === null && !b.unknown)).toBe(true);
      await s.h.audit.flush();
      const trail = (await s.h.audit.query({ limit: 50 })).rows.map((r) => r.action).filter((a) => a.startsWith('census.') && a !== 'census.loaded');
      expect(trail.reverse()).toEqual(['census.admitted', 'census.transferred', 'census.discharged']);
    } finally {
      await s.close();
    }
  });

  it('malformed ADT is answered AE or AR with the reason, counted, and valid messages around it are taken', async (ctx) => {
    if (skipWithoutMllpSend(ctx, 'adt')) return;
    const s = await adtStation();
    try {
      const noPid = Buffer.from(adtMessage('a16').toString('latin1').replace(/\rPID\|[^\r]*/, ''), 'latin1');
      const badEscape = Buffer.from(adtMessage('a16').toString('latin1').replace('|01052901|', '|BADESC1|').replace('KLEINSAMPLE', 'KLEIN\\Q\\SAMPLE'), 'latin1');
      const notHl7 = Buffer.from('THIS IS NOT HL7\r');
      const acks = acksIn(await mllpSend(s.connection.port!, [noPid, adtMessage('a08'), badEscape, notHl7]));
      expect(acks.map((a) => a.code)).toEqual(['AE', 'AA', 'AE', 'AR']);
      expect(acks[0]!.text).toMatch(/^missing-field: an ADT message needs a PID segment/);
      expect(acks[2]!.text).toMatch(/^bad-escape/);
      expect(acks[3]!.text).toMatch(/^missing-msh/);
      expect(occupied(s.h)).toEqual({ 'ed-rat-chair': '40800000' });
      const counters = s.connection.listener.counters();
      expect(counters.messages).toEqual({ received: 4, accepted: 1, rejected: 3 });
      expect(counters.rejectedByReason).toEqual({ 'missing-field': 1, 'bad-escape': 1, 'missing-msh': 1 });
      expect(s.h.station.status().rejections.total).toBe(3);
    } finally {
      await s.close();
    }
  });
});
