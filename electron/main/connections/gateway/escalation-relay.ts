import type { EscalationRecord, EscalationReport } from '../../../../shared/protocol/escalation';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/version';
import type { AlarmEngine, EscalationEvent } from '../../alarms/alarm-engine';
import type { Logger } from '../../logging/logger';
import { identityOf } from './alarm-identity';

export interface EscalationRelayDeps {
  stationId: string;
  alarms: Pick<AlarmEngine, 'list' | 'episodeIdOf'>;
  log: Logger;
  /** False when the link is down; the report then waits for the next connection. */
  send(report: EscalationReport): boolean;
  /** Told about every escalation relayed from another station (status, tests). */
  relayed?(record: EscalationRecord): void;
}

const MAX_QUEUED = 256;
const MAX_REMOTE = 4096;

/**
 * Escalation steps go to the back end (its route to pagers) and come back
 * from it: each station escalates its own alarms by its own timers, and the
 * relay lets every station know the highest level an episode reached
 * anywhere, per episode (kept in `levels()`; the alarm engine keeps deciding
 * its own alarms' levels). Unit-wide and station-technical alarms are not relayed.
 */
export class EscalationRelay {
  private readonly queued: EscalationReport[] = [];
  private readonly remote = new Map<string, EscalationRecord>();

  constructor(private readonly deps: EscalationRelayDeps) {}

  /** The station's escalation listener. */
  local(event: EscalationEvent): void {
    const alarm = this.deps.alarms.list().find((a) => a.alarmId === event.alarmId);
    const identity = alarm ? identityOf(alarm, this.deps.alarms.episodeIdOf(alarm.alarmId)) : null;
    if (!identity) return;
    const report: EscalationReport = { v: PROTOCOL_VERSION, alarm: identity, level: event.level, stationId: this.deps.stationId, at: Math.max(0, Math.floor(event.at)) };
    if (this.deps.send(report)) return;
    this.queued.push(report);
    if (this.queued.length > MAX_QUEUED) this.queued.shift();
  }

  /** Connected and resynced: report the steps taken while offline. */
  flush(): void {
    while (this.queued.length > 0) {
      if (!this.deps.send(this.queued[0]!)) return;
      this.queued.shift();
    }
  }

  remoteEscalation(record: EscalationRecord): void {
    const key = record.alarm.episodeId;
    const known = this.remote.get(key);
    if (known && known.level >= record.level) return;
    this.remote.delete(key);
    this.remote.set(key, record);
    if (this.remote.size > MAX_REMOTE) this.remote.delete(this.remote.keys().next().value!);
    this.deps.log.info('gateway.escalation-relayed', { bedId: record.alarm.bedId, code: record.alarm.code, level: record.level, station: record.stationId });
    this.deps.relayed?.(record);
  }

  /** A snapshot's ledger replaces what was known. */
  replace(records: readonly EscalationRecord[]): void {
    this.remote.clear();
    for (const r of records) this.remote.set(r.alarm.episodeId, r);
  }

  levels(): EscalationRecord[] {
    return [...this.remote.values()];
  }
}
