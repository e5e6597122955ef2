import type { ConnectionDescription } from '../../../shared/domain/station-status';
import type { Connection, ConnectionStop } from './connection';
import type { FeedStationPort, FeedStop, UnitFeed } from './unit-feed';

/**
 * A feed that connects somewhere (the back-end gateway) in the one
 * connection shape. The feed keeps its own `attach(station)` (it needs the
 * station's alarm engine and audit trail to relay acknowledgements and
 * escalations, raise history gaps and peer stations' presence, and keep its
 * journal position); this adapter is what the station starts, stops and
 * lists. Whether it is down is what the feed itself reported
 * (reportConnection), so the status screen and COMMS_LOST can never
 * disagree.
 *
 * A feed is attached once: stopping it is final (the gateway feed keeps its
 * journal position for the next run, not for a restart in this one), so
 * start() after stop() does nothing.
 */
export class FeedConnection implements Connection {
  readonly name: string;
  private state: 'new' | 'attached' | 'stopped' = 'new';
  private feedStop: FeedStop | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly feed: UnitFeed & Required<Pick<UnitFeed, 'attach'>>,
    private readonly station: FeedStationPort,
    private readonly downReason: (name: string) => string | null,
  ) {
    this.name = feed.kind;
  }

  start(): Promise<void> {
    if (this.state === 'new') {
      this.feedStop = this.feed.attach(this.station);
      this.state = 'attached';
    }
    return Promise.resolve();
  }

  /** With `goodbye`, resolves once the back end has heard it (or given up on it: GatewayFeed.close). */
  stop(how: ConnectionStop = { goodbye: false }): Promise<void> {
    if (this.stopping) return this.stopping;
    const feedStop = this.feedStop;
    this.feedStop = null;
    this.state = 'stopped';
    this.stopping = Promise.resolve(feedStop?.(how)).then(() => undefined);
    return this.stopping;
  }

  describe(): ConnectionDescription {
    const reason = this.downReason(this.name);
    return {
      name: this.name,
      kind: 'gateway',
      state: this.state !== 'attached' ? 'stopped' : reason !== null ? 'down' : 'up',
      reason: this.state === 'attached' ? (reason ?? '') : '',
      facts: this.feed.describe?.() ?? [],
      warnings: [],
    };
  }
}
