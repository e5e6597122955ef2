import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { disclosureStation, type DisclosureStation } from './station-disclosure-kit';

/**
 * Whose record a span is, from the census (issue 15 with issue 16): the
 * strip, the trend and the print-out name the patients the census had in the
 * bed during the span shown, not whoever is in it now; each look, export and
 * print is audited against the patients whose record it opened (the audit
 * trail's identity stamp would otherwise name the present occupant); an
 * export's header carries the hospital number, never the name.
 */
let open: DisclosureStation | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});


/**
 * The census dates a stay by its audit row's time, which the chain never
 * lets go back before the newest row (chain-writer.ts); the trail's first
 * row is stamped by the system clock. So these stations start a day after
 * the real now, not at the kit's START, for the stays and the record to
 * share one wall clock.
 */
const START = Math.ceil((Date.now() + 86_400_000) / 8_000) * 8_000;

const OKAFOR = { mrn: { id: 'MRN-2002', type: 'MR', authority: 'GENHOSP' }, family: 'Okafor', given: 'Ada', dob: '1950-02-03', sex: 'F', category: 'adult' } as const;

describe('full disclosure names the patient of the span', () => {
  it('after a discharge and a new admission: the old span names the old patient, the gap nobody, a span across both names both in order', async () => {
    open = await disclosureStation({ wall: START });
    const charge = await open.viewAs('charge');
    const first = open.station.census.occupant('bed-01')!;
    const firstLabel = `${first.patient.family}, ${first.patient.given} · MR ${first.patient.mrn.id}`;
    await open.run(10_000);
    await open.station.actions.discharge(charge, 'bed-01', first.encounterId);
    await open.run(10_000);
    await open.station.actions.admit(charge, 'bed-01', OKAFOR);
    const second = open.station.census.occupant('bed-01')!;
    await open.run(10_000);
    await open.flushed();
    const review = open.station.disclosure!;

    expect((await review.strip(charge, { bedId: 'bed-01', from: START + 1_000, to: START + 7_000 })).stamp).toEqual({ bedLabel: 'Bed 1', patient: firstLabel });
    expect((await review.strip(charge, { bedId: 'bed-01', from: START + 12_000, to: START + 18_000 })).stamp).toEqual({ bedLabel: 'Bed 1', patient: null });
    expect((await review.strip(charge, { bedId: 'bed-01', from: START + 22_000, to: START + 28_000 })).stamp.patient).toBe('Okafor, Ada · MR MRN-2002');
    const trend = await review.trend(charge, { bedId: 'bed-01', from: START, to: START + 30_000 });
    expect(trend.stamp.patient).toBe(`${firstLabel} → Okafor, Ada · MR MRN-2002`);
    const printed = await review.print(charge, { bedId: 'bed-01', from: START + 1_000, to: START + 7_000 });
    expect(printed).toMatchObject({ bedLabel: 'Bed 1', patient: firstLabel });

    await open.station.audit.flush();
    const rows = (await open.station.audit.query({ actions: ['disclosure.viewed', 'disclosure.printed'], limit: 20, order: 'oldest-first' })).rows;
    const named = rows.map((r) => {
      const d = JSON.parse(r.details) as Record<string, unknown>;
      return [r.action, d['what'] ?? null, d['encounter'], d['patient_id'] ?? null, d['patients_in_span'] ?? null];
    });
    expect(named).toEqual([
      ['disclosure.viewed', 'strip', first.encounterId, first.patient.mrn.id, null],
      // Nobody was in the bed: the look names nobody, not the patient who is there now.
      ['disclosure.viewed', 'strip', null, null, null],
      ['disclosure.viewed', 'strip', second.encounterId, 'MRN-2002', null],
      ['disclosure.viewed', 'trend', first.encounterId, first.patient.mrn.id, 2],
      ['disclosure.viewed', 'trend', second.encounterId, 'MRN-2002', 2],
      ['disclosure.printed', null, first.encounterId, first.patient.mrn.id, null],
    ]);
  });

  it("an export's header names each patient of the span by hospital number and encounter, never by name, and is audited against each", async () => {
    open = await disclosureStation({ wall: START });
    const charge = await open.viewAs('charge');
    const first = open.station.census.occupant('bed-01')!;
    await open.run(5_000);
    await open.station.actions.discharge(charge, 'bed-01', first.encounterId);
    await open.station.actions.admit(charge, 'bed-01', OKAFOR);
    const second = open.station.census.occupant('bed-01')!;
    await open.run(5_000);
    await open.flushed();
    const result = await open.station.disclosure!.export(charge, { bedId: 'bed-01', from: START, to: START + 10_000 });
    const header = readFileSync(join(open.dataDir, 'exports', result.files.find((f) => f.endsWith('.hea'))!), 'utf8');
    expect(header).toContain(`# patient MR ${first.patient.mrn.id} (SIMULATOR) encounter ${first.encounterId}`);
    expect(header).toContain(`# patient MR MRN-2002 (GENHOSP) encounter ${second.encounterId}`);
    for (const name of [first.patient.family, first.patient.given, 'Okafor', 'Ada']) expect(header).not.toContain(name);
    await open.station.audit.flush();
    const rows = (await open.station.audit.query({ actions: ['disclosure.exported'], limit: 5, order: 'oldest-first' })).rows;
    expect(rows.map((r) => JSON.parse(r.details).patient_id)).toEqual([first.patient.mrn.id, 'MRN-2002']);
  });
});
