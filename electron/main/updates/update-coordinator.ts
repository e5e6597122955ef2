import { DEFAULT_UPDATE_CONFIG, type UpdateConfig } from '../../../shared/config/update-config';
import type { UpdatePhase, UpdateStatus } from '../../../shared/domain/update-status';
import type { AuditEventInput } from '../audit/normalize-event';
import type { Operator } from '../auth/operator';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import { checkDue, restartVerdict, type StationActivity } from './update-policy';
import type { UpdateSupport } from './update-support';
import type { UpdaterEvent, UpdaterPort } from './updater-port';

/** The audit entry of one restart (its outcome is added if it is cancelled or fails). */
type RestartEntry = { action: 'update.restart'; actor: { userId: string; role: string }; details: Record<string, string> };

export class UpdateRefusedError extends Error {
  override name = 'UpdateRefusedError';
}

export interface UpdateCoordinatorOptions {
  config: UpdateConfig;
  support: UpdateSupport;
  /** electron-updater behind a port; null where there is none (Node, the test host). */
  updater: UpdaterPort | null;
  currentVersion: string;
  /** The station's alarms and sessions, read at the moment a restart is considered. */
  activity: () => StationActivity;
  audit: { record(input: AuditEventInput): void; recordClinical(input: AuditEventInput): Promise<unknown> };
  clock?: Clock;
  logger?: Logger;
  /** The first check waits for the station to settle after start. Default 2 minutes. */
  firstCheckDelayMs?: number;
  /**
   * A restart quits the station, so the station must let that quit through
   * (station/clinical-quit.ts approveUpdateRestart). Called once the restart
   * is audited and re-checked, just before the updater quits; returns a
   * withdrawal for a restart that does not happen. Default: nothing to approve.
   */
  approveQuit?: (by: Operator) => () => void;
  /** How long a restart may take before it counts as failed and the quit approval is withdrawn. Default 2 minutes. */
  restartTimeoutMs?: number;
}

/**
 * In-app updates, off unless IT turns them on. Checks the hospital's server
 * every `checkIntervalMinutes`, lets electron-updater download a new version
 * in the background (it verifies the download's sha512 and, on Windows and
 * macOS, its code signature against this build's), and then waits: the
 * station never restarts by itself. An admin's "restart to update" is
 * refused while any alarm is on the list or anyone else is signed in, and
 * is audited durably before the station quits.
 */
export class UpdateCoordinator {
  private phase: UpdatePhase;
  private detail: string | null;
  private availableVersion: string | null = null;
  private downloadPercent: number | null = null;
  private lastCheckedAt: number | null = null;
  private lastCheckMono: number | null = null;
  private readonly startedMono: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly unsubscribe: () => void;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** While restarting: when it began (monotonic), and how to withdraw the station's quit approval. */
  private restarting: { sinceMono: number; withdraw: () => void; entry: RestartEntry } | null = null;

  /** Updates off: for a station built without them (tests, tools). On the station's clock, like everything else that keeps time. */
  static off(audit: UpdateCoordinatorOptions['audit'], clock: Clock = systemClock): UpdateCoordinator {
    return new UpdateCoordinator({
      clock,
      config: DEFAULT_UPDATE_CONFIG,
      support: { supported: false, reason: 'not configured' },
      updater: null,
      currentVersion: 'unknown',
      activity: () => ({ alarms: [], sessions: [] }),
      audit,
    });
  }

  constructor(private readonly options: UpdateCoordinatorOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger;
    this.startedMono = this.clock.monotonic();
    if (!options.config.enabled) [this.phase, this.detail] = ['off', 'updates are off in the station configuration (updates.enabled)'];
    else if (!options.support.supported) [this.phase, this.detail] = ['unavailable', options.support.reason];
    else if (!options.updater) [this.phase, this.detail] = ['unavailable', 'no updater in this runtime'];
    else [this.phase, this.detail] = ['idle', null];
    this.unsubscribe = this.phase === 'idle' && options.updater ? options.updater.onEvent((event) => this.onUpdaterEvent(event)) : () => undefined;
  }

  /** Looks once a minute whether a check is due (the interval is measured on the monotonic clock). */
  start(): void {
    if (this.phase !== 'idle' || this.timer) return;
    this.timer = setInterval(() => void this.maybeCheck(), 60_000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe();
  }

  /** Starts a check if one is due and none is under way; notices a restart that never happened. */
  async maybeCheck(): Promise<void> {
    const now = this.clock.monotonic();
    if (this.restarting && now - this.restarting.sinceMono >= (this.options.restartTimeoutMs ?? 120_000)) {
      this.restartFailed('the station did not restart into the update');
    }
    if (this.phase !== 'idle' && this.phase !== 'failed') return;
    const firstDelay = this.options.firstCheckDelayMs ?? 120_000;
    if (this.lastCheckMono === null && now - this.startedMono < firstDelay) return;
    if (!checkDue(this.lastCheckMono, now, this.options.config.checkIntervalMinutes * 60_000)) return;
    this.lastCheckMono = now;
    this.phase = 'checking';
    this.detail = null;
    try {
      await this.options.updater!.check(this.options.config.url!);
    } catch (error) {
      this.fail((error as Error).message);
    }
  }

  status(requesterSessionId: string | null): UpdateStatus {
    let activity: StationActivity | null;
    try {
      activity = this.options.activity();
    } catch {
      activity = null;
    }
    const verdict = restartVerdict(this.phase, activity, requesterSessionId);
    return {
      phase: this.phase,
      currentVersion: this.options.currentVersion,
      availableVersion: this.availableVersion,
      downloadPercent: this.downloadPercent,
      lastCheckedAt: this.lastCheckedAt,
      detail: this.detail,
      restart: { allowed: verdict.allowed, reasons: verdict.reasons },
    };
  }

  /**
   * An admin's "restart to update" (Operator minted for `configure`).
   * Checked, audited durably, checked again (an alarm may have come in while
   * the trail was written), and only then the station quits into the update.
   */
  async restart(by: Operator): Promise<{ restarting: true; version: string }> {
    if (by.permission !== 'configure' || by.role !== 'admin') throw new UpdateRefusedError(`a ${by.role} may not restart the station`);
    const before = restartVerdict(this.phase, this.activityOrNull(), by.sessionId);
    if (!before.allowed) throw new UpdateRefusedError(`not now: ${before.reasons.join('; ')}`);
    const version = this.availableVersion!;
    const entry: RestartEntry = { action: 'update.restart', actor: { userId: by.userId, role: by.role }, details: { from_version: this.options.currentVersion, to_version: version } };
    await this.options.audit.recordClinical(entry);
    const after = restartVerdict(this.phase, this.activityOrNull(), by.sessionId);
    if (!after.allowed) {
      this.options.audit.record({ ...entry, details: { ...entry.details, outcome: 'cancelled' } });
      throw new UpdateRefusedError(`not now: ${after.reasons.join('; ')}`);
    }
    this.phase = 'restarting';
    this.restarting = { sinceMono: this.clock.monotonic(), withdraw: this.options.approveQuit?.(by) ?? (() => undefined), entry };
    this.log.warn('update.restarting', { from: this.options.currentVersion, to: version, by: by.userId });
    try {
      this.options.updater!.quitAndInstall();
    } catch (error) {
      this.restartFailed((error as Error)?.message ?? String(error));
      throw new UpdateRefusedError(this.detail ?? 'restart failed');
    }
    return { restarting: true, version };
  }

  /**
   * The audited restart did not happen (the updater threw, reported an error,
   * or the app is still running long after): the trail says so, and the quit
   * approval goes, so a later quit is confirmed again like any other.
   */
  private restartFailed(message: string): void {
    const restarting = this.restarting;
    if (!restarting) return;
    this.restarting = null;
    restarting.withdraw();
    this.fail(`restart failed: ${message}`);
    try {
      this.options.audit.record({ ...restarting.entry, details: { ...restarting.entry.details, outcome: 'failed', reason: message.slice(0, 200) } });
    } catch (error) {
      this.log.error('update.not-audited', { reason: (error as Error).message });
    }
  }

  private activityOrNull(): StationActivity | null {
    try {
      return this.options.activity();
    } catch {
      return null;
    }
  }

  private onUpdaterEvent(event: UpdaterEvent): void {
    if (this.phase === 'restarting') {
      if (event.kind === 'error') this.restartFailed(event.message);
      return;
    }
    switch (event.kind) {
      case 'checking':
        this.phase = 'checking';
        return;
      case 'not-available':
        this.phase = 'idle';
        this.lastCheckedAt = this.clock.wall();
        return;
      case 'available':
        this.phase = 'downloading';
        this.availableVersion = event.version;
        this.downloadPercent = 0;
        this.lastCheckedAt = this.clock.wall();
        this.log.info('update.available', { version: event.version });
        return;
      case 'progress':
        if (this.phase === 'downloading') this.downloadPercent = Math.max(0, Math.min(100, event.percent));
        return;
      case 'downloaded':
        this.phase = 'ready';
        this.availableVersion = event.version;
        this.downloadPercent = 100;
        this.log.info('update.downloaded', { version: event.version });
        try {
          this.options.audit.record({ action: 'update.downloaded', actor: 'system', details: { version: event.version, current_version: this.options.currentVersion } });
        } catch (error) {
          this.log.error('update.not-audited', { reason: (error as Error).message });
        }
        return;
      case 'error':
        this.fail(event.message);
        return;
    }
  }

  private fail(message: string): void {
    // A failed check or download changes nothing on the station; the next interval tries again.
    this.phase = 'failed';
    this.detail = message.slice(0, 300);
    this.availableVersion = null;
    this.downloadPercent = null;
    this.log.warn('update.failed', { reason: message.slice(0, 200) });
  }
}
