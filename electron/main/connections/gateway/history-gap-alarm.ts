import type { Bed } from '../../../../shared/domain/bed';
import type { HistoryGapReason } from '../../../../shared/protocol/journal';
import type { AlarmEngine } from '../../alarms/alarm-engine';
import type { Logger } from '../../logging/logger';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Alarm history incomplete 02:14–02:19": the back end cannot prove this
 * station was shown every alarm episode of a span (see journal.ts,
 * judgeResume). Unknown is unsafe, so it is a technical alarm
 * (HISTORY_INCOMPLETE, MEDIUM, latching): raised and ended at once, because
 * it is about the past; it sounds until someone acknowledges it and stays
 * until an alarm reset, so someone checks the bedside monitors' own
 * histories for that span. One per gap, naming the beds and the span.
 *
 * The span is in THIS station's clock: from the last moment it provably had
 * everything (`from`, null if it never had a position) to now. That is
 * conservative (the gateway may have kept part of it) and never mixes two
 * machines' clocks.
 */
export class HistoryGapAlarm {
  private gaps = 0;

  constructor(
    private readonly alarms: Pick<AlarmEngine, 'raiseTechnical' | 'clearTechnical'>,
    private readonly beds: readonly Bed[],
    private readonly log: Logger,
  ) {}

  raise(reason: HistoryGapReason, from: number | null, to: number): string {
    const subject = `gap-${++this.gaps}-${to}`;
    const message = `Alarm history incomplete ${span(from, to)}, ${this.bedsText()}: check the bedside monitors`.slice(0, 120);
    this.log.error('gateway.history-incomplete', { reason, from, to, beds: this.beds.length });
    const alarmId = this.alarms.raiseTechnical('HISTORY_INCOMPLETE', {
      bedId: null,
      subject,
      latching: true,
      message,
      details: { reason, gap_from: from, gap_to: to, beds: this.beds.map((b) => b.bedId).join(',').slice(0, 600) },
    });
    this.alarms.clearTechnical('HISTORY_INCOMPLETE', null, subject);
    return alarmId;
  }

  private bedsText(): string {
    if (this.beds.length === 1) return this.beds[0]!.label;
    return `all ${this.beds.length} beds`;
  }
}

/** Local time, to the minute; the date too when the span is not within one day. */
export function span(from: number | null, to: number): string {
  if (from === null) return `before ${clock(to)}`;
  const sameDay = new Date(from).toDateString() === new Date(to).toDateString();
  return sameDay ? `${clock(from)}–${clock(to)}` : `${day(from)} ${clock(from)}–${day(to)} ${clock(to)}`;
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function day(ms: number): string {
  const d = new Date(ms);
  return `${d.getDate()} ${MONTHS[d.getMonth()]}`;
}
