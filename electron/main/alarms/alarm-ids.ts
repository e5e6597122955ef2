import { randomBytes } from 'node:crypto';

/**
 * Alarm ids: `<stationId>:<startPrefix>:<counter>`.
 * - The counter (base 36) orders alarms created by this run and keeps ids short.
 * - The random per-start prefix (32 bits) keeps ids unique across restarts
 *   without persisting a counter: an acknowledgement from another station or
 *   an audit row about alarm `…:7` from a previous run can then never be
 *   taken for the new run's alarm `…:7`.
 * - The station id keeps them unique across stations sharing a back end.
 * At most 64 characters (AlarmConditionSchema): a 48-character station id
 * still leaves six base-36 digits, two billion alarms per run.
 */
export class AlarmIdSource {
  private counter = 0;
  /** `<stationId>:<startPrefix>:`, unique to this run: also names its alarm stream. */
  readonly stem: string;

  constructor(stationId: string, startPrefix: string = randomBytes(4).toString('hex')) {
    this.stem = `${stationId}:${startPrefix}:`;
    if (this.stem.length > 58) throw new RangeError('station id and prefix leave no room for the alarm counter');
  }

  next(): { alarmId: string; seq: number } {
    const seq = ++this.counter;
    return { alarmId: this.stem + seq.toString(36), seq };
  }
}
