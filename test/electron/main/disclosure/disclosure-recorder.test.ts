import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { DisclosureRecorder } from '../../../../electron/main/disclosure/disclosure-recorder';
import { sourceDisclosureWorkerEntry } from '../../../../electron/main/disclosure/worker-entry';
import type { AlarmMark, Strip } from '../../../../shared/disclosure/review-schemas';
import { TickPipeline } from '../../../../electron/main/pipeline/tick-pipeline';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';
import { ROOT, tempDir } from './disclosure-test-kit';

let recorder: DisclosureRecorder | null = null;
afterEach(async () => {
  await recorder?.close();
  recorder = null;
});

function start(clock: FakeClock, problems: Array<string | null>, silenceMs?: number): DisclosureRecorder {
  const dir = tempDir();
  return new DisclosureRecorder({
    silenceMs,
    file: `${dir}/disclosure.sqlite`,
    projectRoot: ROOT,
    exportDir: `${dir}/exports`,
    beds: ['bed-01'],
    retentionHours: 72,
    worker: sourceDisclosureWorkerEntry(ROOT),
    clock,
    onHealth: (p) => problems.push(p),
  });
}

const until = async (what: () => boolean, label: string) => {
  for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!what()) throw new Error(`timed out waiting for ${label}`);
};

describe('disclosure recorder (main thread side, real worker)', () => {
  it('files the station’s own observations on the record clock: a wall-clock step while running moves no alarm in the record', async () => {
    const clock = new FakeClock({ wall: Date.UTC(2026, 0, 15, 3, 0, 0) });
    recorder = start(clock, []);
    const pipeline = new TickPipeline();
    recorder.subscribe(pipeline);
    const t0 = clock.wall();
    pipeline.alarmEvent({ kind: 'onset', alarmId: 'a1', bedId: 'bed-01', at: null, code: 'VT', priority: 'HIGH', level: null, actor: 'system' });
    clock.advance(10_000);
    clock.stepWall(-3_600_000);
    pipeline.alarmEvent({ kind: 'onset', alarmId: 'a2', bedId: 'bed-01', at: null, code: 'VF', priority: 'HIGH', level: null, actor: 'system' });
    await recorder.call({ name: 'flush', args: {} });
    const alarms = await recorder.call<AlarmMark[]>({ name: 'alarms', args: { bedId: 'bed-01', limit: 10 } });
    expect(alarms.map((a) => [a.alarmId, a.at])).toEqual([
      ['a2', t0 + 10_000],
      ['a1', t0],
    ]);
  });

  it('a recorder thread that dies is "not recording" until its replacement runs, and the time without one is marked not recorded', async () => {
    const clock = new FakeClock({ wall: Date.UTC(2026, 0, 15, 3, 0, 0) });
    const problems: Array<string | null> = [];
    recorder = start(clock, problems);
    await recorder.call({ name: 'flush', args: {} });
    const worker = (recorder as unknown as { worker: Worker }).worker;
    const died = clock.wall();
    await worker.terminate();
    await until(() => problems.some((p) => p?.includes('stopped')), 'the problem report');
    clock.advance(30_000);
    // The replacement starts after a pause (5 s of real time) and reports itself healthy.
    await until(() => problems.at(-1) === null && (recorder as unknown as { worker: Worker | null }).worker !== null, 'recovery');
    await recorder.call({ name: 'flush', args: {} });
    const strip = await recorder.call<Strip>({ name: 'strip', args: { bedId: 'bed-01', from: died - 1_000, to: died + 60_000 } });
    expect(strip.spans).toEqual([expect.objectContaining({ kind: 'not-recorded', from: died })]);
  }, 30_000);

  it.each(HOUR_STEPS)('a thread silent for 10 s on the station’s monotonic clock is "not recording" until it is heard again; the wall clock set an hour %s is no silence', async (_name, step) => {
    const clock = new FakeClock({ wall: Date.UTC(2026, 0, 15, 3, 0, 0) });
    const problems: Array<string | null> = [];
    recorder = start(clock, problems);
    await recorder.call({ name: 'flush', args: {} });
    clock.stepWall(step);
    // The watchdog looks every second (real time): two looks with the clock only set, no silence.
    await new Promise((r) => setTimeout(r, 2_200));
    expect(problems).toEqual([]);
    // The thread's messages stop reaching the station (as if it hung) while 10 s pass on the station's clock.
    const worker = (recorder as unknown as { worker: Worker }).worker;
    const listeners = worker.listeners('message') as Array<(message: unknown) => void>;
    worker.removeAllListeners('message');
    clock.advance(10_001);
    await until(() => problems.includes('the recorder is not responding'), 'the silence to be noticed');
    // Its next heartbeat (within a second) ends it.
    for (const listener of listeners) worker.on('message', listener);
    await until(() => problems.at(-1) === null, 'the heartbeat');
  }, 20_000);
});

