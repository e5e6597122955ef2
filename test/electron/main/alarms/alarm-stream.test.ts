import { describe, expect, it } from 'vitest';
import { AlarmListReplica } from '../../../../shared/alarms/alarm-list-replica';
import { AlarmsDeltaSchema, type AlarmsDelta } from '../../../../shared/domain/station-event';
import type { AlarmRecord } from '../../../../electron/main/alarms/alarm-record';
import { AudioPause } from '../../../../electron/main/alarms/audio-pause';
import { AuditoryChoice, selectAuditory } from '../../../../electron/main/alarms/auditory-signal';
import { FakeClock } from '../../../support/fake-clock';
import { prng } from '../../../support/prng';
import { chargeReset, harness, nurseAck, nursePause, settle, T0, type Harness } from './alarm-test-kit';

/** No flood control: these tests are about what each change costs, with every alarm listed. */
const UNBOUNDED = { burst: 1e9, perSecond: 1e9, maxOpen: 1e9, maxOpenPerBed: 1e9, maxHeldPerBed: 1e9 };
const BEDS = Array.from({ length: 64 }, (_, i) => `bed-${i + 1}`);

function manyAlarms(h: Harness, count: number): void {
  for (let i = 0; i < count; i++) {
    h.engine.deviceAlarm({ bedId: BEDS[i % BEDS.length]!, code: `FLOOD_${i % 40}`, message: `Alarm ${i}`, priority: i % 3 === 0 ? 'LOW' : 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId: `a-${i}` });
  }
}

/** How many alarms the deltas published since `from` carried, changed or removed: the data a change costs. */
function carried(updates: readonly AlarmsDelta[], from: number): number {
  return updates.slice(from).reduce((n, d) => n + d.changed.length + d.removed.length, 0);
}

describe('alarm stream: a change costs what changed', () => {
  it('a change to one alarm among 4,000 publishes that one alarm, not the list', async () => {
    const h = harness({ beds: BEDS, flood: UNBOUNDED });
    manyAlarms(h, 4000);
    expect(h.engine.list()).toHaveLength(4000);
    // Raising them cost each alarm once (the whole list each time would be 8 million).
    expect(carried(h.updates, 0)).toBe(4000);

    const target = h.engine.list()[1234]!;
    let from = h.updates.length;
    await h.engine.acknowledge(target.alarmId, nurseAck());
    expect(h.updates.slice(from)).toHaveLength(1);
    expect(h.updates.at(-1)!.changed.map((a) => [a.alarmId, a.state])).toEqual([[target.alarmId, 'acknowledged']]);
    expect(h.updates.at(-1)!.removed).toEqual([]);

    from = h.updates.length;
    h.engine.deviceAlarm({ bedId: target.bedId!, code: target.code, message: target.message, priority: target.priority, source: 'device', phase: 'end', deviceAlarmId: 'a-1234' });
    expect(carried(h.updates, from)).toBe(1);
    expect(h.updates.at(-1)!.removed).toEqual([target.alarmId]);
  });

  it('numbers its deltas without a gap, and the snapshot names the last one it contains', () => {
    const h = harness({ beds: BEDS, flood: UNBOUNDED });
    manyAlarms(h, 50);
    h.tick(31_000); // escalates every MEDIUM
    for (const [i, d] of h.updates.entries()) {
      expect(AlarmsDeltaSchema.safeParse(d).success).toBe(true);
      expect(d.seq).toBe(d.baseSeq + 1);
      if (i > 0) expect(d.baseSeq).toBe(h.updates[i - 1]!.seq);
      expect(d.stream).toBe('st1:test:');
    }
    const snapshot = h.engine.snapshot();
    expect(snapshot.seq).toBe(h.updates.at(-1)!.seq);
    expect(snapshot.alarms).toEqual(h.engine.list());
  });

  it('a copy kept from the deltas alone always equals the engine’s list and signals, whatever happens, wall-clock steps included', async () => {
    const random = prng(12);
    const h = harness({ beds: BEDS.slice(0, 4), flood: UNBOUNDED });
    const copy = new AlarmListReplica();
    copy.load(h.engine.snapshot());
    // When the copy took its last state, on the monotonic clock: a view counts the pause down from there.
    let copiedAtMono = h.clock.monotonic();
    h.engine.onChange((d) => {
      expect(copy.apply(d).kind).toBe('applied');
      copiedAtMono = h.clock.monotonic();
    });
    // The kept auditory choice against a full rescan of the engine's records.
    const internals = h.engine as unknown as { records: Map<string, AlarmRecord>; pause: AudioPause };
    const open: string[] = [];
    for (let step = 0; step < 600; step++) {
      const r = random();
      const bedId = BEDS[Math.floor(random() * 4)]!;
      if (r < 0.35) {
        const id = `d-${step}`;
        const priority = (['HIGH', 'MEDIUM', 'LOW'] as const)[Math.floor(random() * 3)]!;
        h.engine.deviceAlarm({ bedId, code: `C${step % 7}`, message: `m${step % 5}`, priority, source: 'device', phase: 'start', deviceAlarmId: id, latching: random() < 0.3 });
        open.push(`${bedId}|${id}`);
      } else if (r < 0.55 && open.length > 0) {
        const [bed, id] = open.splice(Math.floor(random() * open.length), 1)[0]!.split('|');
        h.engine.deviceAlarm({ bedId: bed!, code: 'X', message: 'x', priority: 'LOW', source: 'device', phase: 'end', deviceAlarmId: id! });
      } else if (r < 0.65) {
        // Any alarm not yet acknowledged, a latched one whose condition ended included.
        const candidates = h.engine.list().filter((a) => !a.acknowledged);
        const pick = candidates[Math.floor(random() * candidates.length)];
        if (pick) await h.engine.acknowledge(pick.alarmId, nurseAck()).catch(() => undefined);
      } else if (r < 0.7) {
        await h.engine.pauseAudio(nursePause(), 10_000 + Math.floor(random() * 60_000));
      } else if (r < 0.73) {
        await h.engine.resetAlarms(chargeReset());
      } else if (r < 0.78) {
        h.bedStatus(bedId, random() < 0.5 ? 'no-data' : 'live');
      } else if (r < 0.81) {
        h.clock.stepWall(random() < 0.5 ? -3_600_000 : 3_600_000);
      } else if (r < 0.85) {
        // Time passes between ticks: a pause may fall due before a tick ends it.
        h.clock.advance(Math.floor(random() * 20_000));
      } else {
        h.tick(Math.floor(random() * 20_000));
      }
      await settle();
      expect(copy.list()).toEqual(h.engine.list());
      expect(h.engine.auditory()).toEqual(selectAuditory(internals.records.values(), internals.pause));
      // The copy's signals are as of its last delta; the engine decides again only on a change (or a tick).
      if (h.engine.audioPauseRemainingMs !== 0) expect(copy.auditory).toEqual(h.engine.auditory());
      // The pause left as a view counts it: its two wall readings' difference, less the time since, on the monotonic clock.
      const copyLeft = copy.audioPausedUntil === null ? null : Math.max(0, copy.audioPausedUntil - copy.sentAt - (h.clock.monotonic() - copiedAtMono));
      expect(copyLeft).toEqual(h.engine.audioPauseRemainingMs);
    }
  });
});

describe('auditory signal: kept, not rescanned', () => {
  function record(seq: number, priority: 'HIGH' | 'MEDIUM' | 'LOW', escalatesFrom: number): AlarmRecord {
    return {
      alarmId: `a${seq}`,
      seq,
      key: `k${seq}`,
      bedId: 'bed-1',
      code: 'C',
      message: 'm',
      source: 'device',
      priority,
      latching: false,
      episodeId: null,
      encounterId: null,
      onsetAt: T0 + escalatesFrom,
      escalatesFrom,
      triggerValue: null,
      limit: null,
      endedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalationLevel: 1,
    };
  }

  /** A record map that counts how often every alarm is looked at. */
  class CountingMap extends Map<string, AlarmRecord> {
    scans = 0;
    override values(): MapIterator<AlarmRecord> {
      this.scans++;
      return super.values();
    }
  }

  /** A kept choice over a counting record map, with AUDIO PAUSED on `clock`; `add` is what the engine's record map does. */
  function kept(clock = new FakeClock()) {
    const records = new CountingMap();
    const pause = new AudioPause(clock);
    const choice = new AuditoryChoice();
    const add = (r: AlarmRecord) => {
      records.set(r.alarmId, r);
      choice.touched(r, pause);
    };
    return { records, pause, choice, add, current: () => choice.current(records, pause) };
  }

  it('a new alarm is compared with the current choice only; everything is looked at again only when the choice goes', () => {
    const { records, pause, choice, add } = kept();
    add(record(1, 'MEDIUM', 1));
    expect(choice.current(records, pause)?.alarmId).toBe('a1');
    expect(records.scans).toBe(1);
    for (let i = 2; i < 4000; i++) {
      add(record(i, i % 2 ? 'MEDIUM' : 'LOW', i));
      expect(choice.current(records, pause)?.alarmId).toBe('a1');
    }
    add(record(4000, 'HIGH', 4000));
    expect(choice.current(records, pause)?.alarmId).toBe('a4000');
    expect(records.scans).toBe(1);
    // The choice is acknowledged: now, and only now, everything is looked at again.
    const high = records.get('a4000')!;
    high.acknowledgedAt = T0 + 5000;
    choice.touched(high, pause);
    expect(choice.current(records, pause)?.alarmId).toBe('a1');
    expect(records.scans).toBe(2);
    expect(choice.current(records, pause)).toEqual(selectAuditory(records.values(), pause));
  });

  it('AUDIO PAUSED starting or ending makes it look again', () => {
    const { pause, choice, add, current } = kept();
    add(record(1, 'MEDIUM', 1));
    expect(current()?.alarmId).toBe('a1');
    pause.start(120_000, 1);
    choice.invalidate();
    expect(current()).toBeNull();
  });

  it('a pause that falls due before the tick that ends it stops silencing at once: the older alarm sounds, not the next new one', () => {
    const clock = new FakeClock();
    const { records, pause, choice, add, current } = kept(clock);
    add(record(1, 'MEDIUM', 1));
    pause.start(120_000, 1);
    choice.invalidate();
    expect(current()).toBeNull();
    clock.advance(120_000);
    // No tick yet: the pause is due, not ended. A new LOW alarm must not take the place of the older MEDIUM.
    add(record(2, 'LOW', 2));
    expect(current()?.alarmId).toBe('a1');
    expect(current()).toEqual(selectAuditory(records.values(), pause));
  });

  it('orders on the monotonic clock: an alarm raised after the system clock was set back does not take the older one’s place', () => {
    const { add, current } = kept();
    add(record(1, 'MEDIUM', 1_000));
    expect(current()?.alarmId).toBe('a1');
    // Created later (monotonic) but stamped an hour earlier on the wall clock.
    add({ ...record(2, 'MEDIUM', 2_000), onsetAt: T0 - 3_600_000 });
    expect(current()?.alarmId).toBe('a1');
  });
});
