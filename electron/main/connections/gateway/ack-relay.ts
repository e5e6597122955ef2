import type { AlarmCondition } from '../../../../shared/domain/alarm-condition';
import type { AlarmsDelta } from '../../../../shared/domain/station-event';
import type { AckClaim, AckOutcome, AckRecord } from '../../../../shared/protocol/acknowledgement';
import type { AlarmIdentity } from '../../../../shared/protocol/alarm-identity';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/version';
import type { AlarmEngine, OvertakenAcknowledgement } from '../../alarms/alarm-engine';
import type { Logger } from '../../logging/logger';
import type { StationAuditTrail } from '../../station/station-audit';
import { alarmAcknowledgedBy, identityOf } from './alarm-identity';

export interface AckRelayDeps {
  stationId: string;
  alarms: Pick<AlarmEngine, 'list' | 'onChange' | 'onOvertakenAcknowledgement' | 'acknowledgeRemote' | 'findByEpisode' | 'episodeIdOf'>;
  audit: Pick<StationAuditTrail, 'record' | 'query'>;
  log: Logger;
  now: () => number;
  /** Delivers a claim and returns the gateway's validated answer, or null if it could not be delivered. */
  claim(claim: AckClaim): Promise<AckOutcome | null>;
  /** Told about every decided claim (status, tests). */
  decided?(event: { alarmId: string; outcome: AckOutcome; madeOffline: boolean }): void;
  /** Told about every relayed acknowledgement and what it did here. */
  relayed?(event: { ack: AckRecord; alarmId: string | null; applied: boolean }): void;
}

interface PendingClaim {
  alarmId: string;
  claim: AckClaim;
}

/** Claims kept while the gateway is unreachable; beyond it the oldest is dropped (logged): it stays audited locally. */
const MAX_OUTBOX = 1000;
/** Used when the audit trail cannot say who acknowledged (it is unavailable): never the reserved "system". */
const UNKNOWN_USER = 'unknown-user';
/** Winning acknowledgements remembered for alarms that appear here after them (a station-evaluated alarm a little later here). */
const MAX_REMEMBERED = 4096;

/**
 * Keeps acknowledgements consistent across stations, both ways.
 *
 * Out: it watches the alarm engine. An alarm that became acknowledged here,
 * not through this relay, was acknowledged by a person at this station (and
 * durably audited by the engine before it changed state); its claim goes to
 * the gateway at once, or, while offline, waits in the outbox and is sent
 * after the next resync. The gateway's answer is audited when it adds
 * something: `superseded` (another station's acknowledgement of the same
 * episode got there first) always, and `won` for an acknowledgement made
 * offline (the reconciliation), so the trail shows both events.
 *
 * Two nurses at two stations acknowledging one episode at once: whichever
 * claim reaches the gateway first wins, and the other is answered
 * `superseded`, in either order of events here. When the winner's relayed
 * acknowledgement takes effect here while this station's nurse's own
 * acknowledgement is still being written, hers is audited but overtaken
 * (AlarmEngine.onOvertakenAcknowledgement): it is claimed all the same, so
 * the gateway decides it and the trail records the decision, exactly as when
 * hers took effect first. Nothing is applied twice and no durable
 * acknowledgement stays unknown to the back end.
 *
 * In: a relayed acknowledgement (live, from the journal, or in a resync
 * snapshot) is applied to this station's alarm of the same episode with
 * acknowledgeRemote, which audits it. It is remembered (bounded), so an
 * alarm of that episode that appears here only afterwards (this station's
 * own evaluation of the same excursion, a little later) is acknowledged too.
 */
export class AckRelay {
  private readonly knownAcknowledged = new Set<string>();
  private readonly appliedFromRemote = new Set<string>();
  private readonly outbox: PendingClaim[] = [];
  private readonly remembered = new Map<string, AckRecord>();
  private online = false;
  private flushing = false;
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly deps: AckRelayDeps) {}

  start(): void {
    // Acknowledgements that predate the relay are not news to anyone.
    for (const alarm of this.deps.alarms.list()) if (alarm.acknowledged) this.knownAcknowledged.add(alarm.alarmId);
    this.unsubscribe = [
      this.deps.alarms.onChange((delta) => this.onAlarms(delta)),
      this.deps.alarms.onOvertakenAcknowledgement((event) => this.onOvertaken(event)),
    ];
  }

  stop(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
    this.online = false;
  }

  /** Connected and resynced: send what waited. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.flushSafely();
  }

  get pendingClaims(): number {
    return this.outbox.length;
  }

  /**
   * Applies an acknowledgement decided elsewhere; returns the local alarm it
   * acknowledged, if any. The clinical action happened, and was audited
   * durably, at the station where the nurse acted (and is in the gateway's
   * ledger); this station records that it applied it with its high-volume
   * entries (within ~100 ms), not durably first. Deliberate: holding a colleague's
   * acknowledgement back while this station's audit store is down would keep an
   * alarm sounding here that nobody here may silence (local actions are refused
   * then), while every other station shows it acknowledged.
   */
  applyRemote(ack: AckRecord): string | null {
    this.remember(ack);
    const alarm = alarmAcknowledgedBy(ack, this.deps.alarms);
    if (!alarm) {
      this.deps.relayed?.({ ack, alarmId: null, applied: false });
      return null;
    }
    // Marked before the call: acknowledgeRemote publishes synchronously, and onAlarms must not echo it back.
    const wasMarked = this.appliedFromRemote.has(alarm.alarmId);
    this.appliedFromRemote.add(alarm.alarmId);
    const result = this.deps.alarms.acknowledgeRemote(alarm.alarmId, ack.by, ack.at);
    if (!result.applied && !wasMarked) this.appliedFromRemote.delete(alarm.alarmId);
    this.deps.relayed?.({ ack, alarmId: alarm.alarmId, applied: result.applied });
    return result.applied ? alarm.alarmId : null;
  }

  /**
   * Looks only at what changed (the engine's delta), so a flood of other
   * alarms costs nothing here: an alarm newly acknowledged here is claimed;
   * one that appears (or changes) unacknowledged while its episode's
   * acknowledgement from elsewhere is remembered is acknowledged with it.
   */
  private onAlarms(delta: AlarmsDelta): void {
    const alreadyAcknowledgedElsewhere: AckRecord[] = [];
    for (const alarm of delta.changed) {
      if (!alarm.acknowledged) {
        const episodeId = this.remembered.size > 0 ? this.deps.alarms.episodeIdOf(alarm.alarmId) : null;
        const known = episodeId === null ? undefined : this.remembered.get(episodeId);
        if (known) alreadyAcknowledgedElsewhere.push(known);
        continue;
      }
      if (this.knownAcknowledged.has(alarm.alarmId)) continue;
      this.knownAcknowledged.add(alarm.alarmId);
      if (this.appliedFromRemote.has(alarm.alarmId)) continue;
      const identity = identityOf(alarm, this.deps.alarms.episodeIdOf(alarm.alarmId));
      if (identity) this.enqueueLocal(alarm, identity, !this.online, delta.sentAt).catch((error: Error) => this.deps.log.error('gateway.ack-claim-failed', { reason: error.message.slice(0, 200) }));
    }
    // Alarms that left the list can never change again: forget them (bounded memory).
    const gone = (id: string) => {
      this.knownAcknowledged.delete(id);
      this.appliedFromRemote.delete(id);
    };
    if (delta.replace) {
      const present = new Set(delta.changed.map((a) => a.alarmId));
      for (const id of [...this.knownAcknowledged, ...this.appliedFromRemote]) if (!present.has(id)) gone(id);
    } else delta.removed.forEach(gone);
    // After the loop: applying publishes the next delta synchronously.
    for (const ack of alreadyAcknowledgedElsewhere) this.applyRemote(ack);
  }

  /**
   * A nurse here acknowledged an alarm whose acknowledgement from another
   * station took effect while hers was being written. Hers is a clinical
   * action like any other: claimed, so the gateway answers it (superseded)
   * and decided() audits that answer. One overtaken by a colleague at this
   * station is not claimed: the colleague's claim stands for this station.
   */
  private onOvertaken(event: OvertakenAcknowledgement): void {
    if (!this.appliedFromRemote.has(event.alarmId)) return;
    const alarm = this.deps.alarms.list().find((a) => a.alarmId === event.alarmId);
    const identity = alarm ? identityOf(alarm, this.deps.alarms.episodeIdOf(alarm.alarmId)) : null;
    if (!identity) return;
    this.enqueue(event.alarmId, identity, { userId: event.userId, at: event.at }, !this.online);
  }

  private remember(ack: AckRecord): void {
    this.remembered.delete(ack.alarm.episodeId);
    this.remembered.set(ack.alarm.episodeId, ack);
    if (this.remembered.size > MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
  }

  private async enqueueLocal(alarm: AlarmCondition, identity: AlarmIdentity, madeOffline: boolean, fallbackAt: number): Promise<void> {
    const who = await this.whoAcknowledged(alarm.alarmId);
    if (who === 'remote') return;
    this.enqueue(alarm.alarmId, identity, { userId: who?.userId ?? UNKNOWN_USER, at: who?.at ?? fallbackAt }, madeOffline);
  }

  private enqueue(alarmId: string, identity: AlarmIdentity, who: { userId: string; at: number }, madeOffline: boolean): void {
    const claim: AckClaim = {
      v: PROTOCOL_VERSION,
      ackId: alarmId,
      alarm: identity,
      by: { stationId: this.deps.stationId, userId: who.userId },
      at: Math.max(0, Math.floor(who.at)),
      madeOffline,
    };
    this.outbox.push({ alarmId, claim });
    if (this.outbox.length > MAX_OUTBOX) {
      const dropped = this.outbox.shift()!;
      this.deps.log.error('gateway.ack-outbox-full', { alarmId: dropped.alarmId });
    }
    if (madeOffline) this.deps.log.info('gateway.ack-kept-offline', { alarmId, bedId: identity.bedId, code: identity.code });
    this.flushSafely();
  }

  /** The durable audit row of the local acknowledgement names the person (AlarmCondition does not). */
  private async whoAcknowledged(alarmId: string): Promise<{ userId: string; at: number } | 'remote' | null> {
    try {
      const page = await this.deps.audit.query({ alarmId, action: 'alarm.acknowledged', limit: 5, order: 'newest-first' });
      const row = page.rows.find((r) => r.role !== 'remote');
      if (!row) return page.rows.length > 0 ? 'remote' : null;
      return /^[\x21-\x7e]{1,64}$/.test(row.userId) && row.userId !== 'system' ? { userId: row.userId, at: row.utcMs } : null;
    } catch (error) {
      this.deps.log.warn('gateway.ack-user-unknown', { alarmId, reason: (error as Error).message.slice(0, 120) });
      return null;
    }
  }

  private flushSafely(): void {
    this.flush().catch((error: Error) => this.deps.log.error('gateway.ack-flush-failed', { reason: error.message.slice(0, 200) }));
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.online && this.outbox.length > 0) {
        const next = this.outbox[0]!;
        const outcome = await this.deps.claim(next.claim);
        if (outcome === null) break; // not delivered: stays first in line for the next connection
        if (this.outbox[0] === next) this.outbox.shift();
        this.decided(next, outcome);
      }
    } finally {
      this.flushing = false;
    }
  }

  private decided(pending: PendingClaim, outcome: AckOutcome): void {
    const { claim, alarmId } = pending;
    const base = { bedId: claim.alarm.bedId, alarmId };
    try {
      if (outcome.outcome === 'superseded') {
        const winner = outcome.winner;
        this.deps.log.info('gateway.ack-superseded', { alarmId, winnerStation: winner.by.stationId });
        this.deps.audit.record({
          action: 'alarm.acknowledged',
          actor: { userId: winner.by.userId, role: 'remote' },
          ...base,
          details: {
            code: claim.alarm.code,
            via_station: winner.by.stationId,
            decided_by: 'gateway',
            local_ack: 'superseded',
            winner_at: winner.at,
            made_offline: claim.madeOffline,
          },
        });
      } else if (outcome.outcome === 'won' && claim.madeOffline) {
        this.deps.audit.record({
          action: 'alarm.acknowledged',
          actor: 'system',
          ...base,
          details: { code: claim.alarm.code, decided_by: 'gateway', reconciled: 'won', made_offline: true },
        });
      } else if (outcome.outcome === 'rejected') {
        this.deps.log.warn('gateway.ack-refused', { alarmId, reason: outcome.reason });
      }
    } catch (error) {
      this.deps.log.error('gateway.ack-outcome-not-audited', { alarmId, reason: (error as Error).message.slice(0, 120) });
    }
    this.deps.decided?.({ alarmId, outcome, madeOffline: claim.madeOffline });
  }
}
