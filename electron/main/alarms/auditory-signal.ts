import type { AuditorySignal } from '../../../shared/domain/station-event';
import { PRIORITY_RANK, wantsToSound, type AlarmRecord } from './alarm-record';
import type { AudioPause } from './audio-pause';

/** Whether this station sounds an alarm at all (care groups); default: every alarm. */
export type AudibleHere = (r: AlarmRecord) => boolean;

const everyAlarm: AudibleHere = () => true;

/**
 * The one alarm the station should sound now: highest priority first, then
 * the one known here longest on the monotonic clock (`escalatesFrom`: it
 * has waited longest; a wall-clock step must not reorder them), then
 * creation order. Acknowledged alarms and alarms kept quiet by AUDIO PAUSED
 * are skipped; latched alarms whose condition ended still sound until reset
 * or acknowledged. Alarms this station does not sound (another care
 * group's, see shared/domain/care-group.ts) are skipped too: they sound at
 * their own group's station.
 */
export function selectAuditory(records: Iterable<AlarmRecord>, pause: AudioPause, audibleHere: AudibleHere = everyAlarm): AuditorySignal | null {
  return signalOf(loudest(records, pause, audibleHere));
}

function loudest(records: Iterable<AlarmRecord>, pause: AudioPause, audibleHere: AudibleHere): AlarmRecord | null {
  let best: AlarmRecord | null = null;
  for (const r of records) if (sounds(r, pause, audibleHere) && (best === null || before(r, best))) best = r;
  return best;
}

function signalOf(best: AlarmRecord | null): AuditorySignal | null {
  return best && { alarmId: best.alarmId, priority: best.priority, escalationLevel: best.escalationLevel };
}

/**
 * selectAuditory kept up to date by the changes, so a flood of alarms does
 * not rescan every alarm on every change: a new or changed alarm only has
 * to beat the current choice; only when the choice itself changes
 * (acknowledged, ended, reset, escalated) or AUDIO PAUSED starts or ends is
 * everything looked at again. AUDIO PAUSED stops silencing when it is due
 * to end, which may be before the tick that ends it: the choice remembers
 * whether the pause was in effect when it was made and is made again when
 * that is no longer so. Measured before choosing this: 4,000 device
 * alarms took the engine 1.1 s with a rescan per change and 0.22 s with
 * this (2-core CI machine), so the rescan was four fifths of its work.
 */
export class AuditoryChoice {
  private best: AlarmRecord | null = null;
  private stale = true;
  /** Whether AUDIO PAUSED was silencing alarms when `best` was chosen. */
  private pausedWhenChosen = false;

  /** `audibleHere` depends only on the alarm's own fields (bed, priority, escalation level), so a change to it is a touch. */
  constructor(private readonly audibleHere: AudibleHere = everyAlarm) {}

  /** An alarm was added, changed or removed. */
  touched(record: AlarmRecord, pause: AudioPause): void {
    this.checkPause(pause);
    if (this.stale) return;
    if (record === this.best) this.stale = true;
    else if (sounds(record, pause, this.audibleHere) && (this.best === null || before(record, this.best))) this.best = record;
  }

  /** Something every alarm's eligibility depends on changed (AUDIO PAUSED), or an unnamed change. */
  invalidate(): void {
    this.stale = true;
  }

  current(records: ReadonlyMap<string, AlarmRecord>, pause: AudioPause): AuditorySignal | null {
    this.checkPause(pause);
    if (this.stale) {
      this.pausedWhenChosen = pause.inEffect();
      this.best = loudest(records.values(), pause, this.audibleHere);
      this.stale = false;
    }
    return signalOf(this.best);
  }

  private checkPause(pause: AudioPause): void {
    if (pause.inEffect() !== this.pausedWhenChosen) this.stale = true;
  }
}

function sounds(r: AlarmRecord, pause: AudioPause, audibleHere: AudibleHere): boolean {
  return wantsToSound(r) && !pause.silences(r) && audibleHere(r);
}

/** Sounds before `other`: higher priority, then known here longer on the monotonic clock, then created first. */
function before(r: AlarmRecord, other: AlarmRecord): boolean {
  return (
    PRIORITY_RANK[r.priority] < PRIORITY_RANK[other.priority] ||
    (r.priority === other.priority && (r.escalatesFrom < other.escalatesFrom || (r.escalatesFrom === other.escalatesFrom && r.seq < other.seq)))
  );
}
