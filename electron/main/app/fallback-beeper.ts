import { shell } from 'electron';
import type { AlarmsUpdate } from '../../../shared/domain/station-event';
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
  const apply = (update: AlarmsUpdate) => {
    const viewCannotSound = update.alarms.some((a) => a.state !== 'resolved' && VIEW_CANNOT_SOUND.has(a.code));
    const shouldBeep = viewCannotSound && update.auditory !== null;
    if (shouldBeep && !timer) {
      shell.beep();
      timer = setInterval(() => shell.beep(), BEEP_EVERY_MS);
    } else if (!shouldBeep && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  const unsubscribe = station.alarms.onChange(apply);
  apply(station.alarms.snapshot());
  return () => {
    unsubscribe();
    if (timer) clearInterval(timer);
  };
}
