import { describe, expect, it } from 'vitest';
import type { AckClaim, AckRecord } from '../../../../../shared/protocol/acknowledgement';
import type { AlarmEngine } from '../../../../../electron/main/alarms/alarm-engine';
import type { EpisodeInput } from '../../../../../electron/main/alarms/episode-input';
import { DEFAULT_ALARM_FLOOD_POLICY } from '../../../../../electron/main/alarms/device-alarm-flood';
import { AckRelay, type AckRelayDeps } from '../../../../../electron/main/connections/gateway/ack-relay';
import { silentLogger } from '../../../../../electron/main/logging/logger';
import { harness, nurseAck, settle, T0, type Harness } from '../../alarms/alarm-test-kit';

/**
 * The acknowledgement relay reads the engine's deltas (issue 12.4: a flood
 * costs what changed) while keeping the episodes' rule (issue 12.1: an
 * acknowledgement names its episode), also for an episode held back in a
 * flood when the acknowledgement arrives.
 */

function episode(n: number, overrides: Partial<EpisodeInput> = {}): EpisodeInput {
  return { episodeId: `ep-${n}`, bedId: 'bed-1', code: `C${n}`, message: `c${n}`, priority: 'MEDIUM', source: 'device', deviceAlarmId: `d-${n}`, onsetAt: T0, end: null, delivered: 'live', ...overrides };
}

function ackOf(e: EpisodeInput): AckRecord {
  return { ackId: `b-${e.episodeId}`, alarm: { episodeId: e.episodeId, bedId: e.bedId, code: e.code, origin: 'device', priority: e.priority }, by: { stationId: 'icu-b', userId: 'bea' }, at: T0 - 5 * 60_000 };
}

/** The relay over a real engine; `listCalls` counts every read of the whole alarm list. */
function relayOver(h: Harness): { relay: AckRelay; claims: AckClaim[]; listCalls: () => number } {
  let listCalls = 0;
  const engine = h.engine;
  const alarms = new Proxy(engine, {
    get(target, prop) {
      if (prop === 'list' || prop === 'snapshot') listCalls++;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as AlarmEngine;
  const claims: AckClaim[] = [];
  const deps: AckRelayDeps = {
    stationId: 'icu-a',
    alarms,
    audit: { record: () => undefined, query: async () => ({ rows: [] }) } as unknown as AckRelayDeps['audit'],
    log: silentLogger,
    now: () => h.time.now,
    claim: async (claim) => {
      claims.push(claim);
      return { v: 2, outcome: 'won', winner: { ackId: claim.ackId, alarm: claim.alarm, by: claim.by, at: claim.at } };
    },
  };
  const relay = new AckRelay(deps);
  relay.start();
  relay.setOnline(true);
  const startCalls = listCalls;
  return { relay, claims, listCalls: () => listCalls - startCalls };
}

describe('acknowledgement relay: deltas, and episodes held in a flood', () => {
  it('a flood of other alarms never makes it read the whole alarm list', () => {
    const h = harness({ flood: { maxOpenPerBed: 1_000 } });
    const { listCalls } = relayOver(h);
    for (let n = 0; n < 500; n++) h.engine.episode(episode(n, { bedId: `bed-${(n % 3) + 1}` }));
    for (let s = 0; s < 10; s++) h.tick(1000);
    expect(h.updates.length).toBeGreaterThan(100);
    expect(listCalls()).toBe(0);
  });

  it('an acknowledgement that arrives while its episode waits in a flood takes effect when it is let through, and only on that episode', () => {
    const h = harness({ flood: { maxOpenPerBed: 1_000 } });
    const { relay } = relayOver(h);
    for (let n = 0; n < DEFAULT_ALARM_FLOOD_POLICY.burst; n++) h.engine.episode(episode(n));
    const waiting = episode(100, { code: 'SPO2_PROBE', message: 'SpO2 probe off' });
    const sameLater = episode(101, { code: 'SPO2_PROBE', message: 'SpO2 probe off' });
    expect(h.engine.episode(waiting)).toBe('held');
    expect(relay.applyRemote(ackOf(waiting))).toBeNull();
    expect(h.engine.episode(sameLater)).toBe('held');

    for (let s = 0; s < 5; s++) h.tick(1000);
    expect(h.engine.findByEpisode('ep-100')).toMatchObject({ acknowledged: true });
    // The same words in a later episode: not acknowledged, and it sounds.
    expect(h.engine.findByEpisode('ep-101')).toMatchObject({ acknowledged: false, state: 'active' });
    const remote = h.audit.entries('alarm.acknowledged').filter((e) => e.details?.via_station === 'icu-b');
    expect(remote.map((e) => e.details?.episode_id)).toEqual(['ep-100']);
  });

  it('an acknowledgement here of an alarm amid a flood is claimed once, for its own episode', async () => {
    const h = harness({ flood: { maxOpenPerBed: 1_000 } });
    const { claims } = relayOver(h);
    h.engine.episode(episode(1));
    for (let n = 2; n < 200; n++) h.engine.episode(episode(n));
    await h.engine.acknowledge(h.engine.findByEpisode('ep-1')!.alarmId, nurseAck());
    for (let s = 0; s < 5; s++) h.tick(1000);
    await settle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(claims.map((c) => c.alarm.episodeId)).toEqual(['ep-1']);
  });
});
