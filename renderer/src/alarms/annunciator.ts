import type { VigilApi } from '../../../shared/ipc/contract';
import { AlarmSounder, type AudioHealth } from '../audio/alarm-sounder';
import { useAlarmStore } from '../store/alarm-store';
import { FlashClock, isFlashing } from './flash-clock';

const REPORT_EVERY_MS = 1000;
/** No answer to the heartbeat for this long: the main process or the link to it is gone. */
const LINK_LOST_AFTER_MS = 5000;

/**
 * What this view sounds on its own when it cannot hear the main process: the
 * HIGH pattern. The alarm list it shows may be out of date and the station
 * cannot tell this view about a new alarm, so the unsafe case is assumed.
 */
export const STATION_LINK_LOST_SIGNAL = { alarmId: 'local:station-link-lost', priority: 'HIGH', escalationLevel: 1 } as const;

/**
 * Connects the auditory alarm signal to the main process's decision: whatever
 * `auditory` says sounds, nothing else; and runs the one clock that flashes
 * the visual signals (flash-clock.ts). Reports a heartbeat every second with
 * the audio health, so a silent failure of the tone – or of this whole view –
 * becomes a technical alarm in the main process. If the heartbeat goes
 * unanswered, the view raises its own alarm: a banner and the HIGH tone.
 */
export function startAnnunciator(api: VigilApi): { sounder: AlarmSounder; stop(): void } {
  let audio: AudioHealth = { ok: false, reason: 'audio not started' };
  let userActive = false;
  let lastAnswerAt = performance.now();
  const report = () => {
    const request = { audio, userActive };
    userActive = false;
    void api.invoke('view:report', request).then(
      (result) => {
        if (result.ok) lastAnswerAt = performance.now();
      },
      () => undefined,
    );
  };
  // Since when this view's alarm list has not been current (a missed update not yet reloaded).
  let alarmsNotCurrentSince: number | null = null;
  const checkLink = () => {
    const now = performance.now();
    if (useAlarmStore.getState().alarmsInSync) alarmsNotCurrentSince = null;
    else alarmsNotCurrentSince ??= now;
    // An alarm list that cannot be reloaded is as bad as no link: new alarms cannot reach this screen.
    const lost = now - lastAnswerAt > LINK_LOST_AFTER_MS || (alarmsNotCurrentSince !== null && now - alarmsNotCurrentSince > LINK_LOST_AFTER_MS);
    if (lost !== useAlarmStore.getState().linkLost) useAlarmStore.getState().setLinkLost(lost);
  };
  const sounder = new AlarmSounder((health) => {
    audio = health;
    report();
  });
  void sounder.start();
  const wanted = (state: ReturnType<typeof useAlarmStore.getState>) => (state.linkLost ? STATION_LINK_LOST_SIGNAL : state.auditory);
  sounder.sound(wanted(useAlarmStore.getState()));
  const unsubscribe = useAlarmStore.subscribe((state, previous) => {
    if (state.auditory !== previous.auditory || state.linkLost !== previous.linkLost) sounder.sound(wanted(state));
  });
  // Its own subscription: a failure in the audio path must not stop the visual signal.
  const flash = new FlashClock(document.documentElement);
  flash.setFlashing(useAlarmStore.getState().alarms.some(isFlashing));
  const unsubscribeFlash = useAlarmStore.subscribe((state, previous) => {
    if (state.alarms !== previous.alarms) flash.setFlashing(state.alarms.some(isFlashing));
  });
  const markActive = () => (userActive = true);
  window.addEventListener('pointerdown', markActive, { passive: true });
  window.addEventListener('keydown', markActive, { passive: true });
  const heartbeat = setInterval(() => {
    report();
    checkLink();
  }, REPORT_EVERY_MS);
  return {
    sounder,
    stop: () => {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeFlash();
      flash.dispose();
      window.removeEventListener('pointerdown', markActive);
      window.removeEventListener('keydown', markActive);
      sounder.stop();
    },
  };
}
