import type { StationConfig } from '../../../shared/config/station-config';
import type { Bed } from '../../../shared/domain/bed';
import type { BedStatus } from '../../../shared/domain/bed-status';
import type { Numeric, NumericKind } from '../../../shared/domain/numeric';
import type { ScenarioRequest } from '../../../shared/domain/scenario';
import type { UnitSnapshot } from '../../../shared/domain/unit';
import type { EventChannel, EventPayload, InvokeResponse } from '../../../shared/ipc/contract';
import { SEGMENT_FLAG_LEAD_OFF, encodeWaveformFrame } from '../../../shared/waveform/frame';
import { BedFeedWatchdog } from '../connections/bed-feed-watchdog';
import type { UnitFeed } from '../connections/unit-feed';
import { silentLogger, type Logger } from '../logging/logger';

/** Anything that shows the unit: an Electron window, or a browser via the test host. */
export interface StationView {
  event<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  waveformFrame(frame: ArrayBuffer): void;
}

export interface StationOptions {
  config: StationConfig;
  feed: UnitFeed;
  wallMode: boolean;
  now?: () => number;
  /** Waveform batch period; ~40 ms keeps the sweep smooth at 25 messages/s. */
  tickMs?: number;
  logger?: Logger;
}

export class ScenarioUnavailableError extends Error {}

/**
 * Owns the unit's services and is the single API the views talk to. It
 * imports nothing from `electron`, so the same object runs inside the app and
 * inside the Node test host.
 */
export class Station {
  readonly beds: readonly Bed[];
  private readonly watchdog: BedFeedWatchdog;
  private readonly latestNumerics: Map<NumericKind, Numeric>[];
  private readonly views = new Set<StationView>();
  private readonly now: () => number;
  private readonly log: Logger;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: StationOptions) {
    this.beds = options.feed.beds;
    this.now = options.now ?? Date.now;
    this.log = options.logger ?? silentLogger;
    this.watchdog = new BedFeedWatchdog(
      this.beds.map((b) => b.bedId),
      options.config.noDataTimeoutMs,
    );
    this.latestNumerics = this.beds.map(() => new Map());
  }

  start(): void {
    if (this.timer) return;
    const tickMs = this.options.tickMs ?? 40;
    this.timer = setInterval(() => this.tick(this.now()), tickMs);
    this.log.info('station.started', { beds: this.beds.length, feed: this.options.feed.kind, tickMs });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A view receives every event from now on; it should fetch `snapshot()` first. */
  attach(view: StationView): () => void {
    this.views.add(view);
    return () => this.views.delete(view);
  }

  /** One pass: pull the feed, fan out waveforms and numerics, re-check staleness. */
  tick(now: number): void {
    let batch;
    try {
      batch = this.options.feed.pull(now);
    } catch (error) {
      // A broken feed must not stop the watchdog: its beds will go no-data.
      this.log.error('feed.pull-failed', { reason: (error as Error).message });
      batch = { segments: [], numerics: [] };
    }

    for (const segment of batch.segments) {
      this.watchdog.recordData(segment.bedIndex, now);
      if (segment.channel === 'ecg') this.watchdog.recordLeadOff(segment.bedIndex, (segment.flags & SEGMENT_FLAG_LEAD_OFF) !== 0);
    }
    const numericsUpdate: EventPayload<'unit:numerics'>['beds'] = [];
    for (const { bedIndex, numerics } of batch.numerics) {
      const bed = this.beds[bedIndex];
      const latest = this.latestNumerics[bedIndex];
      if (!bed || !latest) continue;
      this.watchdog.recordData(bedIndex, now);
      for (const n of numerics) latest.set(n.kind, n);
      numericsUpdate.push({ bedId: bed.bedId, numerics });
    }

    // Status first: a view must learn a bed is silent before anything else about it.
    const changed = this.watchdog.evaluate(now);
    if (changed.length) this.onStatusChange(changed);
    if (batch.segments.length) this.broadcastWaveform(encodeWaveformFrame(batch.segments));
    if (numericsUpdate.length) this.broadcast('unit:numerics', { sentAt: now, beds: numericsUpdate });
  }

  snapshot(): UnitSnapshot {
    const statuses = this.watchdog.statuses();
    const numerics: Record<string, Numeric[]> = {};
    this.beds.forEach((bed, i) => {
      // Never hand out numbers for a bed we cannot prove is live.
      numerics[bed.bedId] = statuses[i]?.feed === 'live' ? [...(this.latestNumerics[i]?.values() ?? [])] : [];
    });
    return {
      stationId: this.options.config.stationId,
      unitName: this.options.config.unitName,
      feedKind: this.options.feed.kind,
      beds: [...this.beds],
      statuses,
      numerics,
      alarms: { alarms: [], auditory: null, audioPausedUntil: null, sentAt: this.now() },
      noDataTimeoutMs: this.options.config.noDataTimeoutMs,
      wallMode: this.options.wallMode,
      scenariosEnabled: this.scenariosEnabled(),
      generatedAt: this.now(),
    };
  }

  scenariosEnabled(): boolean {
    return !this.options.wallMode && this.options.config.scenarioControls && this.options.feed.triggerScenario !== undefined;
  }

  triggerScenario(request: ScenarioRequest): InvokeResponse<'scenario:trigger'> {
    const feed = this.options.feed;
    if (!this.scenariosEnabled() || !feed.triggerScenario) throw new ScenarioUnavailableError('scenario controls are not enabled on this station');
    const result = feed.triggerScenario(request, this.now());
    this.log.info('scenario.triggered', { scenario: result.scenario, bedId: result.bedId, seed: result.seed });
    return result;
  }

  private onStatusChange(changed: BedStatus[]): void {
    for (const status of changed) {
      if (status.feed !== 'live') {
        const index = this.beds.findIndex((b) => b.bedId === status.bedId);
        this.latestNumerics[index]?.clear();
      }
      this.log.info('bed.feed-state', { bedId: status.bedId, feed: status.feed, ecgLeadOff: status.ecgLeadOff });
    }
    this.broadcast('unit:bed-status', { statuses: changed });
  }

  private broadcast<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    for (const view of this.views) {
      try {
        view.event(channel, payload);
      } catch (error) {
        this.log.warn('view.event-failed', { channel, reason: (error as Error).message });
      }
    }
  }

  private broadcastWaveform(frame: ArrayBuffer): void {
    for (const view of this.views) {
      try {
        view.waveformFrame(frame);
      } catch (error) {
        this.log.warn('view.waveform-failed', { reason: (error as Error).message });
      }
    }
  }
}
