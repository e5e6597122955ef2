import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { blockCount, decodeWaveform } from '../../../../electron/main/disclosure/writer/block-codec';
import { SAMPLE_STEP } from '../../../../shared/disclosure/sample-steps';
import { UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';
import { runAndKill } from '../../../support/kill-child';
import { ROOT, tempDir } from './disclosure-test-kit';

const CHILD = resolve(__dirname, 'fixtures/recording-child.ts');
const BEDS = 8;

/** Runs the child recorder, kills it with SIGKILL `ms` after its first tick; returns its start and the newest ECG time it had fed. */
async function recordAndKill(file: string, ms: number): Promise<{ startAt: number; fed: number }> {
  const lines = await runAndKill(CHILD, [file, String(BEDS), '1'], { cwd: ROOT, ms });
  const startAt = Number(lines.find((l) => l.startsWith('start '))!.slice(6));
  const fed = Math.max(...lines.filter((l) => l.startsWith('fed ')).map((l) => Number(l.slice(4))));
  return { startAt, fed };
}

describe('full disclosure: crash recovery', () => {
  it('kill -9 while recording 8 beds loses at most the last 10 s, and what was written is exact and intact (3 rounds)', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const file = `${tempDir()}/disclosure.sqlite`;
      const { startAt, fed } = await recordAndKill(file, 9_000 + Math.floor(Math.random() * 6_000));
      // Opening read-write replays the WAL as the station does at its next start.
      const db = new Database(file);
      const rows = db.prepare('SELECT b.bed_id, k.channel, k.t0, k.blob, k.bed_key FROM block_keys k JOIN beds b USING (bed_key) WHERE k.channel < 3 ORDER BY k.t0').all() as Array<{ bed_id: string; channel: number; t0: number; blob: Buffer; bed_key: number }>;
      db.close();
      const ecg1 = rows.filter((r) => r.bed_id === 'bed-01' && r.channel === 0);
      const newest = Math.max(...ecg1.map((r) => r.t0 + (blockCount(r.blob) - 1) * 4));
      expect(fed - newest, `round ${round}: fed up to ${fed - startAt} ms, recorded up to ${newest - startAt} ms`).toBeLessThanOrEqual(10_000);

      // Everything written decodes, passes its checksum, and is exactly what the unit produced.
      const sim = new UnitSimulator({ beds: BEDS, seed: 1, startAt });
      const truth = sim.advanceTo(newest + 8_000);
      const expected = new Map<string, number>();
      for (const s of truth.segments) {
        const period = s.channel === 'ecg' ? 4 : s.channel === 'pleth' ? 8 : 16;
        s.samples.forEach((v, i) => expected.set(`${s.bedIndex}|${s.channel}|${Math.round(s.firstSampleAt + i * period)}`, v));
      }
      // Samples are filed on record time, each bed at one offset from the simulator's clock (source-anchors.ts),
      // found from its longest ECG block and then holding for all three of its channels: they stay time-aligned.
      const decoded = rows.map((row) => {
        const channel = (['ecg', 'pleth', 'resp'] as const)[row.channel]!;
        const { samples } = decodeWaveform({ bedKey: row.bed_key, channel: row.channel, t0: row.t0 }, row.blob, SAMPLE_STEP[channel]);
        return { ...row, channel, bedIndex: Number(row.bed_id.slice(4)) - 1, samples, period: row.channel === 0 ? 4 : row.channel === 1 ? 8 : 16 };
      });
      const offsets = new Map<number, number>();
      for (const row of [...decoded].sort((a, b) => b.samples.length - a.samples.length)) {
        if (row.channel !== 'ecg' || offsets.has(row.bedIndex)) continue;
        const fits = (d: number) => [...row.samples.subarray(0, 50)].every((v, i) => expected.get(`${row.bedIndex}|ecg|${Math.round(row.t0 - d + i * 4)}`) === v);
        const offset = Array.from({ length: 401 }, (_, i) => i - 200).find(fits);
        expect(offset, `bed ${row.bedIndex + 1}: its longest ECG block is the simulator's within 200 ms`).toBeDefined();
        offsets.set(row.bedIndex, offset!);
      }
      let checked = 0;
      for (const row of decoded) {
        const d = offsets.get(row.bedIndex)!;
        row.samples.forEach((v, i) => {
          expect(v).toBe(expected.get(`${row.bedIndex}|${row.channel}|${Math.round(row.t0 - d + i * row.period)}`));
          checked++;
        });
      }
      // At least a second of every bed was checked: a kill at 9 s or later finds at least that much written
      // (the first 8 s window closes by 16 s minus where in a window the run started; before it, the partial first one is over 1 s).
      expect(checked).toBeGreaterThan(BEDS * 400);
    }
  });
});
