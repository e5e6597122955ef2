import type { ConnectionDescription } from '../../../shared/domain/station-status';
import type { Connection } from './connection';
import type { FeedStationPort, UnitFeed } from './unit-feed';

/**
 * A feed that connects somewhere (the back-end gateway) in the one
 * connection shape. The feed keeps its own `attach(station)` (it needs the
 * station's alarm engine and audit trail to relay acknowledgements and
 * escalations); this adapter is what the station starts, stops and lists.
 * Whether it is down is what the feed itself reported (reportConnection),
 * so the status screen and COMMS_LOST can never disagree.
 */
export class FeedConnection implements Connection {
  readonly name: string;
  private detach: (() => void) | null = null;

  constructor(
    private readonly feed: UnitFeed & Required<Pick<UnitFeed, 'attach'>>,
    private readonly station: FeedStationPort,
    private readonly downReason: (name: string) => string | null,
  ) {
    this.name = feed.kind;
  }

  start(): Promise<void> {
    this.detach ??= this.feed.attach(this.station);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    const detach = this.detach;
    this.detach = null;
    detach?.();
    return Promise.resolve();
  }

  describe(): ConnectionDescription {
    const reason = this.downReason(this.name);
    return {
      name: this.name,
      kind: 'gateway',
      state: this.detach === null ? 'stopped' : reason !== null ? 'down' : 'up',
      reason: reason ?? '',
      facts: this.feed.describe?.() ?? [],
      warnings: [],
    };
  }
}
