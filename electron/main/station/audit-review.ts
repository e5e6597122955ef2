import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALARM_HISTORY_ACTIONS } from '../../../shared/audit/audit-actions';
import type { AuditExportResult, AuditPage, AuditReviewFilter, AuditReviewRow, AuditStatus } from '../../../shared/audit/audit-review';
import type { Operator } from '../auth/operator';
import type { AuditRow } from '../audit/audit-row';
import { manifestPathFor } from '../audit/export-format';
import type { Verification } from '../audit/writer/full-verification';
import type { StationAuditTrail } from './station-audit';
import type { BedSpan } from '../census/encounter-record';
import { patientAlarmHistory } from '../census/patient-history';

export interface AuditReviewDeps {
  audit: StationAuditTrail;
  /** Where exports are written (the station's data folder). */
  exportDir: string;
  clock: () => number;
}

/**
 * Reading the audit trail back: the viewer (charge nurse, admin), a bed's
 * alarm history, verification and export. Every call takes an Operator, so
 * the view's session was authorised for review first; exports and
 * verifications are themselves audited by the store, under that person.
 */
export class AuditReview {
  constructor(private readonly deps: AuditReviewDeps) {}

  async page(request: { filter: AuditReviewFilter; afterSeq?: number; limit: number }, _by: Operator): Promise<AuditPage> {
    const { audit } = this.deps;
    const [page, total] = await Promise.all([
      audit.query({ ...request.filter, afterSeq: request.afterSeq, limit: request.limit }),
      request.afterSeq === undefined ? audit.count(request.filter) : Promise.resolve(null),
    ]);
    return { rows: page.rows.map(reviewRow), nextAfterSeq: page.nextAfterSeq, total };
  }

  /** The life of every alarm on one bed, newest first. */
  async bedHistory(request: { bedId: string; fromUtc?: number; toUtc?: number; afterSeq?: number; limit: number }, _by: Operator): Promise<AuditPage> {
    const page = await this.deps.audit.query({
      bedId: request.bedId,
      actions: ALARM_HISTORY_ACTIONS,
      fromUtc: request.fromUtc,
      toUtc: request.toUtc,
      afterSeq: request.afterSeq,
      limit: request.limit,
    });
    return { rows: page.rows.map(reviewRow), nextAfterSeq: page.nextAfterSeq, total: null };
  }

  /** A patient's alarm history across the beds they were in (census/patient-history.ts). */
  async patientHistory(spans: readonly BedSpan[], request: { fromUtc?: number; toUtc?: number; afterSeq?: number; limit: number }, _by: Operator): Promise<AuditPage> {
    const page = await patientAlarmHistory(this.deps.audit, spans, request);
    return { rows: page.rows.map(reviewRow), nextAfterSeq: page.nextAfterSeq, total: null, ...(page.incomplete ? { incomplete: true } : {}) };
  }

  status(): AuditStatus {
    const { audit } = this.deps;
    const chain = audit.chainStatus();
    return {
      verifiedUpToSeq: chain.verifiedUpToSeq,
      headSeq: chain.headSeq,
      health: audit.health.state,
      durability: audit.durability,
      problems: audit.problems().slice(0, 32).map((p) => ({ code: p.code, sinceUtcMs: p.sinceUtcMs, path: p.path.slice(0, 1024), what: p.what.slice(0, 400), fix: p.fix.slice(0, 400) })),
      verification: audit.verificationStatus(),
    };
  }

  /** The whole chain, every signed head and the back end's heads (the progress is in status()). */
  async verify(by: Operator): Promise<Verification> {
    return this.deps.audit.verify({ full: true, actor: actorOf(by) });
  }

  async export(request: { filter: AuditReviewFilter; format: 'csv' | 'json' }, by: Operator): Promise<AuditExportResult> {
    mkdirSync(this.deps.exportDir, { recursive: true });
    const stamp = new Date(this.deps.clock()).toISOString().replace(/[:.]/g, '-');
    const file = join(this.deps.exportDir, `audit-${stamp}.${request.format}`);
    const manifest = await this.deps.audit.export({ filter: request.filter, format: request.format, outFile: file, actor: actorOf(by) });
    return {
      file,
      manifestFile: manifestPathFor(file),
      rowCount: manifest.rowCount,
      firstSeq: manifest.firstSeq,
      lastSeq: manifest.lastSeq,
      firstHash: manifest.firstHash,
      lastHash: manifest.lastHash,
      fileSha256: manifest.fileSha256,
    };
  }
}

function actorOf(by: Operator): { userId: string; role: string } {
  return { userId: by.userId, role: by.role };
}

function reviewRow(row: AuditRow): AuditReviewRow {
  return {
    seq: row.seq,
    utcMs: row.utcMs,
    stationId: row.stationId,
    userId: row.userId,
    role: row.role,
    action: row.action,
    bedId: row.bedId,
    alarmId: row.alarmId,
    details: row.details,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
