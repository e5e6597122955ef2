import { describe, expect, it } from 'vitest';
import { MemoryPresence } from '../../gateway/station-presence';
import { FakeClock } from '../support/fake-clock';

describe('gateway: station presence in one process', () => {
  it('a station gone without a goodbye is offline only after the grace period (monotonic: a clock change does not shorten it)', async () => {
    const clock = new FakeClock();
    const presence = new MemoryPresence(clock, 10_000);
    await presence.connected('icu4', 'ICU 4 central');
    await presence.vanished('icu4');
    clock.stepWall(3_600_000);
    clock.advance(9_999);
    expect((await presence.all()).map((p) => p.state)).toEqual(['online']);
    clock.advance(1);
    expect(await presence.all()).toEqual([expect.objectContaining({ stationId: 'icu4', label: 'ICU 4 central', state: 'offline' })]);
    await presence.connected('icu4', 'ICU 4 central');
    expect((await presence.all()).map((p) => p.state)).toEqual(['online']);
  });

  it('back within the grace period: never offline; a goodbye: closed at once', async () => {
    const clock = new FakeClock();
    const presence = new MemoryPresence(clock, 10_000);
    await presence.connected('icu4', 'ICU 4 central');
    await presence.vanished('icu4');
    clock.advance(5_000);
    await presence.connected('icu4', 'ICU 4 central');
    clock.advance(60_000);
    expect((await presence.all()).map((p) => p.state)).toEqual(['online']);
    await presence.closed('icu4');
    expect((await presence.all()).map((p) => p.state)).toEqual(['closed']);
  });
});
