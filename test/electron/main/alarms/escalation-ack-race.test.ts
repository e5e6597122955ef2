import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from '../../../../electron/main/simulator/prng';
import { AlarmActionRefused } from '../../../../electron/main/alarms/alarm-action-refused';
import { DEFAULT_ESCALATION_POLICY, escalationLevelAfter } from '../../../../electron/main/alarms/escalation-policy';
import { codes, harness, nurseAck, raiseHigh, settle, T0 } from './alarm-test-kit';

/**
 * Acknowledgement vs escalation. The acknowledgement takes effect when its
 * audit write is confirmed durable; a tick processed before that may still
 * escalate (nobody has been told the alarm is handled), a tick processed
 * after it never does. Here the write is held pending (FakeAuditSink
 * 'deferred'), ticks are interleaved around the 30 s boundary, and the write
 * is settled (occasionally failed) at random points, 1,000 times.
 */
const RUNS = 1_000;

interface Outcome {
  applied: boolean;
  refused: boolean;
  levelAtAck: number | null;
}

async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

async function runScenario(seed: number): Promise<Outcome> {
  const rng = new Rng(deriveSeed(0x5eed, seed));
  const h = harness();
  const id = raiseHigh(h);
  const fail = (message: string) => {
    throw new Error(`seed ${seed}: ${message}`);
  };

  // The engine's view of the alarm, as published and as each escalation finds it.
  let ackPublished = false;
  let levelAtAck: number | null = null;
  h.engine.onEscalation((e) => {
    if (e.alarmId !== id) return;
    const now = h.engine.list().find((a) => a.alarmId === id);
    if (ackPublished || now?.state === 'acknowledged') fail(`escalated to level ${e.level} after the alarm was recorded acknowledged`);
  });
  h.engine.onChange((update) => {
    // Deltas name only what changed: an alarm absent from one is unchanged, unless removed.
    if (update.removed.includes(id) && ackPublished) fail('an acknowledged alarm disappeared');
    const alarm = update.changed.find((a) => a.alarmId === id);
    if (!alarm) return;
    if (alarm.state !== 'acknowledged') {
      if (ackPublished) fail(`an acknowledged alarm became ${alarm.state}`);
      return;
    }
    if (!ackPublished) {
      ackPublished = true;
      levelAtAck = alarm.escalationLevel;
    } else if (alarm.escalationLevel !== levelAtAck) {
      fail(`escalation level went from ${levelAtAck} to ${alarm.escalationLevel} after acknowledgement`);
    }
  });

  // Up to a random moment near the 30 s boundary.
  const start = 26_000 + rng.below(5_000);
  while (h.elapsed() < start) h.tick(Math.min(1 + rng.below(3_000), start - h.elapsed()));

  h.audit.mode = 'deferred';
  const ack = h.engine.acknowledge(id, nurseAck()).then(
    (result) => ({ result, error: null }),
    (error: unknown) => ({ result: null, error }),
  );

  // Interleave ticks, microtask turns and the write's settlement.
  let settledWrite = false;
  let stepsAfterSettle = 1 + rng.below(6);
  while (!settledWrite || stepsAfterSettle-- > 0) {
    const op = rng.below(10);
    if (op < 5) {
      h.tick(rng.below(2_500)); // 0 ms ticks included: same-millisecond ordering
    } else if (op < 8) {
      await microtasks(rng.below(4));
    } else if (!settledWrite && h.audit.pending.length > 0) {
      settledWrite = true;
      if (rng.below(10) === 0) h.audit.rejectNext();
      else h.audit.resolveNext();
      // Sometimes a tick slips in before the acknowledgement's continuation runs.
      if (rng.below(2) === 0) h.tick(rng.below(1_500));
    }
  }
  const { result, error } = await ack;
  await settle();
  h.runUntil(h.elapsed() + 120_000, 1_000);

  const alarm = h.engine.list().find((a) => a.alarmId === id);
  const events = h.escalations.filter((e) => e.alarmId === id);
  const records = h.audit.log.filter((e) => e.event.action === 'alarm.escalated' && e.event.alarmId === id);
  // Each step once, in order, each audited once.
  expect(events.map((e) => e.level), `seed ${seed}`).toEqual([2, 3].slice(0, events.length));
  expect(records.map((r) => r.event.details?.level), `seed ${seed}`).toEqual(events.map((e) => e.level));

  if (result) {
    expect(result.applied, `seed ${seed}`).toBe(true);
    expect(alarm, `seed ${seed}`).toMatchObject({ state: 'acknowledged', escalationLevel: levelAtAck });
    expect(ackPublished, `seed ${seed}`).toBe(true);
    expect(events.length + 1, `seed ${seed}`).toBe(levelAtAck);
    // Every escalation step recorded happened no later than the acknowledgement took effect.
    for (const e of events) expect(e.at, `seed ${seed}`).toBeLessThanOrEqual(result.acknowledgedAt);
    for (const r of records) expect(r.at, `seed ${seed}`).toBeLessThanOrEqual(result.acknowledgedAt);
    // Time only moves with a tick, so the alarm had exactly the level its age called for when the
    // acknowledgement took effect: a pending acknowledgement holds nothing back.
    expect(levelAtAck, `seed ${seed}`).toBe(escalationLevelAfter(DEFAULT_ESCALATION_POLICY, 'HIGH', result.acknowledgedAt - T0));
    return { applied: true, refused: false, levelAtAck };
  }
  expect(error, `seed ${seed}`).toBeInstanceOf(AlarmActionRefused);
  expect((error as AlarmActionRefused).reason).toBe('audit-failed');
  expect(ackPublished, `seed ${seed}`).toBe(false);
  // A refused acknowledgement changes nothing: the alarm escalates all the way.
  expect(alarm, `seed ${seed}`).toMatchObject({ state: 'active', escalationLevel: 3 });
  expect(codes(h.engine)).toContain('AUDIT_FAILURE');
  return { applied: false, refused: true, levelAtAck: null };
}

describe('acknowledgement vs escalation race', () => {
  it(`never escalates an alarm once it is recorded acknowledged (${RUNS} seeded interleavings)`, async () => {
    const outcomes: Outcome[] = [];
    for (let seed = 0; seed < RUNS; seed++) outcomes.push(await runScenario(seed));
    // The schedules must really straddle the boundary: acks that beat the 30 s step, acks that
    // lost to it, and refused ones all occur.
    expect(outcomes.filter((o) => o.levelAtAck === 1).length).toBeGreaterThan(50);
    expect(outcomes.filter((o) => o.levelAtAck === 2).length).toBeGreaterThan(50);
    expect(outcomes.filter((o) => o.refused).length).toBeGreaterThan(20);
  });

  it('a tick between the durable write and its confirmation may still escalate; the next one may not', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.runUntil(29_000);
    h.audit.mode = 'deferred';
    const ack = h.engine.acknowledge(id, nurseAck());
    await settle();
    h.audit.resolveNext();
    h.tick(1_000); // processed before the acknowledgement's continuation
    expect(h.escalations.map((e) => e.level)).toEqual([2]);
    await expect(ack).resolves.toMatchObject({ applied: true, acknowledgedAt: T0 + 30_000 });
    h.runUntil(120_000);
    expect(h.escalations.map((e) => e.level)).toEqual([2]);
  });

  it('an acknowledgement arriving while one tick crosses two steps stops the second step', () => {
    const h = harness();
    const id = raiseHigh(h);
    // E.g. a pager back end that answers synchronously with the other station's acknowledgement.
    h.engine.onEscalation((e) => {
      if (e.level === 2) h.engine.acknowledgeRemote(e.alarmId, { stationId: 'st2', userId: 'rita' }, e.at);
    });
    h.tick(90_000);
    expect(h.escalations.map((e) => e.level)).toEqual([2]);
    expect(h.engine.list().find((a) => a.alarmId === id)).toMatchObject({ state: 'acknowledged', escalationLevel: 2 });
    expect(h.audit.entries('alarm.escalated')).toHaveLength(1);
  });
});
