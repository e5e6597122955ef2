import { shell } from 'electron';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import type { AlarmsDelta } from '../../../shared/domain/station-event';
import type { Station } from '../station/station';

/** Technical alarms meaning no window can be trusted to sound the alarm tone. */
const VIEW_CANNOT_SOUND = new Set(['RENDERER_UNRESPONSIVE', 'AUDIO_UNAVAILABLE']);
const BEEP_EVERY_MS = 1000;

/**
 * Last resort when the view that should play the IEC tone cannot: the main
 * process beeps through the OS for as long as something should be sounding
 * and the view is hung or its audio has failed. Crude, but a hung renderer
 * must not make a HIGH alarm silent.
 */
export function startFallbackBeeper(station: Station): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  // Per alarm id of those technical alarms: still current? Kept from the deltas, so a flood of other alarms costs nothing here.
  const cannotSound = new Map<string, boolean>();
  const apply = (update: { alarms: AlarmCondition[]; auditory: AlarmsDelta['auditory']; replace: boolean; removed: readonly string[] }) => {
    if (update.replace) cannotSound.clear();
    for (const id of update.removed) cannotSound.delete(id);
    for (const a of update.alarms) if (VIEW_CANNOT_SOUND.has(a.code)) cannotSound.set(a.alarmId, a.state !== 'resolved');
    const viewCannotSound = [...cannotSound.values()].some(Boolean);
    const shouldBeep = viewCannotSound && update.auditory !== null;
    if (shouldBeep && !timer) {
      shell.beep();
      timer = setInterval(() => shell.beep(), BEEP_EVERY_MS);
    } else if (!shouldBeep && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  // The engine's own deltas reach this listener one by one, in order: nothing to resync.
  const unsubscribe = station.alarms.onChange((delta) => apply({ alarms: delta.changed, auditory: delta.auditory, replace: delta.replace, removed: delta.removed }));
  const snapshot = station.alarms.snapshot();
  apply({ alarms: snapshot.alarms, auditory: snapshot.auditory, replace: true, removed: [] });
  return () => {
    unsubscribe();
    if (timer) clearInterval(timer);
  };
}
