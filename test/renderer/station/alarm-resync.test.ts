import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import { WHOLE_UNIT } from '../../../shared/domain/care-group';
import type { AlarmsDelta, AlarmsUpdate } from '../../../shared/domain/station-event';
import type { UnitSnapshot } from '../../../shared/domain/unit';
import type { EventChannel, VigilApi } from '../../../shared/ipc/contract';
import { connectStation } from '../../../renderer/src/station/station-client';
import { useAlarmStore } from '../../../renderer/src/store/alarm-store';
import { WaveformBuffers } from '../../../renderer/src/waveform';

function alarm(id: string, bedId: string, priority: AlarmCondition['priority'] = 'MEDIUM'): AlarmCondition {
  return { alarmId: id, bedId, code: `C_${id}`, message: `Alarm ${id}`, source: 'device', priority, latching: false, state: 'active', acknowledged: false, onsetAt: 1, triggerValue: null, limit: null, escalationLevel: 1 };
}

/** A station as the page sees it: events it pushes, and the answers to the page's requests. */
let runs = 0;

class FakeStation {
  // Each fake is a new run of a station: the page's store is one per page, like the app's.
  stream = `station:run${++runs}:`;
  seq = 3;
  alarms: AlarmCondition[] = [alarm('a', 'bed-1'), alarm('b', 'bed-2')];
  readonly asked: string[] = [];
  /** Runs between taking the snapshot and answering with it (a change sent in that moment reaches the page first). */
  afterSnapshotTaken: (() => void) | null = null;
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

  state(): AlarmsUpdate {
    return { stream: this.stream, seq: this.seq, alarms: [...this.alarms], auditory: null, audioPausedUntil: null, sentAt: 1000 };
  }

  /** Changes the station's list and sends the delta (or, with `lose`, changes it without the page hearing). */
  change(changed: AlarmCondition[], removed: string[], { lose = false } = {}): AlarmsDelta {
    this.alarms = [...this.alarms.filter((a) => !removed.includes(a.alarmId) && !changed.some((c) => c.alarmId === a.alarmId)), ...changed];
    const delta: AlarmsDelta = { stream: this.stream, baseSeq: this.seq, seq: ++this.seq, replace: false, changed, removed, auditory: null, audioPausedUntil: null, sentAt: 1000 + this.seq };
    if (!lose) this.emit('unit:alarms', delta);
    return delta;
  }

  emit(channel: EventChannel, payload: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l(payload);
  }

  api(): VigilApi {
    return {
      invoke: (async (channel: string) => {
        this.asked.push(channel);
        await Promise.resolve();
        if (channel === 'unit:get-snapshot') {
          const value = this.unit();
          this.afterSnapshotTaken?.();
          return { ok: true, value };
        }
        if (channel === 'alarms:get-snapshot') return { ok: true, value: this.state() };
        if (channel === 'session:current') return { ok: true, value: null };
        return { ok: false, error: 'not in this fake' };
      }) as VigilApi['invoke'],
      on: ((channel: EventChannel, listener: (payload: unknown) => void) => {
        if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
        this.listeners.get(channel)!.add(listener);
        return () => this.listeners.get(channel)!.delete(listener);
      }) as VigilApi['on'],
      onWaveformFrame: () => () => undefined,
    };
  }

  private unit(): UnitSnapshot {
    const beds = ['bed-1', 'bed-2', 'bed-3'];
    return {
      stationId: 'station',
      unitName: 'ICU',
      feedKind: 'simulator',
      beds: beds.map((bedId) => ({ bedId, label: bedId, patient: null })),
      statuses: beds.map((bedId) => ({ bedId, feed: 'live' as const, ecgLeadOff: false, lastDataAt: 1 })),
      numerics: {},
      alarms: this.state(),
      noDataTimeoutMs: 5000,
      wallMode: false,
      clinicalActionsAllowed: true,
      scenariosEnabled: false,
      simulationNotice: null,
      census: { version: 0, beds: [] },
      patientDisplay: 'bed-only',
      careGroups: WHOLE_UNIT,
      generatedAt: 1000,
    };
  }
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error('condition not met');
};

let disconnect: (() => void) | null = null;
afterEach(() => {
  disconnect?.();
  disconnect = null;
});

function connect(station: FakeStation): void {
  disconnect = connectStation(station.api(), new WaveformBuffers());
}

const shown = () => useAlarmStore.getState().alarms.map((a) => a.alarmId).sort();

describe('a view’s alarm list: deltas, and the full state again after a gap', () => {
  it('applies deltas on top of the snapshot and keeps each tile’s key to the beds touched', async () => {
    const station = new FakeStation();
    connect(station);
    await until(() => useAlarmStore.getState().alarmsInSync && shown().join() === 'a,b');
    const before = useAlarmStore.getState().bedAlarmKeys;
    station.change([alarm('c', 'bed-3', 'HIGH')], ['a']);
    expect(shown()).toEqual(['b', 'c']);
    const keys = useAlarmStore.getState().bedAlarmKeys;
    expect(keys['bed-1']).toBeUndefined();
    expect(keys['bed-2']).toBe(before['bed-2']);
    expect(keys['bed-3']).toBe('HIGH|open|1|Alarm c');
  });

  it('a missed delta makes the list not current, shown as such, until the full state is fetched again', async () => {
    const station = new FakeStation();
    connect(station);
    await until(() => useAlarmStore.getState().alarmsInSync && shown().join() === 'a,b');
    station.change([alarm('lost', 'bed-1', 'HIGH')], [], { lose: true });
    // The next delta does not follow on: never applied on top of a list that lacks 'lost'.
    station.change([alarm('d', 'bed-3')], []);
    expect(useAlarmStore.getState().alarmsInSync).toBe(false);
    expect(shown()).toEqual(['a', 'b']);
    await until(() => useAlarmStore.getState().alarmsInSync);
    expect(station.asked).toContain('alarms:get-snapshot');
    expect(shown()).toEqual(['a', 'b', 'd', 'lost']);
  });

  it('a restarted station (a new stream) is taken from its full state, never mixed with the old list', async () => {
    const station = new FakeStation();
    connect(station);
    await until(() => useAlarmStore.getState().alarmsInSync && shown().join() === 'a,b');
    station.stream = `station:run${++runs}:`;
    station.seq = 0;
    station.alarms = [];
    station.change([alarm('x', 'bed-1')], []);
    await until(() => useAlarmStore.getState().alarmsInSync && shown().join() === 'x');
  });

  it('deltas that come while the full state is on its way are applied after it, not lost', async () => {
    const station = new FakeStation();
    // One change the snapshot will have (sent before it was taken), one it will not (sent after, arriving first).
    station.afterSnapshotTaken = () => station.change([alarm('after', 'bed-2')], []);
    connect(station);
    station.change([alarm('before', 'bed-1')], []);
    await until(() => useAlarmStore.getState().alarmsInSync);
    expect(shown()).toEqual(['a', 'after', 'b', 'before']);
    expect(station.asked).not.toContain('alarms:get-snapshot');
  });
});
