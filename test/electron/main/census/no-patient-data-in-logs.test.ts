import { afterEach, describe, expect, it } from 'vitest';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { createLogger } from '../../../../electron/main/logging/logger';
import { adtMessage, adtStation, EXPECTATIONS, type AdtStation } from '../connections/adt/adt-test-kit';
import { manualPatient } from './census-test-kit';

let open: AdtStation[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

/** Every name, hospital number and date of birth that went in, as the feed and the nurse wrote them. */
function patientData(): string[] {
  const out = new Set<string>();
  for (const m of EXPECTATIONS.messages) {
    const p = m.patient as typeof m.patient & { otherIds?: Array<{ id: string }>; otherNames?: Array<{ family: string; given: string }> };
    for (const s of [p.family, p.given, p.primaryId.id, ...(p.otherIds ?? []).map((i) => i.id), ...(p.otherNames ?? []).flatMap((n) => [n.family, n.given])]) if (s && s.length >= 3) out.add(s);
    if (p.dob) {
      out.add(p.dob);
      out.add(p.dob.replace(/-/g, ''));
    }
  }
  for (const s of ['Zoltanova', 'Henrietta', 'ZX-991234', '1939-11-23', '19391123']) out.add(s);
  return [...out];
}

/**
 * App logs never carry names, hospital numbers or dates of birth: a whole
 * ADT run (every real message, the refusals, garbled variants) and a charge
 * nurse's manual changes and refused attempts, with every log line captured
 * at debug level and searched for every piece of patient data that went in.
 */
describe('no patient data in app logs', () => {
  it('a full ADT run and manual ADT, logged at debug level, leave no name, number or date of birth in the log', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', { minLevel: 'debug', write: (line) => lines.push(line) });
    const s = await adtStation({ logger });
    open.push(s);
    for (const scenario of EXPECTATIONS.scenarios) for (const id of scenario.messages) await s.client.request(adtMessage(id));
    // Refusals and rejections log too: garble each message a little.
    for (const m of EXPECTATIONS.messages) {
      const text = adtMessage(m.id).toString('utf8');
      await s.client.request(text.replace(/\|([^|]*)\|ADT\^/, '|$1|ADT^A99^'));
      await s.client.request(text.replace(/(\rPID\|[^|]*\|[^|]*\|)/, '$1\\Zbad\\'));
      await s.client.request(text.replace(/(\rPID\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|)/, '$1\\X0\\'));
    }
    await s.client.request(adtMessage('a10'));

    const view = s.h.attachView();
    await s.h.station.actions.signIn(view.attached.viewId, 'charge', '1234');
    const handlers = createInvokeHandlers(s.h.station);
    const call = (channel: string, request: unknown) => dispatchInvoke(handlers, channel, request, { viewId: view.attached.viewId }, logger, (source, reason) => s.h.station.rejections.reject(source, reason));
    const patient = manualPatient({ family: 'Zoltanova', given: 'Henrietta', mrn: 'ZX-991234', dob: '1939-11-23' });
    const admitted = (await call('census:admit', { bedId: 'ld-332', patient })) as { ok: boolean; value?: { encounterId: string } };
    expect(admitted.ok).toBe(true);
    await call('census:admit', { bedId: 'ld-332', patient });
    await call('census:admit', { bedId: 't12s-31', patient });
    await call('census:admit', { bedId: 'ld-332', patient: { ...patient, dob: '1939-11-31' } });
    await call('census:admit', { bedId: 'ld-332', patient: { ...patient, family: 'Zoltanova'.repeat(20) } });
    await call('census:update', { bedId: 'ld-332', encounterId: 'enc-wrong', patient });
    await call('census:transfer', { bedId: 'ld-332', encounterId: admitted.value!.encounterId, toBedId: 'w-389-1' });
    await call('census:discharge', { bedId: 'ld-332', encounterId: admitted.value!.encounterId, confirmed: true });

    // Enough was logged to mean something: start-up, the feed's refusals and rejections, the nurse's refusals.
    const events = new Set(lines.map((l) => (JSON.parse(l) as { event: string }).event));
    for (const e of ['census.loaded', 'hl7.message-rejected', 'input.rejected', 'ipc.handler-failed', 'ipc.rejected']) expect(events).toContain(e);
    const log = lines.join('\n');
    const leaked = patientData().filter((s) => log.includes(s));
    expect(leaked).toEqual([]);
  });
});
