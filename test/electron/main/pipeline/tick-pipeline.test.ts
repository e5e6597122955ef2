import { describe, expect, it } from 'vitest';
import { TickPipeline, type StationTick } from '../../../../electron/main/pipeline/tick-pipeline';
import { stationHarness } from '../station/station-test-kit';

const TICK: StationTick = { mono: 0, segments: [], numerics: [], statuses: [] };

describe('tick pipeline', () => {
  it('delivers to every subscriber in order; one that throws is counted and never starves the next', () => {
    const pipeline = new TickPipeline();
    const seen: string[] = [];
    pipeline.subscribe({ name: 'first', tick: () => seen.push('first') });
    pipeline.subscribe({
      name: 'broken',
      tick: () => {
        throw new Error('boom');
      },
      alarmEvent: () => {
        throw new Error('boom');
      },
    });
    const unsubscribe = pipeline.subscribe({ name: 'last', tick: () => seen.push('last'), alarmEvent: () => seen.push('last-alarm') });
    pipeline.publish(TICK);
    pipeline.alarmEvent({ kind: 'onset', alarmId: 'a', bedId: 'bed-01', at: null, code: 'X', priority: 'HIGH', level: null, actor: 'system' });
    expect(seen).toEqual(['first', 'last', 'last-alarm']);
    expect(pipeline.failed).toBe(2);
    unsubscribe();
    pipeline.publish(TICK);
    expect(seen).toEqual(['first', 'last', 'last-alarm', 'first']);
  });

  it('the station publishes each tick to its views first, then to a subscriber that is not a view (which view health ignores)', async () => {
    const h = await stationHarness({ beds: 2 });
    try {
      const order: string[] = [];
      h.station.pipeline.subscribe({ name: 'recorder-like', tick: (t) => void (t.segments.length && order.push('subscriber')) });
      const mine = h.station.attach({ event: () => undefined, waveformFrame: () => void order.push('view') });
      h.feed.next = { segments: [{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: 0, samples: new Float32Array(10) }], numerics: [] };
      h.tick(40);
      expect(order).toEqual(['view', 'subscriber']);
      // The subscriber is no view: the harness's own view and the one attached here are all the station counts,
      // and with only healthy views left, a minute of ticks raises no display alarm for the subscriber.
      expect(h.station.status().views).toBe(2);
      mine.detach();
      for (let t = 1_000; t <= 60_000; t += 1_000) h.tick(t);
      expect(h.station.alarms.list().map((a) => a.code)).not.toContain('RENDERER_UNRESPONSIVE');
    } finally {
      await h.close();
    }
  });
});
