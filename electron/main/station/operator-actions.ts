import type { LimitParameter } from '../../../shared/alarms/limit-parameters';
import type { ParameterLimits } from '../../../shared/alarms/limit-profiles';
import { mayAcknowledgeHere, type CareGroupView } from '../../../shared/domain/care-group';
import type { CensusChangeResult } from '../../../shared/domain/census';
import type { ManualPatient } from '../../../shared/domain/patient';
import type { Permission, SessionInfo } from '../../../shared/domain/session';
import { AlarmActionRefused } from '../alarms/alarm-action-refused';
import type { AlarmEngine } from '../alarms/alarm-engine';
import type { Census } from '../census/census';
import type { Operator } from '../auth/operator';
import type { SessionManager } from '../auth/session-manager';
import type { ViewRegistry } from './view-registry';

export interface OperatorActionsDeps {
  views: ViewRegistry;
  sessions: SessionManager;
  alarms: AlarmEngine;
  census: Census;
  careGroups: CareGroupView;
}

/**
 * Every clinical action a person takes at a view: find the session signed in
 * at that view, have the session manager authorise it (which mints the
 * Operator), then let the alarm engine do it. Nothing here changes alarm
 * state itself, and every path that is refused throws with a reason the view
 * can show (as a rejection, never a synchronous throw). Each action
 * resolves only after its audit entry is durable.
 */
export class OperatorActions {
  /** Sign-ins at one view run one after another, so two at once cannot leave an orphaned session. */
  private readonly signIns = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: OperatorActionsDeps) {}

  signIn(viewId: string, identifier: string, secret: string): Promise<SessionInfo> {
    const previous = this.signIns.get(viewId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.signInNow(viewId, identifier, secret));
    const settled = run.catch(() => undefined);
    this.signIns.set(viewId, settled);
    void settled.then(() => {
      if (this.signIns.get(viewId) === settled) this.signIns.delete(viewId);
    });
    return run;
  }

  private async signInNow(viewId: string, identifier: string, secret: string): Promise<SessionInfo> {
    // One person per screen: whoever was signed in here is signed out first.
    await this.signOut(viewId).catch(() => undefined);
    const result = await this.deps.sessions.signIn(identifier, secret, { id: viewId, label: this.deps.views.label(viewId) });
    if (!result.ok) throw new AlarmActionRefused('not-permitted', result.message);
    if (!this.deps.views.has(viewId)) {
      // The view went away while the secret was checked: nobody is left to use the session.
      await this.deps.sessions.signOut(result.sessionId).catch(() => undefined);
      throw new AlarmActionRefused('not-permitted', 'the view closed during sign-in');
    }
    this.deps.views.bindSession(viewId, result.sessionId);
    return result.session;
  }

  async signOut(viewId: string): Promise<{ signedOut: boolean }> {
    const sessionId = this.deps.views.sessionOf(viewId);
    if (sessionId === null) return { signedOut: false };
    this.deps.views.bindSession(viewId, null);
    return { signedOut: await this.deps.sessions.signOut(sessionId) };
  }

  current(viewId: string): SessionInfo | null {
    const sessionId = this.deps.views.sessionOf(viewId);
    return sessionId === null ? null : this.deps.sessions.current(sessionId);
  }

  /** The person at the view is still there (keeps the session from timing out). */
  touch(viewId: string): void {
    const sessionId = this.deps.views.sessionOf(viewId);
    if (sessionId !== null) this.deps.sessions.touch(sessionId);
  }

  /**
   * Acknowledging in another care group: a charge nurse may; a nurse only
   * in the group this station shows, unless the config allows any.
   */
  async acknowledge(viewId: string, alarmId: string) {
    const operator = this.operator(viewId, 'acknowledge');
    const alarm = this.deps.alarms.list().find((a) => a.alarmId === alarmId);
    if (alarm && !mayAcknowledgeHere(this.deps.careGroups, operator.role, alarm.bedId)) {
      throw new AlarmActionRefused('not-permitted', `${alarm.bedId ?? 'this bed'} is in another care group: only a charge nurse may acknowledge it at this station`);
    }
    return this.deps.alarms.acknowledge(alarmId, operator);
  }

  async pauseAudio(viewId: string, durationMs?: number) {
    return this.deps.alarms.pauseAudio(this.operator(viewId, 'audio-pause'), durationMs);
  }

  async resetAlarms(viewId: string) {
    return this.deps.alarms.resetAlarms(this.operator(viewId, 'alarm-reset'));
  }

  async changeLimits(viewId: string, bedId: string, parameter: LimitParameter, change: { low?: number | null; high?: number | null }): Promise<ParameterLimits> {
    return this.deps.alarms.changeLimits(bedId, parameter, change, this.operator(viewId, 'limit-change'));
  }

  async setProfile(viewId: string, bedId: string, profile: string) {
    return this.deps.alarms.setProfile(bedId, profile, this.operator(viewId, 'limit-change'));
  }

  admit(viewId: string, bedId: string, patient: ManualPatient): Promise<CensusChangeResult> {
    return this.deps.census.admit(bedId, patient, this.operator(viewId, 'census-edit'));
  }

  updatePatient(viewId: string, bedId: string, encounterId: string, patient: ManualPatient): Promise<CensusChangeResult> {
    return this.deps.census.update(bedId, encounterId, patient, this.operator(viewId, 'census-edit'));
  }

  transfer(viewId: string, bedId: string, encounterId: string, toBedId: string): Promise<CensusChangeResult> {
    return this.deps.census.transfer(bedId, encounterId, toBedId, this.operator(viewId, 'census-edit'));
  }

  discharge(viewId: string, bedId: string, encounterId: string): Promise<CensusChangeResult> {
    return this.deps.census.discharge(bedId, encounterId, this.operator(viewId, 'census-edit'));
  }

  confirmReview(viewId: string, bedId: string, encounterId: string | null): Promise<CensusChangeResult> {
    return this.deps.census.confirmReview(bedId, encounterId, this.operator(viewId, 'census-edit'));
  }

  /** For non-clinical rights (audit review, user admin): the Operator, or a refusal. */
  operator(viewId: string, permission: Permission): Operator {
    const sessionId = this.deps.views.sessionOf(viewId);
    if (sessionId === null) throw new AlarmActionRefused('not-permitted', 'Sign in first.');
    const result = this.deps.sessions.authorize(sessionId, permission);
    if (!result.ok) {
      if (result.reason === 'no-session') this.deps.views.bindSession(viewId, null);
      throw new AlarmActionRefused('not-permitted', result.message);
    }
    return result.operator;
  }
}
