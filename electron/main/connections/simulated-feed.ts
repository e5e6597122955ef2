import { UnitSimulator } from '../simulator/unit-simulator';
import { systemClock, type Clock } from '../time/clock';
import type { FeedBatch, UnitFeed } from './unit-feed';
import type { ScenarioRequest } from '../../../shared/domain/scenario';

/**
 * The built-in simulated unit, presented as an ordinary feed. The simulator
 * is its own sender with its own clock: it starts at the wall-clock time of
 * start-up and then runs on the monotonic clock, so setting the system
 * clock neither freezes it (back) nor makes it generate an hour of data in
 * one tick (forward). Its timestamps are its own, like a device's.
 */
export function createSimulatedFeed(options: { beds: number; seed: number; clock?: Clock }): UnitFeed {
  const clock = options.clock ?? systemClock;
  const startMono = clock.monotonic();
  const startAt = clock.wall();
  const simulator = new UnitSimulator({ beds: options.beds, seed: options.seed, startAt });
  const simulatorNow = (): number => startAt + (clock.monotonic() - startMono);
  return {
    kind: 'simulator',
    beds: simulator.beds,
    pull: (): FeedBatch => {
      const sentAt = simulatorNow();
      const tick = simulator.advanceTo(sentAt);
      return { segments: tick.segments, numerics: tick.numerics.map((n) => ({ ...n, sentAt })) };
    },
    triggerScenario: (request: ScenarioRequest) => simulator.trigger(request, simulatorNow()),
  };
}
