import type { AlarmCondition } from '../../../../shared/domain/alarm-condition';
import type { StationHost } from '../../../host/station-host';

/**
 * Runs the station's clock forward (a scenario's minutes in seconds) until it
 * lists an alarm that `match`es: `stepMs` of station time per 50 ms of real
 * time, so the page keeps up with the data. Checks the station after every
 * step and stops at once: it returns when the alarm exists, never after a
 * guessed wait.
 */
export async function fastForwardUntilAlarm(host: StationHost, match: (a: AlarmCondition) => boolean, { stepMs = 2000, maxStationMs = 900_000 } = {}): Promise<AlarmCondition> {
  for (let ran = 0; ran <= maxStationMs; ran += stepMs) {
    const alarm = host.station.alarms.list().find(match);
    if (alarm) return alarm;
    host.advanceClock(stepMs);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no matching alarm after ${maxStationMs} ms of station time: ${JSON.stringify(host.station.alarms.list().map((a) => [a.bedId, a.code]))}`);
}
