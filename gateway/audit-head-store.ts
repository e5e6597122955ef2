import type { SignedAuditHead } from '../shared/protocol/audit-heads';

/**
 * What the back end keeps of each station's signed audit-chain heads
 * (shared/protocol/audit-heads.ts), so the station's trail has an anchor
 * that someone holding the station's disk and key cannot reach.
 *
 * The rules, the same in memory and on Redis:
 * - a head is never overwritten nor deleted: a second head for the same
 *   station, chain and seq with another hash is a `conflict` (the station
 *   is told which one the back end holds, and its check reports the rewrite);
 * - per chain, the newest `keepPerChain` heads are kept, and the first head
 *   of every UTC day is kept for good (write-once), so that even a flood of
 *   new heads cannot push out the evidence of what the chain was before;
 * - a station's public key is recorded the first time it is seen (a new key
 *   is recorded too, and the station's check decides what a new chain means).
 */
export type HeadPutResult = { outcome: 'stored' } | { outcome: 'duplicate' } | { outcome: 'conflict'; held: SignedAuditHead };

export interface AuditHeadStore {
  /** The head's signature and station were checked by the caller (audit-head-handlers.ts). */
  put(publicKey: string, head: SignedAuditHead): Promise<HeadPutResult>;
  /** For one station: the newest heads of its two most recent chains, and the daily anchors; newest first. */
  list(stationId: string): Promise<{ heads: SignedAuditHead[]; keys: Array<{ keyId: string; publicKey: string }> }>;
}

export const KEEP_PER_CHAIN = 10_000;
/** Newest heads per chain in an answer, and daily anchors; within the protocol's 500-head bound. */
export const LIST_NEWEST = 200;
export const LIST_DAILY = 50;

export function utcDay(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

interface ChainHeads {
  bySeq: Map<number, SignedAuditHead>;
  daily: Map<string, SignedAuditHead>;
  lastSeenUtc: number;
}

/** The reference gateway's store without Redis (one process; gone when it stops). */
export class MemoryAuditHeadStore implements AuditHeadStore {
  private readonly stations = new Map<string, { keys: Map<string, string>; chains: Map<string, ChainHeads> }>();

  async put(publicKey: string, head: SignedAuditHead): Promise<HeadPutResult> {
    let station = this.stations.get(head.stationId);
    if (!station) this.stations.set(head.stationId, (station = { keys: new Map(), chains: new Map() }));
    if (!station.keys.has(head.keyId)) station.keys.set(head.keyId, publicKey);
    let chain = station.chains.get(head.chainId);
    if (!chain) station.chains.set(head.chainId, (chain = { bySeq: new Map(), daily: new Map(), lastSeenUtc: 0 }));
    const held = chain.bySeq.get(head.seq);
    if (held) return held.hash === head.hash ? { outcome: 'duplicate' } : { outcome: 'conflict', held };
    chain.bySeq.set(head.seq, head);
    chain.lastSeenUtc = Math.max(chain.lastSeenUtc, head.utcMs);
    if (!chain.daily.has(utcDay(head.utcMs))) chain.daily.set(utcDay(head.utcMs), head);
    if (chain.bySeq.size > KEEP_PER_CHAIN) {
      const oldest = Math.min(...chain.bySeq.keys());
      chain.bySeq.delete(oldest);
    }
    return { outcome: 'stored' };
  }

  async list(stationId: string) {
    const station = this.stations.get(stationId);
    if (!station) return { heads: [], keys: [] };
    const chains = [...station.chains.values()].sort((a, b) => b.lastSeenUtc - a.lastSeenUtc).slice(0, 2);
    const heads = new Map<string, SignedAuditHead>();
    for (const chain of chains) {
      const newest = [...chain.bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, LIST_NEWEST);
      const daily = [...chain.daily.values()].sort((a, b) => b.seq - a.seq).slice(0, LIST_DAILY);
      for (const head of [...newest, ...daily]) heads.set(`${head.chainId}:${head.seq}`, head);
    }
    return {
      heads: [...heads.values()].sort((a, b) => b.utcMs - a.utcMs || b.seq - a.seq),
      keys: [...station.keys].map(([keyId, key]) => ({ keyId, publicKey: key })),
    };
  }
}
