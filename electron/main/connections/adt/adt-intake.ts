import type { StationConfig } from '../../../../shared/config/station-config';
import type { AdtListenerConfig } from '../../../../shared/hl7/adt-config';
import type { Hl7BedMapEntry } from '../../../../shared/hl7/listener-config';
import type { AdtAction, AdtOutcome } from '../../census/adt-event';
import type { AlarmEngine } from '../../alarms/alarm-engine';
import type { Census } from '../../census/census';
import type { Logger } from '../../logging/logger';
import { systemClock, type Clock } from '../../time/clock';
import type { InputRejections } from '../../station/input-rejections';
import type { ConnectionReporter } from '../connection';
import { Hl7Listener } from '../hl7/hl7-listener';
import { Hl7ListenerConnection } from '../hl7/hl7-listener-connection';
import { throttledSendersAlarm } from '../hl7/throttled-senders-alarm';

export const ADT_CONNECTION = 'adt';

/**
 * The hospital's ADT feed as a connection: an MLLP listener of its own
 * (shared/hl7/adt-config.ts) that takes only ADT, decodes each message
 * (connections/hl7/adt-message.ts) and hands it to the census, whose answer
 * decides the ACK – AA only once the change is audited and saved, AE/AR
 * with the reason otherwise. Rejections are counted per sender and reason
 * and sampled into the audit trail like all bad input. A sender over its
 * message rate gets AE (the admission arrives late) and is named in an
 * HL7_SENDER_THROTTLED of this listener's own. `clock` is the station's.
 */
export function adtConnection(
  station: ConnectionReporter & { rejections: Pick<InputRejections, 'reject'>; alarms: Pick<AlarmEngine, 'raiseTechnical' | 'clearTechnical'> },
  census: Pick<Census, 'applyFeed'>,
  config: Pick<StationConfig, 'adt' | 'hl7'> & { adt: AdtListenerConfig },
  log: Logger,
  clock: Clock = systemClock,
): Hl7ListenerConnection {
  const tally = new AdtTally();
  const listener = new Hl7Listener({
    config: { ...config.adt, bedMap: adtBedMap(config) },
    accepts: 'adt',
    logger: log,
    clock,
    sink: {
      numerics: () => {
        throw new Error('the ADT listener takes no observations');
      },
      deviceAlarm: () => {
        throw new Error('the ADT listener takes no alarms');
      },
      adt: async (event) => {
        const outcome = await census.applyFeed(event, ADT_CONNECTION);
        tally.count(event.action, outcome);
        return outcome;
      },
    },
    onIssue: (source, reason) => station.rejections.reject(`adt:${source}`, reason),
    // Its own alarm: the HIS being throttled must not clear (or be cleared by) a monitor's.
    onThrottled: throttledSendersAlarm(station.alarms, { label: 'ADT', subject: ADT_CONNECTION }),
  });
  return new Hl7ListenerConnection({ name: ADT_CONNECTION, kind: 'adt', listener, reporter: station, logger: log, facts: () => tally.facts() });
}

/** The ADT feed's own map, or the device listener's location entries (the same PV1-3 names). */
export function adtBedMap(config: Pick<StationConfig, 'adt' | 'hl7'>): Hl7BedMapEntry[] {
  if (config.adt?.bedMap) return config.adt.bedMap.map((e) => ({ bedId: e.bedId, location: e.location }));
  return (config.hl7?.bedMap ?? []).filter((e) => e.location !== undefined).map((e) => ({ bedId: e.bedId, location: e.location }));
}

/** What the feed did to the census, for the status screen: counts only, never who. */
class AdtTally {
  private changed = 0;
  private unchanged = 0;
  private readonly refused = new Map<string, number>();
  private readonly byAction = new Map<AdtAction, number>();

  count(action: AdtAction, outcome: AdtOutcome): void {
    this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
    if (!outcome.applied) this.refused.set(outcome.reason, (this.refused.get(outcome.reason) ?? 0) + 1);
    else if (outcome.changed) this.changed++;
    else this.unchanged++;
  }

  facts(): Array<{ label: string; value: string }> {
    const list = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    return [
      { label: 'Events applied (changed the census / nothing to do here)', value: `${this.changed} / ${this.unchanged}` },
      { label: 'Events by kind', value: list(this.byAction) },
      { label: 'Events refused, by reason', value: list(this.refused) },
    ];
  }
}
