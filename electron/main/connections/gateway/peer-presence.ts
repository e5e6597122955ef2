import type { StationPresence } from '../../../../shared/protocol/presence';
import type { AlarmEngine } from '../../alarms/alarm-engine';
import type { Logger } from '../../logging/logger';

/**
 * Other stations of the unit, as the gateway reports them (shared/protocol/
 * presence.ts): a station that went dark (PEER_STATION_OFFLINE, MEDIUM: its
 * beds may have nobody watching) or was closed on purpose
 * (PEER_STATION_CLOSED, LOW: everyone should know, nobody needs to run), one
 * alarm per station, cleared when it is back online. This station's own
 * entry is ignored.
 */
export class PeerPresence {
  private readonly known = new Map<string, StationPresence>();

  constructor(
    private readonly stationId: string,
    private readonly alarms: Pick<AlarmEngine, 'raiseTechnical' | 'clearTechnical'>,
    private readonly log: Logger,
  ) {}

  /** One change, live. */
  update(presence: StationPresence): void {
    if (presence.stationId === this.stationId) return;
    const before = this.known.get(presence.stationId)?.state;
    this.known.set(presence.stationId, presence);
    if (before === presence.state) return;
    const subject = presence.stationId;
    if (presence.state !== 'offline') this.alarms.clearTechnical('PEER_STATION_OFFLINE', null, subject);
    if (presence.state !== 'closed') this.alarms.clearTechnical('PEER_STATION_CLOSED', null, subject);
    const details = { station: presence.stationId, since: presence.since };
    if (presence.state === 'offline') {
      this.alarms.raiseTechnical('PEER_STATION_OFFLINE', { bedId: null, subject, message: `${presence.label} offline`.slice(0, 120), details });
    } else if (presence.state === 'closed') {
      this.alarms.raiseTechnical('PEER_STATION_CLOSED', { bedId: null, subject, message: `${presence.label} closed`.slice(0, 120), details });
    }
    this.log[presence.state === 'offline' ? 'warn' : 'info']('gateway.peer-presence', { station: presence.stationId, state: presence.state });
  }

  /** For the admin status screen: how many other stations are in each state, and which are not online. */
  describe(): string {
    const others = [...this.known.values()];
    if (others.length === 0) return 'none known';
    const online = others.filter((p) => p.state === 'online').length;
    const away = (state: 'offline' | 'closed') => {
      const names = others.filter((p) => p.state === state).map((p) => p.label);
      return names.length === 0 ? null : `${names.length} ${state} (${names.join(', ')})`;
    };
    return [`${online} online`, away('offline'), away('closed')].filter((part) => part !== null).join(', ');
  }

  /** A snapshot's list replaces what was known: stations no longer listed are forgotten (and their alarms cleared). */
  replace(list: readonly StationPresence[]): void {
    const listed = new Set(list.map((p) => p.stationId));
    for (const [id, presence] of [...this.known]) {
      if (listed.has(id)) continue;
      this.update({ ...presence, state: 'online' });
      this.known.delete(id);
    }
    for (const presence of list) this.update(presence);
  }
}
