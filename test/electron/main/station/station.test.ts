import { describe, expect, it } from 'vitest';
import { StationConfigSchema } from '../../../../shared/config/station-config';
import { decodeWaveformFrame, SEGMENT_FLAG_LEAD_OFF } from '../../../../shared/waveform/frame';
import { Station, type StationView } from '../../../../electron/main/station/station';
import { FakeFeed } from '../fake-feed';

function setup(options: { wallMode?: boolean; beds?: number } = {}) {
  const feed = new FakeFeed(options.beds ?? 2);
  let now = 0;
  const station = new Station({ config: StationConfigSchema.parse({}), feed, wallMode: options.wallMode ?? false, now: () => now });
  const events: Array<{ channel: string; payload: unknown }> = [];
  const frames: ArrayBuffer[] = [];
  const view: StationView = { event: (channel, payload) => events.push({ channel, payload }), waveformFrame: (f) => frames.push(f) };
  station.attach(view);
  const tick = (at: number) => {
    now = at;
    station.tick(at);
  };
  return { feed, station, events, frames, tick };
}

const hr = (value: number | null, measuredAt: number) => ({ kind: 'hr' as const, value, measuredAt });

describe('Station', () => {
  it('fans numerics and one binary frame per tick out to views', () => {
    const { feed, events, frames, tick } = setup();
    feed.next = {
      segments: [
        { bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: 0, samples: new Float32Array(10) },
        { bedIndex: 1, channel: 'pleth', flags: 0, firstSampleAt: 0, samples: new Float32Array(5) },
      ],
      numerics: [{ bedIndex: 0, numerics: [hr(72, 0)] }],
    };
    tick(0);
    expect(frames).toHaveLength(1);
    expect(decodeWaveformFrame(frames[0]!).map((s) => [s.bedIndex, s.channel, s.samples.length])).toEqual([
      [0, 'ecg', 10],
      [1, 'pleth', 5],
    ]);
    const channels = events.map((e) => e.channel);
    expect(channels).toEqual(['unit:bed-status', 'unit:numerics']); // status before data
    expect(events[1]!.payload).toEqual({ sentAt: 0, beds: [{ bedId: 'bed-1', numerics: [hr(72, 0)] }] });
  });

  it('a silent bed goes no-data after the timeout and its numerics are withdrawn', () => {
    const { feed, station, events, tick } = setup();
    feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(80, 0)] }] };
    tick(0);
    expect(station.snapshot().numerics['bed-1']).toEqual([hr(80, 0)]);
    events.length = 0;
    tick(5000);
    expect(events).toEqual([]);
    tick(5040);
    expect(events).toEqual([{ channel: 'unit:bed-status', payload: { statuses: [{ bedId: 'bed-1', feed: 'no-data', ecgLeadOff: false, lastDataAt: 0 }] } }]);
    const snapshot = station.snapshot();
    expect(snapshot.statuses[0]!.feed).toBe('no-data');
    expect(snapshot.numerics['bed-1']).toEqual([]);
    // When data returns, only the new numbers are offered.
    feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(90, 6000)] }] };
    tick(6000);
    expect(station.snapshot().numerics['bed-1']).toEqual([hr(90, 6000)]);
  });

  it('never reports beds it has not heard from as live', () => {
    const { station } = setup();
    expect(station.snapshot().statuses.map((s) => s.feed)).toEqual(['unknown', 'unknown']);
    expect(station.snapshot().numerics).toEqual({ 'bed-1': [], 'bed-2': [] });
  });

  it('tracks ECG lead-off from the segment flags', () => {
    const { feed, station, tick } = setup();
    feed.next = { segments: [{ bedIndex: 1, channel: 'ecg', flags: SEGMENT_FLAG_LEAD_OFF, firstSampleAt: 0, samples: new Float32Array(3) }], numerics: [] };
    tick(0);
    expect(station.snapshot().statuses[1]).toMatchObject({ feed: 'live', ecgLeadOff: true });
  });

  it('keeps running when the feed throws; its beds then go no-data', () => {
    const { feed, station, tick } = setup();
    feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(80, 0)] }] };
    tick(0);
    feed.failNextPull = true;
    expect(() => tick(6000)).not.toThrow();
    expect(station.snapshot().statuses[0]!.feed).toBe('no-data');
  });

  it('a view that throws does not stop the others', () => {
    const { feed, station, frames, tick } = setup();
    station.attach({ event: () => { throw new Error('renderer gone'); }, waveformFrame: () => { throw new Error('port closed'); } });
    feed.next = { segments: [{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: 0, samples: new Float32Array(1) }], numerics: [] };
    tick(0);
    expect(frames).toHaveLength(1);
  });

  it('offers scenarios on a workstation but never on a wall', () => {
    const workstation = setup();
    expect(workstation.station.triggerScenario({ scenario: 'bed-silent', bedId: 'bed-1' })).toEqual({ scenario: 'bed-silent', bedId: 'bed-1', seed: 7 });
    const wall = setup({ wallMode: true });
    expect(wall.station.scenariosEnabled()).toBe(false);
    expect(() => wall.station.triggerScenario({ scenario: 'bed-silent', bedId: 'bed-1' })).toThrow(/not enabled/);
    expect(wall.feed.triggered).toEqual([]);
  });
});
