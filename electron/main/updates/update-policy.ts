import type { UpdatePhase } from '../../../shared/domain/update-status';

/** What the station is doing that a restart would interrupt. */
export interface StationActivity {
  /** Every alarm on the station's list: active, acknowledged but still present, latched awaiting reset, technical. */
  alarms: ReadonlyArray<{ bedId: string | null; code: string }>;
  /** Live sessions at any screen. */
  sessions: ReadonlyArray<{ sessionId: string; userId: string }>;
}

export type RestartVerdict = { allowed: true; reasons: [] } | { allowed: false; reasons: string[] };

/**
 * May the admin at `requesterSessionId` restart the station into a
 * downloaded update now? Never while any alarm is on the station's list (a
 * restart takes the wall and the tones away, and a latched alarm still needs
 * a person), and never while anyone else is signed in at a screen (they
 * would lose their session mid-task). Unknown is unsafe: an activity that
 * cannot be read refuses.
 */
export function restartVerdict(phase: UpdatePhase, activity: StationActivity | null, requesterSessionId: string | null): RestartVerdict {
  const reasons: string[] = [];
  if (phase !== 'ready') reasons.push('no downloaded update is waiting');
  if (activity === null) {
    reasons.push('the station’s alarms and sessions cannot be read');
  } else {
    if (activity.alarms.length > 0) {
      const first = activity.alarms.slice(0, 3).map((a) => `${a.code}${a.bedId ? ` ${a.bedId}` : ''}`);
      const more = activity.alarms.length > 3 ? ` and ${activity.alarms.length - 3} more` : '';
      reasons.push(`${activity.alarms.length} alarm${activity.alarms.length === 1 ? '' : 's'} on the station (${first.join(', ')}${more})`);
    }
    const others = activity.sessions.filter((s) => s.sessionId !== requesterSessionId);
    if (others.length > 0) reasons.push(`signed in at another screen: ${[...new Set(others.map((s) => s.userId))].join(', ')}`);
  }
  return reasons.length === 0 ? { allowed: true, reasons: [] } : { allowed: false, reasons };
}

/** Is a check due? Durations on the monotonic clock only, so a wall-clock step neither skips nor repeats checks. */
export function checkDue(lastCheckMono: number | null, nowMono: number, intervalMs: number): boolean {
  return lastCheckMono === null || nowMono - lastCheckMono >= intervalMs;
}
