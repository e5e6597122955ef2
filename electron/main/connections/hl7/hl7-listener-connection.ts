import type { ConnectionDescription } from '../../../../shared/domain/station-status';
import type { Logger } from '../../logging/logger';
import type { Connection, ConnectionReporter } from '../connection';
import type { Hl7Listener } from './hl7-listener';

export interface Hl7ListenerConnectionOptions {
  name: string;
  kind: 'hl7-devices' | 'adt';
  listener: Hl7Listener;
  reporter: ConnectionReporter;
  logger: Logger;
  /** Facts of its own for the status screen (what the ADT intake did, …). */
  facts?: () => Array<{ label: string; value: string }>;
}

/**
 * An MLLP listener (device feed or ADT feed) in the one connection shape.
 * A port it cannot open is a lost connection (COMMS_LOST, audited), not an
 * error that stops the station: the senders configured to send here are not
 * being heard, and the wall must say so.
 */
export class Hl7ListenerConnection implements Connection {
  readonly name: string;
  private state: ConnectionDescription['state'] = 'stopped';
  private reason = '';
  private bound: string | null = null;

  constructor(private readonly options: Hl7ListenerConnectionOptions) {
    this.name = options.name;
  }

  get listener(): Hl7Listener {
    return this.options.listener;
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    const { config } = this.options.listener;
    try {
      const { host, port } = await this.options.listener.start();
      this.bound = `${host}:${port}`;
      this.state = 'up';
      this.options.logger.info('hl7.intake-started', { connection: this.name, host, port });
    } catch (error) {
      this.state = 'down';
      this.reason = `cannot listen on ${config.host}:${config.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      this.options.reporter.reportConnection(this.name, false, this.reason);
    }
  }

  async stop(): Promise<void> {
    await this.options.listener.stop().catch(() => undefined);
    this.state = 'stopped';
  }

  /** The bound port (0 in the config picks a free one). */
  get port(): number | null {
    return this.bound === null ? null : Number(this.bound.split(':').pop());
  }

  /**
   * The listener's own account (where it listens, how it is secured, what it
   * refuses, throttled senders as warnings: Hl7Listener.describe) plus what
   * this connection adds (the ADT intake's tally).
   */
  describe(): ConnectionDescription {
    const own = this.options.listener.describe();
    return {
      name: this.name,
      kind: this.options.kind,
      state: this.state,
      reason: this.state === 'down' ? this.reason : '',
      facts: [...own.facts, ...(this.options.facts?.() ?? [])],
      warnings: own.warnings,
    };
  }
}
