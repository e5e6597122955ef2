import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_RATE_HZ, WAVEFORM_CHANNELS } from '../../../../shared/domain/channel';
import { checksumMismatches, readWfdbAnnotations, readWfdbRecord, toPhysical, WFDB_INVALID_SAMPLE } from '../../../support/wfdb-reader';
import { START, decodeRuns } from './disclosure-test-kit';
import { disclosureStation, type DisclosureStation } from './station-disclosure-kit';

let open: DisclosureStation | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('full disclosure: WFDB export', () => {
  it('a time range read back through an independent WFDB reader equals what was recorded, sample for sample, with its alarms as annotations; audited', async () => {
    open = await disclosureStation({ beds: 2 });
    const nurse = await open.viewAs('nurse');
    await open.run(12_000);
    open.station.ingestDeviceAlarm({ bedId: 'bed-02', code: 'VT', message: 'V-tach', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'vt' });
    await open.run(6_000);
    open.station.triggerScenario({ scenario: 'bed-silent', bedId: 'bed-02' });
    await open.run(4_000);
    open.station.triggerScenario({ scenario: 'recover', bedId: 'bed-02' });
    await open.run(10_000);
    const result = await open.station.disclosure!.export(nurse, { bedId: 'bed-02', from: START + 5_000, to: START + 29_000 });
    // Moved onto the sample grid by less than one frame.
    const { from, to } = result;
    expect(from - (START + 5_000)).toBeGreaterThanOrEqual(0);
    expect(from - (START + 5_000)).toBeLessThan(16);
    expect(result.files).toEqual([`${result.record}.hea`, `${result.record}.dat`, `${result.record}.atr`]);

    const dir = join(open.dataDir, 'exports');
    const record = readWfdbRecord(join(dir, `${result.record}.hea`));
    expect(record.header.frameFrequency).toBe(62.5);
    expect(record.header.signals.map((s) => [s.format, s.samplesPerFrame, s.units])).toEqual([
      [16, 4, 'mV'],
      [16, 2, 'NU'],
      [16, 1, 'NU'],
    ]);
    expect(checksumMismatches(record)).toEqual([]);

    const strip = await open.station.disclosure!.strip(nurse, { bedId: 'bed-02', from, to });
    WAVEFORM_CHANNELS.forEach((channel, i) => {
      const recorded = decodeRuns(strip.channels[channel], channel);
      const period = 1000 / SAMPLE_RATE_HZ[channel];
      const exported = record.samples[i]!;
      expect(exported.length).toBe(Math.round((to - from) / period));
      let compared = 0;
      let invalid = 0;
      exported.forEach((adc, n) => {
        const t = Math.round((from + n * period) * 1000);
        const value = recorded.get(t);
        if (value === undefined) {
          // Nothing recorded at that instant (the bed was silent): WFDB's invalid sample, never a made-up value.
          expect(adc, `${channel} ${n}`).toBe(WFDB_INVALID_SAMPLE);
          invalid++;
          return;
        }
        expect(Math.fround(toPhysical(adc, record.header.signals[i]!)), `${channel} sample ${n}`).toBe(value);
        compared++;
      });
      expect(compared).toBe(recorded.size);
      // About 4 s of silence.
      expect(invalid * period).toBeGreaterThan(3_000);
      expect(invalid * period).toBeLessThan(6_500);
    });

    const annotations = readWfdbAnnotations(join(dir, `${result.record}.atr`));
    const vt = annotations.filter((a) => a.aux?.includes('VT'));
    expect(vt[0]).toMatchObject({ code: 22, sample: Math.round((START + 12_000 - from) / 16), aux: expect.stringMatching(/^ONSET HIGH VT /) });

    await open.station.audit.flush();
    const audited = (await open.station.audit.query({ actions: ['disclosure.exported'], limit: 5 })).rows;
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ userId: 'nurse', bedId: 'bed-02' });
    expect(JSON.parse(audited[0]!.details)).toMatchObject({ format: 'wfdb', record: result.record, from: new Date(START + 5_000).toISOString() });
  });
});
