import type { ConnectionDescription } from '../../../shared/domain/station-status';
import type { Connection, ConnectionStop } from '../connections/connection';

/**
 * The station's connections (back end, HL7 devices, ADT feed), all of one
 * shape: started together once the station can take what they push,
 * stopped together on close, listed together on the status screen.
 */
export class StationConnections {
  private readonly list: Connection[] = [];
  private started = false;

  add(connection: Connection): void {
    if (this.list.some((c) => c.name === connection.name)) throw new Error(`a connection named ${connection.name} is already registered`);
    this.list.push(connection);
    if (this.started) void connection.start();
  }

  /** In order; each start() reports its own failure (down, COMMS_LOST) rather than throwing. */
  async startAll(): Promise<void> {
    this.started = true;
    for (const c of this.list) await c.start();
  }

  /** All at once; resolves when every one has stopped (the back end's goodbye included, see Connection.stop). */
  async stopAll(how: ConnectionStop = { goodbye: false }): Promise<void> {
    this.started = false;
    await Promise.all(this.list.map((c) => c.stop(how).catch(() => undefined)));
  }

  get(name: string): Connection | undefined {
    return this.list.find((c) => c.name === name);
  }

  describe(): ConnectionDescription[] {
    return this.list.map((c) => c.describe());
  }
}
