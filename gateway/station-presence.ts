import type { StationPresence } from '../shared/protocol/presence';
import type { Clock } from '../electron/main/time/clock';

/** A station that disconnected without a goodbye is announced offline if it is not back within this. */
export const DEFAULT_PEER_OFFLINE_AFTER_MS = 10_000;
/** A station not heard of for this long is forgotten (a decommissioned station does not stay "offline" forever). */
export const PRESENCE_MEMORY_MS = 24 * 3_600_000;

/**
 * Which stations are there, for the other stations (shared/protocol/
 * presence.ts). A station is online while connected; one that leaves after a
 * goodbye is closed at once; one that disappears without one (crash, power,
 * network, its gateway process died) becomes offline once it has been gone
 * for the grace period, so a reconnect after a blip is not an alarm
 * everywhere. One process: MemoryPresence. Several: RedisPresence, where
 * liveness is a key each process keeps refreshing for its own stations, so
 * the stations of a process that died go offline too.
 */
export interface PresenceStore {
  connected(stationId: string, label: string): Promise<void>;
  /** Still connected: called on every sweep for the stations this process serves. */
  alive(stationIds: readonly string[]): Promise<void>;
  /** Said goodbye and left. */
  closed(stationId: string): Promise<void>;
  /** Its last connection here ended without a goodbye. */
  vanished(stationId: string): Promise<void>;
  /** Every known station, as it stands now. */
  all(): Promise<StationPresence[]>;
}

interface Entry {
  presence: StationPresence;
  /** Monotonic deadline of an online station that vanished; null while connected. */
  goneUntil: number | null;
  /** Monotonic time of the last change, for forgetting. */
  changedAt: number;
}

/** In one process: the grace period and the memory are measured on the monotonic clock. */
export class MemoryPresence implements PresenceStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly offlineAfterMs = DEFAULT_PEER_OFFLINE_AFTER_MS,
  ) {}

  async connected(stationId: string, label: string): Promise<void> {
    const known = this.entries.get(stationId);
    const since = known?.presence.state === 'online' ? known.presence.since : this.clock.wall();
    this.entries.set(stationId, { presence: { stationId, label, state: 'online', since }, goneUntil: null, changedAt: this.clock.monotonic() });
  }

  async alive(): Promise<void> {
    // Connections are tracked by the gateway itself in one process: nothing to refresh.
  }

  async closed(stationId: string): Promise<void> {
    const known = this.entries.get(stationId);
    if (!known) return;
    this.entries.set(stationId, { presence: { ...known.presence, state: 'closed', since: this.clock.wall() }, goneUntil: null, changedAt: this.clock.monotonic() });
  }

  async vanished(stationId: string): Promise<void> {
    const known = this.entries.get(stationId);
    if (known?.presence.state === 'online') known.goneUntil = this.clock.monotonic() + this.offlineAfterMs;
  }

  async all(): Promise<StationPresence[]> {
    const now = this.clock.monotonic();
    for (const [id, entry] of this.entries) {
      if (entry.goneUntil !== null && now >= entry.goneUntil) {
        entry.presence = { ...entry.presence, state: 'offline', since: this.clock.wall() };
        entry.goneUntil = null;
        entry.changedAt = now;
      }
      if (entry.presence.state !== 'online' && now - entry.changedAt > PRESENCE_MEMORY_MS) this.entries.delete(id);
    }
    return [...this.entries.values()].map((e) => e.presence);
  }
}
