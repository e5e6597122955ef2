import { app, powerMonitor, type BrowserWindow } from 'electron';
import type { Logger } from '../logging/logger';
import { quitDecision, type QuitTrigger } from '../station/clinical-quit';
import { closeStation } from '../station/create-station';
import type { Station } from '../station/station';

/**
 * The Electron end of the clinical quit (station/clinical-quit.ts decides):
 * File → Quit, Cmd-Q, the dock's Quit and the window's close button all ask
 * the view for the signed-in, confirmed quit instead of stopping. The app
 * stops only once the station approved a quit (durably audited: a clinical
 * quit, or an admin's restart into an update, whose quit electron-updater
 * makes itself), or when the
 * operating system shuts down or terminates the app, which cannot be refused: that stop leaves the
 * run marker, and the next start audits it as a stop without a clinical quit.
 * A kiosk wall refuses every quit from its own UI.
 */
export interface QuitGuard {
  /** The station is running: quits from now on need its approval. */
  attach(station: Station, window: BrowserWindow): void;
  /** For the menu's Quit item. */
  request(trigger: QuitTrigger): void;
}

export function installQuitGuard(options: { wallMode: boolean; log: Logger }): QuitGuard {
  const { log } = options;
  let station: Station | null = null;
  let window: BrowserWindow | null = null;
  let osStop: 'os-shutdown' | 'signal' | null = null;
  let closed = false;

  const decide = (trigger: QuitTrigger) =>
    station === null ? 'proceed' : quitDecision({ approved: station.quit.approvedQuit() !== null, wallMode: options.wallMode }, osStop ?? trigger);

  const stopForOs = (kind: 'os-shutdown' | 'signal') => {
    osStop ??= kind;
    log.warn('quit.os-stop', { kind });
    app.quit();
  };
  // `kill`, a service manager stopping the app, Ctrl-C in a terminal: the OS is stopping us. The stop is
  // recorded (app.stop), the run marker stays, and the next start audits it as a stop without a clinical quit.
  // Should Electron turn a signal into a plain app quit before this runs, that quit asks the view instead;
  // the service manager's SIGKILL that follows is then what the next start audits. Safe either way.
  process.on('SIGTERM', () => stopForOs('signal'));
  process.on('SIGINT', () => stopForOs('signal'));

  const request = (trigger: QuitTrigger) => {
    const decision = decide(trigger);
    if (decision === 'proceed') {
      app.quit();
      return;
    }
    if (decision === 'refuse') {
      log.warn('quit.refused', { trigger, reason: 'wall' });
      return;
    }
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
    station!.requestQuit(trigger);
  };

  app.on('before-quit', (event) => {
    if (station === null || closed) return;
    event.preventDefault();
    if (decide('app-quit') !== 'proceed') {
      request('app-quit');
      return;
    }
    const closing = station;
    station = null;
    // Quitting waits (briefly) for the audit trail to record the stop and flush.
    void closeStation(closing, osStop ? { reason: osStop } : {})
      .catch((error: Error) => log.error('station.close-failed', { reason: error.message }))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  return {
    attach(attached, attachedWindow) {
      station = attached;
      window = attachedWindow;
      // Linux and macOS announce a shutdown or reboot here (powerMonitor works only once the app is ready,
      // as it is by now); Windows announces it on the window ('session-end', below).
      powerMonitor.on('shutdown', () => stopForOs('os-shutdown'));
      attached.quit.onApproved((quit) => {
        log.info('quit.approved', { role: quit.role });
        app.quit();
      });
      attachedWindow.on('close', (event) => {
        if (decide('window-close') === 'proceed') return;
        event.preventDefault();
        request('window-close');
      });
      attachedWindow.on('session-end', () => stopForOs('os-shutdown'));
    },
    request,
  };
}
