import type { FeedBatch, UnitFeed } from '../../../electron/main/connections/unit-feed';
import type { ScenarioRequest } from '../../../shared/domain/scenario';

/** A scripted feed for station tests: each pull returns whatever the test queued. */
export class FakeFeed implements UnitFeed {
  readonly kind = 'simulator' as const;
  readonly beds;
  next: FeedBatch = { segments: [], numerics: [] };
  triggered: ScenarioRequest[] = [];
  failNextPull = false;

  /** `count` beds named bed-1…, or the given beds. */
  constructor(count: number | ReadonlyArray<{ bedId: string; label: string }>) {
    this.beds = typeof count === 'number'
      ? Array.from({ length: count }, (_, i) => ({ bedId: `bed-${i + 1}`, label: `Bed ${i + 1}`, patient: null }))
      : count.map((b) => ({ bedId: b.bedId, label: b.label, patient: null }));
  }

  pull(): FeedBatch {
    if (this.failNextPull) {
      this.failNextPull = false;
      throw new Error('device gone');
    }
    const batch = this.next;
    this.next = { segments: [], numerics: [] };
    return batch;
  }

  triggerScenario(request: ScenarioRequest) {
    this.triggered.push(request);
    return { scenario: request.scenario, bedId: request.bedId ?? null, seed: request.seed ?? 7 };
  }
}
