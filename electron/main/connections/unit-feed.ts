import type { Bed } from '../../../shared/domain/bed';
import type { Numeric } from '../../../shared/domain/numeric';
import type { ScenarioKind, ScenarioRequest } from '../../../shared/domain/scenario';
import type { WaveformSegment } from '../../../shared/waveform/frame';
import type { Station } from '../station/station';

/**
 * What a feed delivered since the previous pull, indexed by the bed's
 * position. Each numerics batch carries `sentAt`, what its sender's clock
 * (the gateway's, the simulator's) read when it sent it: the station judges
 * a value's age as `sentAt − measuredAt`, both on that one clock, and never
 * against its own wall clock (see station/current-numerics.ts).
 */
export interface FeedBatch {
  segments: WaveformSegment[];
  numerics: Array<{ bedIndex: number; numerics: Numeric[]; sentAt: number }>;
}

/**
 * What a feed that also pushes (alarms the moment they arrive, connection
 * state, rejected input) and relays (acknowledgements, escalations) may use
 * of the station it feeds.
 */
export type FeedStationPort = Pick<Station, 'ingestDeviceAlarm' | 'ingestEpisode' | 'reportConnection' | 'rejections' | 'alarms' | 'onEscalation' | 'audit'>;

/**
 * Stops a connected feed. `goodbye`: the station is closing after an
 * approved quit, so the feed tells the back end (the other stations then
 * show it closed, not offline) and resolves once that is said, or given up
 * (see GatewayFeed.close). Without it the feed just disconnects.
 */
export type FeedStop = (how: { goodbye: boolean }) => void | Promise<void>;

/**
 * A source of bed data for one unit: the built-in simulator or the back-end
 * gateway (HL7 listeners push into the station directly). The station pulls
 * on its tick so every source is paced and batched the same way. A feed
 * that needs time takes a Clock of its own.
 */
export interface UnitFeed {
  readonly kind: 'simulator' | 'gateway';
  readonly beds: readonly Bed[];
  pull(): FeedBatch;
  /** Only the simulator can run scenarios; other feeds leave this undefined. */
  triggerScenario?(request: ScenarioRequest): { scenario: ScenarioKind; bedId: string | null; seed: number };
  /**
   * For feeds that connect somewhere: called once the station exists (by
   * createStation); starts the connection. Returns the function that stops
   * it, which Station.dispose calls (closeStation awaits it).
   */
  attach?(station: FeedStationPort): FeedStop;
  /** Facts about the feed for IT's status screen (never patient data). */
  describe?(): Array<{ label: string; value: string }>;
}
