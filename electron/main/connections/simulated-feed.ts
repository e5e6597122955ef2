import { UnitSimulator } from '../simulator/unit-simulator';
import type { FeedBatch, UnitFeed } from './unit-feed';
import type { ScenarioRequest } from '../../../shared/domain/scenario';

/** The built-in simulated unit, presented as an ordinary feed. */
export function createSimulatedFeed(options: { beds: number; seed: number; startAt: number }): UnitFeed {
  const simulator = new UnitSimulator(options);
  return {
    kind: 'simulator',
    beds: simulator.beds,
    pull: (now: number): FeedBatch => simulator.advanceTo(now),
    triggerScenario: (request: ScenarioRequest, now: number) => simulator.trigger(request, now),
  };
}
