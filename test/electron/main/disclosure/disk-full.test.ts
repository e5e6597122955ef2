import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { START, decodeRuns, tempDir } from './disclosure-test-kit';
import { disclosureStation, type DisclosureStation } from './station-disclosure-kit';

/**
 * The record on a tiny filesystem of its own (a 2 MB tmpfs, mounted here:
 * the tests run as root on CI), the audit trail on the normal disk, so the
 * only thing that fails is the recorder's store.
 */
function mountSmallFilesystem(): { dir: string; unmount(): void } | { skip: string } {
  const dir = join(tempDir(), 'small');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    return { skip: `cannot mount a small tmpfs here (${(error as Error).message.split('\n')[0]}): needs root` };
  }
  return { dir, unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' }) };
}

/** Fills the filesystem until it is full; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd);
  }
  return path;
}

let open: DisclosureStation | null = null;
let cleanup: Array<() => void> = [];
afterEach(async () => {
  await open?.close();
  open = null;
  cleanup.forEach((c) => c());
  cleanup = [];
});

async function runUntil(s: DisclosureStation, condition: () => boolean, what: string, maxMs = 60_000): Promise<void> {
  // Station time moves in ticks; real time has to pass too (the worker commits on its own clock).
  for (let ran = 0; ran < maxMs; ran += 1_000) {
    if (condition()) return;
    await s.run(1_000);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${maxMs} ms of station time: ${what}`);
}

const codes = (s: DisclosureStation) => s.station.alarms.list().map((a) => a.code);

describe('full disclosure: a full or unwritable store', () => {
  // Probed once at collection (mounted and unmounted), so a machine that cannot mount skips with the reason.
  const probe = mountSmallFilesystem();
  if (!('skip' in probe)) probe.unmount();
  it.skipIf('skip' in probe)(`disk full raises "full disclosure not recording" while the wall and its alarms carry on; recording resumes when space is back${'skip' in probe ? ` (skipped: ${probe.skip})` : ''}`, { timeout: 120_000 }, async () => {
    const small = mountSmallFilesystem();
    if ('skip' in small) throw new Error(small.skip);
    cleanup.push(small.unmount);
    open = await disclosureStation({ beds: 4, config: { disclosure: { retentionHours: 72, dir: small.dir } } });
    const frames: number[] = [];
    open.station.attach({ event: () => undefined, waveformFrame: (f) => frames.push(f.byteLength) });
    const nurse = await open.viewAs('nurse');
    await open.run(5_000);
    expect(codes(open)).not.toContain('DISCLOSURE_NOT_RECORDING');

    const filler = fill(small.dir);
    await runUntil(open, () => codes(open!).includes('DISCLOSURE_NOT_RECORDING'), 'the technical alarm');
    const technical = open.station.alarms.list().find((a) => a.code === 'DISCLOSURE_NOT_RECORDING')!;
    expect(technical).toMatchObject({ source: 'technical', priority: 'MEDIUM', bedId: null });

    // Live monitoring is untouched: waveforms keep flowing to the view and a new patient alarm is raised and shown.
    const framesBefore = frames.length;
    open.station.ingestDeviceAlarm({ bedId: 'bed-03', code: 'VT', message: 'V-tach', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'vt' });
    await open.run(2_000);
    expect(frames.length - framesBefore).toBeGreaterThanOrEqual(45);
    expect(open.station.alarms.list().find((a) => a.code === 'VT')).toMatchObject({ bedId: 'bed-03', state: 'active' });

    rmSync(filler);
    await runUntil(open, () => !codes(open!).includes('DISCLOSURE_NOT_RECORDING'), 'the alarm to clear');
    await open.run(10_000);
    // What was received while the disk was full waited in the queue and is in the record now.
    const to = open.clock.wall();
    const strip = await open.station.disclosure!.strip(nurse, { bedId: 'bed-03', from: START + 1_000, to });
    const ecg = [...decodeRuns(strip.channels.ecg, 'ecg').keys()].sort((a, b) => a - b);
    // Every 4 ms from the first second to now: no hole where the disk was full.
    expect(ecg.length).toBe((to - START - 1_000) / 4);
    expect(strip.alarms.some((a) => a.code === 'VT' && a.kind === 'onset')).toBe(true);
  });

  it('an unwritable store (its folder is a file) raises the alarm at start; the wall runs', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    open = await disclosureStation({ config: { disclosure: { retentionHours: 72, dir: join(dir, 'not-a-folder', 'disclosure') } } });
    await open.viewAs(null);
    await runUntil(open, () => codes(open!).includes('DISCLOSURE_NOT_RECORDING'), 'the technical alarm', 20_000);
    expect(open.station.snapshot().statuses.every((s) => s.feed === 'live')).toBe(true);
  });
});
