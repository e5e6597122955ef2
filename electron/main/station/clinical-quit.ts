import type { Bed } from '../../../shared/domain/bed';
import type { QuitAlarm, QuitCheck } from '../../../shared/domain/clinical-quit';
import { AlarmActionRefused } from '../alarms/alarm-action-refused';
import type { AlarmEngine } from '../alarms/alarm-engine';
import type { Operator } from '../auth/operator';
import type { SessionManager } from '../auth/session-manager';
import type { StationAuditTrail } from './station-audit';
import type { ViewRegistry } from './view-registry';

/**
 * Closing a workstation is a clinical action (issue 12): from then on none of
 * the unit's alarms is annunciated there. So quitting needs a signed-in
 * charge nurse or admin (permission quit-station), a confirmation that names
 * every alarm the station shows, and an audit entry with the actor, durable
 * before anything is allowed to stop. A kiosk wall cannot be quit from its
 * own screen at all.
 *
 * Electron-free: the Electron layer (app/) asks quitDecision() what to do
 * with a window close, Cmd-Q or File → Quit, sends the view a
 * `station:quit-requested` event, and quits only once onApproved fires. The
 * browser test host runs the same flow.
 */

/** What asked the app to stop: the UI (menu, Cmd-Q or the dock, the window's close button) or the operating system (shutdown, a termination signal). */
export type QuitTrigger = 'menu' | 'window-close' | 'app-quit' | 'os-shutdown' | 'signal';

/**
 * - `proceed`: let the app stop (the quit was approved, or the OS is going
 *   down or terminating us, which an app cannot refuse for long; that stop
 *   has no clinical quit and is audited at the next start, see run-marker.ts).
 * - `ask`: stop nothing; the view shows the quit dialog.
 * - `refuse`: stop nothing; a wall is not quit from its screen.
 */
export type QuitDecision = 'proceed' | 'ask' | 'refuse';

export function quitDecision(state: { approved: boolean; wallMode: boolean }, trigger: QuitTrigger): QuitDecision {
  if (state.approved || trigger === 'os-shutdown' || trigger === 'signal') return 'proceed';
  return state.wallMode ? 'refuse' : 'ask';
}

export interface ClinicalQuitDeps {
  views: ViewRegistry;
  sessions: SessionManager;
  alarms: AlarmEngine;
  audit: Pick<StationAuditTrail, 'recordClinical'>;
  beds: readonly Bed[];
  wallMode: boolean;
}

export interface ApprovedQuit {
  userId: string;
  role: string;
  /** Where the quit was confirmed; null for a restart into an update (asked for by an admin, see approveUpdateRestart). */
  viewId: string | null;
  /** 'clinical-quit': confirmed here; 'update-restart': an admin's audited restart into a downloaded version. */
  kind: 'clinical-quit' | 'update-restart';
}

const SIGN_IN = 'Sign in as a charge nurse or an admin to close this station.';

export class ClinicalQuit {
  private readonly listeners = new Set<(quit: ApprovedQuit) => void>();
  private approved: ApprovedQuit | null = null;

  constructor(private readonly deps: ClinicalQuitDeps) {}

  /** May the person at this view close the station, and which alarms would it silence here? Changes nothing. */
  check(viewId: string): QuitCheck {
    if (this.deps.wallMode) return { allowed: false, reason: 'wall', message: 'A wall display cannot be closed from its screen.' };
    const sessionId = this.deps.views.sessionOf(viewId);
    const session = sessionId === null ? null : this.deps.sessions.current(sessionId);
    if (!session) return { allowed: false, reason: 'sign-in', message: SIGN_IN };
    if (!session.permissions.includes('quit-station')) {
      return { allowed: false, reason: 'not-permitted', message: `A ${session.role} may not close the station. ${SIGN_IN}` };
    }
    return { allowed: true, by: { userId: session.userId, displayName: session.displayName }, alarms: this.currentAlarms() };
  }

  /**
   * The confirmed quit. Resolves once the quit is durably audited, and only
   * then tells the listeners (the Electron layer, the test host) to stop.
   * Refused, with nothing recorded, when the person may not quit, or when an
   * alarm appeared that the confirmation did not name: they must see it.
   */
  async confirm(viewId: string, shownAlarmIds: readonly string[]): Promise<{ quitting: true }> {
    const check = this.check(viewId);
    if (!check.allowed) throw new AlarmActionRefused('not-permitted', check.message);
    const operator = this.authorize(viewId);
    const shown = new Set(shownAlarmIds);
    const unseen = check.alarms.filter((a) => !shown.has(a.alarmId));
    if (unseen.length > 0) {
      throw new AlarmActionRefused('invalid-request', `New alarms since the confirmation (${unseen.length}): review them and confirm again.`);
    }
    try {
      await this.deps.audit.recordClinical({
        action: 'app.quit',
        actor: { userId: operator.userId, role: operator.role },
        details: {
          screen: this.deps.views.label(viewId),
          alarms: check.alarms.length,
          high: check.alarms.filter((a) => a.priority === 'HIGH').length,
          unacknowledged: check.alarms.filter((a) => !a.acknowledged).length,
          ...alarmIdList(check.alarms),
        },
      });
    } catch (error) {
      throw new AlarmActionRefused('audit-failed', `The station stays open: the audit trail could not record the quit (${(error as Error).message}).`);
    }
    this.approved = { userId: operator.userId, role: operator.role, viewId, kind: 'clinical-quit' };
    for (const listener of this.listeners) listener(this.approved);
    return { quitting: true };
  }

  /**
   * An admin's restart into a downloaded update stops annunciation here too,
   * so it needs the same approval. The update coordinator has already refused
   * it unless no alarm is listed and nobody else is signed in (so there is no
   * alarm a confirmation would have to name), and has audited it
   * (`update.restart`) durably. Marks the quit approved, so the Electron
   * layer lets electron-updater's own quit through and the run marker goes.
   * Listeners are not told: electron-updater quits the app itself, and a
   * second quit racing it could stop the app before the trail is closed.
   * The returned function withdraws the approval, for a restart that did not
   * happen: any later quit must be confirmed again.
   */
  approveUpdateRestart(by: { userId: string; role: string }): () => void {
    if (this.approved !== null) return () => undefined; // a confirmed quit is already under way
    const approval: ApprovedQuit = { userId: by.userId, role: by.role, viewId: null, kind: 'update-restart' };
    this.approved = approval;
    return () => {
      if (this.approved === approval) this.approved = null;
    };
  }

  /** The approved quit, once there is one (the Electron layer then lets the app stop). */
  approvedQuit(): ApprovedQuit | null {
    return this.approved;
  }

  onApproved(listener: (quit: ApprovedQuit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private authorize(viewId: string): Operator {
    const sessionId = this.deps.views.sessionOf(viewId);
    const result = sessionId === null ? null : this.deps.sessions.authorize(sessionId, 'quit-station');
    if (!result?.ok) throw new AlarmActionRefused('not-permitted', result?.message ?? SIGN_IN);
    return result.operator;
  }

  private currentAlarms(): QuitAlarm[] {
    const labels = new Map(this.deps.beds.map((b) => [b.bedId, b.label]));
    return this.deps.alarms.list().map((a) => ({
      alarmId: a.alarmId,
      bedId: a.bedId,
      bedLabel: a.bedId === null ? null : (labels.get(a.bedId) ?? a.bedId),
      priority: a.priority,
      message: a.message,
      acknowledged: a.acknowledged,
    }));
  }
}

/** The alarm ids, as many as fit in one audit detail (200 characters); the count says how many there were. */
function alarmIdList(alarms: readonly QuitAlarm[]): { alarm_ids: string; alarm_ids_complete: boolean } {
  let text = '';
  let complete = true;
  for (const a of alarms) {
    const next = text === '' ? a.alarmId : `${text},${a.alarmId}`;
    if (next.length > 200) {
      complete = false;
      break;
    }
    text = next;
  }
  return { alarm_ids: text, alarm_ids_complete: complete };
}
