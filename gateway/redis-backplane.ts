import { createAdapter } from '@socket.io/redis-adapter';
import type { JournalLimits } from './journal-store';
import { RedisAuditHeadStore } from './redis-audit-head-store';
import { newRedisClient, type RedisClient } from './redis-client';
import { RedisJournal } from './redis-journal';
import { RedisPresence } from './redis-presence';

/**
 * Scaling past one process with existing parts only: @socket.io/redis-adapter
 * (pub/sub between the processes' socket.io servers, which carries the live
 * relay of journal entries), and Redis itself for what must be one for all
 * processes: the episode journal with its acknowledgement decisions
 * (redis-journal.ts), station presence (redis-presence.ts) and the
 * stations' signed audit heads (redis-audit-head-store.ts).
 */
export class RedisBackplane {
  readonly journal: RedisJournal;
  readonly presence: RedisPresence;
  readonly auditHeads: RedisAuditHeadStore;

  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly prefix: string,
    options: { journal?: Partial<JournalLimits>; offlineAfterMs?: number },
  ) {
    this.journal = new RedisJournal(pub, prefix, options.journal);
    this.presence = new RedisPresence(pub, prefix, options.offlineAfterMs);
    this.auditHeads = new RedisAuditHeadStore(pub, prefix);
  }

  static async connect(url: string, prefix = 'vigil:gateway:', options: { journal?: Partial<JournalLimits>; offlineAfterMs?: number } = {}): Promise<RedisBackplane> {
    const pub = newRedisClient(url);
    const sub = pub.duplicate();
    // Errors surface as rejected commands; an unhandled 'error' event would kill the process.
    pub.on('error', () => undefined);
    sub.on('error', () => undefined);
    await Promise.all([pub.connect(), sub.connect()]);
    return new RedisBackplane(pub, sub, prefix, options);
  }

  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.pub, this.sub, { key: `${this.prefix}socket.io` });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.close(), this.sub.close()]);
  }
}
