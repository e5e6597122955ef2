import type { VigilApi } from '../../../shared/ipc/contract';
import { AlarmSounder, type AudioHealth } from '../audio/alarm-sounder';
import { useAlarmStore } from '../store/alarm-store';

const REPORT_EVERY_MS = 1000;

/**
 * Connects the auditory alarm signal to the main process's decision: whatever
 * `auditory` says sounds, nothing else. Reports a heartbeat every second with
 * the audio health, so a silent failure of the tone – or of this whole view –
 * becomes a technical alarm in the main process.
 */
export function startAnnunciator(api: VigilApi): { sounder: AlarmSounder; stop(): void } {
  let audio: AudioHealth = { ok: false, reason: 'audio not started' };
  let userActive = false;
  const report = () => {
    const request = { audio, userActive };
    userActive = false;
    void api.invoke('view:report', request);
  };
  const sounder = new AlarmSounder((health) => {
    audio = health;
    report();
  });
  void sounder.start();
  sounder.sound(useAlarmStore.getState().auditory);
  const unsubscribe = useAlarmStore.subscribe((state, previous) => {
    if (state.auditory !== previous.auditory) sounder.sound(state.auditory);
  });
  const markActive = () => (userActive = true);
  window.addEventListener('pointerdown', markActive, { passive: true });
  window.addEventListener('keydown', markActive, { passive: true });
  const heartbeat = setInterval(report, REPORT_EVERY_MS);
  return {
    sounder,
    stop: () => {
      clearInterval(heartbeat);
      unsubscribe();
      window.removeEventListener('pointerdown', markActive);
      window.removeEventListener('keydown', markActive);
      sounder.stop();
    },
  };
}
