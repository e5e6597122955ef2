import { describe, expect, it } from 'vitest';
import { THROTTLE_QUIET_MS } from '../../../../../electron/main/connections/hl7/hl7-listener';
import { PeerRateLimit } from '../../../../../electron/main/connections/hl7/peer-rate-limit';
import { FakeClock, HOUR_STEPS } from '../../../../support/fake-clock';

const PEER = '10.20.4.7';

/**
 * The per-sender message rate is a duration: a system clock set forward must
 * not hand a flooding sender an hour of allowance at once, and one set back
 * must not refuse a sender that has slowed down (it would be answered AE,
 * and its alarms held back, for an hour).
 */
describe.each(HOUR_STEPS)('HL7 per-sender rate limit with the wall clock set an hour %s', (_direction, step) => {
  it('a sender over its rate is refused until the monotonic clock has refilled its allowance, and then served', () => {
    const clock = new FakeClock();
    const limit = new PeerRateLimit({ messagesPerSecond: 2, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) expect(limit.take(PEER, 'alarms')).toBe(true);
    expect(limit.take(PEER, 'alarms')).toBe(false);
    clock.stepWall(step);
    expect(limit.take(PEER, 'alarms')).toBe(false);
    clock.advance(499);
    expect(limit.take(PEER, 'alarms')).toBe(false);
    clock.advance(1);
    expect(limit.take(PEER, 'alarms')).toBe(true);
    expect(limit.take(PEER, 'alarms')).toBe(false);
  });

  it(`a refused sender counts as throttled for ${THROTTLE_QUIET_MS / 1000} s of the monotonic clock after its last refusal, not more, not less`, () => {
    const clock = new FakeClock();
    const limit = new PeerRateLimit({ messagesPerSecond: 1, burst: 1 }, clock);
    limit.take(PEER, 'other');
    expect(limit.take(PEER, 'other')).toBe(false);
    clock.stepWall(step);
    expect(limit.throttledPeers(THROTTLE_QUIET_MS)).toEqual([PEER]);
    clock.advance(THROTTLE_QUIET_MS - 1);
    expect(limit.throttledPeers(THROTTLE_QUIET_MS)).toEqual([PEER]);
    clock.advance(1);
    expect(limit.throttledPeers(THROTTLE_QUIET_MS)).toEqual([]);
  });
});
