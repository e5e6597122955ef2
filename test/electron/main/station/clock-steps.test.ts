import { describe, expect, it } from 'vitest';
import type { Numeric } from '../../../../shared/domain/numeric';
import type { NumericsUpdate } from '../../../../shared/domain/station-event';
import { harnessesClosedAfterEach, type StationHarness } from './station-test-kit';
import { HOUR_STEPS } from '../../../support/fake-clock';

/**
 * The station with its wall clock set an hour forward or back while beds
 * stream and views report: nothing clinical moves (no-data detection, view
 * health, numerics freshness), and the step itself is audited, logged and
 * shown to IT.
 */
const HOUR = 3_600_000;
/** A wall-clock reading of these days, for tests that date values minutes back. */
const NOW = Date.UTC(2026, 0, 15, 2, 0, 0);
const setup = harnessesClosedAfterEach();
const hr = (value: number, measuredAt: number): Numeric => ({ kind: 'hr', value, measuredAt });

/** One second of a unit streaming: every bed reports HR, stamped on the sender's own clock (`senderAt`). */
function stream(h: StationHarness, from: number, to: number, senderAt: (elapsed: number) => number): void {
  for (let at = from; at <= to; at += 40) {
    if (at % 1000 === 0) {
      const sentAt = senderAt(at);
      h.feed.next = { segments: [], numerics: h.station.beds.map((_, bedIndex) => ({ bedIndex, numerics: [hr(70 + bedIndex, sentAt)], sentAt })) };
    }
    h.tick(at);
  }
}

const noDataAlarms = (h: StationHarness) => h.station.alarms.list().filter((a) => a.code === 'NO_DATA');

describe.each(HOUR_STEPS)('the station’s wall clock set an hour %s', (_direction, step) => {
  it('does not grey a streaming bed, nor raise NO_DATA', async () => {
    const h = await setup();
    const source = (elapsed: number) => 1_772_000_000_000 + elapsed; // the sender's clock: untouched by the station's step
    stream(h, 0, 3000, source);
    h.clock.stepWall(step);
    stream(h, 3040, 20_000, source);
    expect(h.station.snapshot().statuses.map((s) => s.feed)).toEqual(['live', 'live']);
    expect(noDataAlarms(h)).toEqual([]);
    expect(h.station.snapshot().numerics['bed-1']!.map((n) => n.value)).toEqual([70]);
  });

  it('still greys a bed that stops, within the timeout of elapsed time', async () => {
    const h = await setup();
    stream(h, 0, 1000, (elapsed) => elapsed);
    h.clock.stepWall(step);
    h.tick(5960);
    expect(h.station.snapshot().statuses.map((s) => s.feed)).toEqual(['live', 'live']);
    h.tick(6000);
    expect(h.station.snapshot().statuses.map((s) => s.feed)).toEqual(['no-data', 'no-data']);
  });

  it('sends views each value’s age (sentAt − measuredAt), never the step', async () => {
    const h = await setup();
    h.clock.stepWall(NOW);
    h.feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(70, 10_000 - 2_000)], sentAt: 10_000 }] };
    h.tick(0);
    h.clock.stepWall(step);
    h.tick(40);
    const updates = h.view.of('unit:numerics') as NumericsUpdate[];
    const sent = updates.at(-1)!;
    expect(sent.sentAt - sent.beds[0]!.numerics[0]!.measuredAt).toBe(2_000);
    const snapshot = h.station.snapshot();
    // 40 ms later, after the step: still 2 s + 40 ms old, dated on the station's (stepped) clock.
    expect(snapshot.generatedAt - snapshot.numerics['bed-1']![0]!.measuredAt).toBe(2_040);
    expect(snapshot.generatedAt).toBe(NOW + 40 + step);
  });

  it('keeps a view that reports every second responsive, and flags one that stopped after 5 s of elapsed time', async () => {
    const h = await setup();
    const quiet = h.attachView();
    quiet.healthy = false;
    h.tick(0);
    h.clock.stepWall(step);
    for (let at = 1000; at <= 5000; at += 1000) {
      h.station.reportView(quiet.attached.viewId, { audio: { ok: true }, userActive: false });
      h.tick(at);
    }
    expect(h.station.alarms.list().map((a) => a.code)).not.toContain('RENDERER_UNRESPONSIVE');
    h.tick(10_001);
    expect(h.station.alarms.list().map((a) => a.code)).toContain('RENDERER_UNRESPONSIVE');
  });

  it('is audited as clock.changed, logged and shown on the admin status screen', async () => {
    const h = await setup();
    h.tick(1000);
    h.clock.stepWall(step);
    h.tick(1040);
    h.tick(1080);
    const change = `clock changed by ${step > 0 ? '+' : '-'}3600 s`;
    expect(h.station.status().clockChanges).toEqual([{ at: 1040 + step, stepMs: step }]);
    await h.audit.flush();
    const rows = (await h.audit.query({ action: 'clock.changed', limit: 10 })).rows;
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([{ change, step_ms: step }]);
  });
});

describe('clock-change detection', () => {
  it('ignores changes of 2 s or less, and time passing (however long a tick took)', async () => {
    const h = await setup();
    h.tick(0);
    h.clock.stepWall(2000);
    h.tick(40);
    h.clock.stepWall(-1500);
    h.tick(80);
    h.tick(60_000);
    expect(h.station.status().clockChanges).toEqual([]);
    h.clock.stepWall(2001);
    h.tick(60_040);
    expect(h.station.status().clockChanges).toEqual([{ at: 60_040 + 500 + 2001, stepMs: 2001 }]);
  });

  it('keeps the newest changes first', async () => {
    const h = await setup();
    for (let i = 1; i <= 3; i++) {
      h.clock.stepWall(i * 10_000);
      h.tick(i * 40);
    }
    expect(h.station.status().clockChanges.map((c) => c.stepMs)).toEqual([30_000, 20_000, 10_000]);
  });
});

describe('numerics freshness is judged in the sender’s clock', () => {
  it('a source whose clock is an hour off the station’s (either way) is a live bed', async () => {
    for (const skew of [+HOUR, -HOUR]) {
      const h = await setup();
      stream(h, 0, 6000, (elapsed) => elapsed + skew);
      expect(h.station.snapshot().statuses.map((s) => s.feed), `source ${skew > 0 ? 'ahead' : 'behind'}`).toEqual(['live', 'live']);
      expect(noDataAlarms(h)).toEqual([]);
    }
  });

  it('a continuous value measured longer ago than the timeout, on its sender’s clock, is refused and counted', async () => {
    const h = await setup();
    h.feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(70, 100_000 - 5_001)], sentAt: 100_000 }] };
    h.tick(0);
    expect(h.station.snapshot().numerics['bed-1']).toEqual([]);
    expect(h.station.rejections.summary()).toContainEqual(expect.objectContaining({ source: 'numerics', reason: 'measured too long ago or in the future' }));
  });

  it('an NIBP measured 20 min ago is shown with its time but does not count as current data', async () => {
    const h = await setup();
    h.clock.stepWall(NOW);
    const sentAt = 5_000_000;
    const nibp = (kind: 'nibpSys' | 'nibpDia' | 'nibpMean', value: number): Numeric => ({ kind, value, measuredAt: sentAt - 20 * 60_000 });
    const reading = [nibp('nibpSys', 120), nibp('nibpDia', 80), nibp('nibpMean', 93)];
    expect(h.station.ingestNumerics('bed-1', reading, { sender: 'hl7:cuff', sentAt })).toBe('accepted');
    h.tick(5040);
    // Only the 20-minute-old cuff reading arrived: the bed is not proven live.
    expect(h.station.snapshot().statuses[0]!.feed).toBe('no-data');
    // With current data it is live, and the NIBP is shown dated 20 min before, on the station's clock.
    h.feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(70, sentAt), ...reading], sentAt }] };
    h.tick(5080);
    const snapshot = h.station.snapshot();
    expect(snapshot.statuses[0]!.feed).toBe('live');
    expect(snapshot.numerics['bed-1']!.find((n) => n.kind === 'nibpSys')).toEqual({ kind: 'nibpSys', value: 120, measuredAt: snapshot.generatedAt - 20 * 60_000 });
  });

  it('a value measured in its sender’s future by more than the timeout is refused', async () => {
    const h = await setup();
    expect(h.station.ingestNumerics('bed-1', [hr(70, 60_000)], { sender: 'hl7:x', sentAt: 0 })).toBe('not-current');
    expect(h.station.ingestNumerics('bed-1', [hr(70, 4_000)], { sender: 'hl7:x', sentAt: 0 })).toBe('accepted');
  });
});
