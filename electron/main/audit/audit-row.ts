import type { AuditAction } from './audit-actions';

/** An event after validation, stamped at call time, on its way to the writer. */
export interface PendingAuditEvent {
  utcMs: number;
  monoMs: number;
  /** 'system' for actions the station takes itself. */
  userId: string;
  role: string;
  action: AuditAction;
  bedId: string | null;
  alarmId: string | null;
  /** Canonical JSON text exactly as hashed; JSON.parse it to read. */
  details: string;
}

/** One committed row of the audit chain (camelCase view of the audit_log columns): the event, placed and linked. */
export interface AuditRow extends PendingAuditEvent {
  seq: number;
  stationId: string;
  prevHash: string;
  hash: string;
}

export const AUDIT_COLUMNS = 'seq, utc_ms, mono_ms, station_id, user_id, role, action, bed_id, alarm_id, details, prev_hash, hash';

export interface AuditRowRecord {
  seq: number;
  utc_ms: number;
  mono_ms: number;
  station_id: string;
  user_id: string;
  role: string;
  action: string;
  bed_id: string | null;
  alarm_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export function rowFromRecord(r: AuditRowRecord): AuditRow {
  return {
    seq: r.seq,
    utcMs: r.utc_ms,
    monoMs: r.mono_ms,
    stationId: r.station_id,
    userId: r.user_id,
    role: r.role,
    action: r.action as AuditAction,
    bedId: r.bed_id,
    alarmId: r.alarm_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
