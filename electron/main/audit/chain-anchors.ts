import type { SignedAuditHead } from '../../../shared/protocol/audit-heads';
import type { Logger } from '../logging/logger';
import type { AuditProblem } from './audit-problems';
import type { AuditEventInput } from './normalize-event';
import type { AuditWorkerClient } from './worker-client';
import type { BackEndCheck, SigningOutcome } from './writer/worker-protocol';

export type SignedHeadListener = (heads: readonly SignedAuditHead[]) => void;

/**
 * The facade's side of the chain's outside anchors: heads the writer signed
 * go to whoever forwards them to the back end; the back end's heads come
 * back for a check against the database; and the integrity problems that
 * those checks, the key and the verifications find are kept here (by key,
 * so each clears when its own check passes again).
 */
export class ChainAnchors {
  private readonly listeners = new Set<SignedHeadListener>();
  private readonly problemsByKey = new Map<string, AuditProblem>();
  private backEndHeadsValue: SignedAuditHead[] | null = null;

  constructor(
    private readonly deps: {
      client: AuditWorkerClient;
      logger: Logger;
      utcMs: () => number;
      record: (event: AuditEventInput) => void;
      changed: () => void;
      headFile: string | null;
      dbFile: string;
    },
  ) {}

  onSignedHeads(listener: SignedHeadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What a write learned: new signed heads (to the back end) and whether the head file beside the key could be replaced. */
  took(outcome: SigningOutcome | undefined): void {
    if (!outcome) return;
    if (outcome.signedHeads.length > 0) {
      for (const listener of this.listeners) {
        try {
          listener(outcome.signedHeads);
        } catch (error) {
          this.deps.logger.error('audit.head-listener-failed', { reason: (error as Error).message.slice(0, 120) });
        }
      }
    }
    if (outcome.headFileProblem) {
      this.set('head-file', { code: 'key-unusable', path: this.deps.headFile ?? '', what: outcome.headFileProblem, fix: 'give the service account write access to the key folder' });
    } else if (outcome.signedHeads.length > 0) this.clear('head-file');
  }

  /** The heads the back end holds for this station (from the connection, on every reconnect). */
  async checkBackEnd(heads: SignedAuditHead[]): Promise<BackEndCheck> {
    this.backEndHeadsValue = heads;
    const result = await this.deps.client.request<BackEndCheck>({ type: 'check-back-end', heads });
    if (result.ok) {
      this.clear('back-end');
      return result;
    }
    const what = `replaced or truncated: ${result.detail}`;
    if (this.problemsByKey.get('back-end')?.what !== what) {
      this.deps.logger.error('audit.back-end-mismatch', { seq: result.brokenAtSeq, reason: result.reason });
      this.deps.record({ action: 'audit.integrity-failed', details: { check: 'back-end-heads', seq: result.brokenAtSeq, reason: result.reason, detail: result.detail.slice(0, 160) } });
    }
    this.set('back-end', {
      code: 'chain-replaced',
      path: this.deps.dbFile,
      what,
      fix: 'keep the database and the key folder for investigation; compare with the back end\'s heads (docs/security.md, "Audit trail tamper-evidence")',
    });
    return result;
  }

  /** The back end's heads as last received (a full verification compares with them too). */
  get backEndHeads(): SignedAuditHead[] | null {
    return this.backEndHeadsValue;
  }

  set(key: string, problem: Omit<AuditProblem, 'sinceUtcMs'>): void {
    const current = this.problemsByKey.get(key);
    if (current && current.what === problem.what) return;
    this.problemsByKey.set(key, { ...problem, sinceUtcMs: current?.sinceUtcMs ?? this.deps.utcMs() });
    this.deps.changed();
  }

  clear(key: string): void {
    if (this.problemsByKey.delete(key)) this.deps.changed();
  }

  problems(): AuditProblem[] {
    return [...this.problemsByKey.values()];
  }
}
