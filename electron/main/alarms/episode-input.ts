import type { DeviceEpisode } from '../../../shared/protocol/episode';

/**
 * A device alarm episode as the back end journaled it (shared/protocol/
 * episode.ts), handed to AlarmEngine.episode(): delivered live, or on a
 * resync long after its onset, maybe already ended. Onset and end are the
 * SOURCE's wall times: shown and audited, never used to measure anything here.
 *
 * `delivered` says how it reached this station, for the audit trail: `live`
 * as it happened, `resync` from the snapshot or the journal after a gap.
 */
export type EpisodeInput = DeviceEpisode & { delivered: 'live' | 'resync' };

/** How an ended episode's end reached this station: the source's time, or unknown (it ended while nobody could tell us when). */
export interface SourceEnd {
  at: number | null;
}

/** Episodes whose alarm has left this station (ended, superseded, reset) that a late or repeated delivery must not bring back. */
export const FINISHED_EPISODE_MEMORY = 10_000;

/** Bounded, oldest out first. */
export class FinishedEpisodes {
  private readonly ids = new Set<string>();

  constructor(private readonly max = FINISHED_EPISODE_MEMORY) {}

  add(episodeId: string): void {
    this.ids.delete(episodeId);
    this.ids.add(episodeId);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
  }

  has(episodeId: string): boolean {
    return this.ids.has(episodeId);
  }
}
