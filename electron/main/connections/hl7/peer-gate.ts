import { BlockList } from 'node:net';
import { parsePeerPattern } from '../../../../shared/hl7/peer-address';
import { normalizeAddress } from './hl7-counters';

/**
 * Who may open a connection, checked on the raw TCP connection before any
 * TLS handshake or MLLP byte is read: the allow-list of addresses and CIDR
 * blocks, the total number of connections, and the number per peer (so one
 * sender cannot take every slot). Every refusal has a reason the listener
 * counts and shows.
 */
export type GateRefusal = 'peer-not-allowed' | 'too-many-connections' | 'too-many-from-peer';

export interface PeerGateOptions {
  /** null: anyone who can reach the port (only allowed on loopback; see the config schema). */
  allowedPeers: readonly string[] | null;
  maxConnections: number;
  maxConnectionsPerPeer: number;
}

export class PeerGate {
  private readonly allowList: BlockList | null;
  private readonly open = new Map<string, number>();
  private total = 0;

  constructor(private readonly options: PeerGateOptions) {
    if (options.allowedPeers === null) {
      this.allowList = null;
      return;
    }
    this.allowList = new BlockList();
    for (const text of options.allowedPeers) {
      const pattern = parsePeerPattern(text);
      if (pattern === null) throw new Error(`invalid allowed peer ${text}`);
      this.allowList.addSubnet(pattern.address, pattern.prefix, pattern.family);
    }
  }

  isAllowed(address: string | undefined): boolean {
    if (this.allowList === null) return true;
    if (address === undefined) return false;
    const peer = normalizeAddress(address);
    return this.allowList.check(peer, peer.includes(':') ? 'ipv6' : 'ipv4');
  }

  /** Admits a connection (then release() it when it closes) or says why not. */
  admit(address: string | undefined): { ok: true; peer: string } | { ok: false; reason: GateRefusal; peer: string } {
    const peer = normalizeAddress(address);
    if (!this.isAllowed(address)) return { ok: false, reason: 'peer-not-allowed', peer };
    if (this.total >= this.options.maxConnections) return { ok: false, reason: 'too-many-connections', peer };
    const fromPeer = this.open.get(peer) ?? 0;
    if (fromPeer >= Math.min(this.options.maxConnectionsPerPeer, this.options.maxConnections)) return { ok: false, reason: 'too-many-from-peer', peer };
    this.open.set(peer, fromPeer + 1);
    this.total++;
    return { ok: true, peer };
  }

  release(peer: string): void {
    const n = this.open.get(peer) ?? 0;
    if (n <= 1) this.open.delete(peer);
    else this.open.set(peer, n - 1);
    this.total = Math.max(0, this.total - 1);
  }
}
