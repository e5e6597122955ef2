import type { AckRecord } from '../shared/protocol/acknowledgement';
import { LEDGER_RETENTION_MS } from './alarm-ledger';

/**
 * Decides which acknowledgement of an alarm episode counts: the first claim
 * to arrive wins, every later claim for the same episode gets that winner.
 *
 * A claim belongs to the recorded episode of its key when
 * - the key is a device alarm's (exact: the device bounds the episode), or
 * - its onset is no later than the winner's acknowledgement (a winner cannot
 *   have acknowledged an alarm that began after it) and within
 *   EPISODE_WINDOW_MS of the winner's onset (each station sees the onset a
 *   little differently: its own limit evaluation, its own clock);
 * otherwise it starts a new episode and wins it.
 *
 * One process: MemoryAckArbiter. Several processes: RedisAckArbiter runs the
 * same rule as one atomic Lua script in Redis, so exactly one claim wins
 * whichever gateway process each station is connected to.
 */
export interface AckArbiter {
  claim(key: string, candidate: AckRecord, exact: boolean, now: number): Promise<AckRecord>;
}

export const EPISODE_WINDOW_MS = 10_000;

export function sameEpisode(winner: AckRecord, candidate: AckRecord, exact: boolean, now: number): boolean {
  if (now - winner.at > LEDGER_RETENTION_MS) return false;
  if (exact) return true;
  return candidate.alarm.onsetAt <= winner.at && Math.abs(candidate.alarm.onsetAt - winner.alarm.onsetAt) <= EPISODE_WINDOW_MS;
}

export function isSameAck(a: AckRecord, b: AckRecord): boolean {
  return a.ackId === b.ackId && a.by.stationId === b.by.stationId;
}

export class MemoryAckArbiter implements AckArbiter {
  private readonly winners = new Map<string, AckRecord>();

  async claim(key: string, candidate: AckRecord, exact: boolean, now: number): Promise<AckRecord> {
    const winner = this.winners.get(key);
    if (winner && (isSameAck(winner, candidate) || sameEpisode(winner, candidate, exact, now))) return winner;
    this.winners.delete(key);
    this.winners.set(key, candidate);
    if (this.winners.size > 10_000) this.winners.delete(this.winners.keys().next().value!);
    return candidate;
  }
}
