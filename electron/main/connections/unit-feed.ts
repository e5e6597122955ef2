import type { Bed } from '../../../shared/domain/bed';
import type { Numeric } from '../../../shared/domain/numeric';
import type { ScenarioKind, ScenarioRequest } from '../../../shared/domain/scenario';
import type { WaveformSegment } from '../../../shared/waveform/frame';

/** What a feed delivered since the previous pull, indexed by the bed's position. */
export interface FeedBatch {
  segments: WaveformSegment[];
  numerics: Array<{ bedIndex: number; numerics: Numeric[] }>;
}

/**
 * A source of bed data for one unit: the built-in simulator today, the
 * back-end gateway and HL7 listeners later. The station pulls on its tick so
 * every source is paced and batched the same way.
 */
export interface UnitFeed {
  readonly kind: 'simulator' | 'gateway';
  readonly beds: readonly Bed[];
  pull(now: number): FeedBatch;
  /** Only the simulator can run scenarios; other feeds leave this undefined. */
  triggerScenario?(request: ScenarioRequest, now: number): { scenario: ScenarioKind; bedId: string | null; seed: number };
}
