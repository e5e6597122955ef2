import { ipcMain, MessageChannelMain, webContents, type BrowserWindow, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { INVOKE_CHANNELS, WAVEFORM_PORT_CHANNEL, type InvokeChannel } from '../../../shared/ipc/contract';
import { createInvokeHandlers, dispatchInvoke } from '../ipc/invoke-handlers';
import type { Logger } from '../logging/logger';
import { checkSender, type SenderPolicy } from '../security/sender-policy';
import type { Station, StationView } from '../station/station';

export interface StationIpc {
  /** Makes a window a station view; its requests are answered as that view from now on. */
  attachWindow(window: BrowserWindow, label: string): void;
  /** The window contents a view is (for printing its strip sheet), or null. */
  webContentsOf(viewId: string): WebContents | null;
  dispose(): void;
}

/**
 * Wires the station to Electron IPC. Every invoke is checked three times
 * before a service sees it: the sender frame must be our renderer's top
 * frame, the sending page must belong to an attached window (which names
 * the view, and so the session, it speaks for), and the payload must match
 * the contract schema (dispatchInvoke).
 */
export function registerStationIpc(station: Station, policy: SenderPolicy, log: Logger): StationIpc {
  const handlers = createInvokeHandlers(station);
  const viewIdByContents = new Map<number, string>();
  const channels = Object.keys(INVOKE_CHANNELS) as InvokeChannel[];
  const countRejection = (source: string, reason: string) => station.rejections.reject(source, reason);

  for (const channel of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, request: unknown) => {
      const verdict = checkSender(describeFrame(event.senderFrame), policy);
      const viewId = viewIdByContents.get(event.sender.id);
      if (!verdict.ok || viewId === undefined) {
        const reason = verdict.ok ? 'sender is not an attached view' : verdict.reason;
        log.warn('ipc.sender-rejected', { channel, reason });
        countRejection('ipc', 'sender not allowed');
        return { ok: false, error: 'sender not allowed' };
      }
      return dispatchInvoke(handlers, channel, request, { viewId }, log, countRejection);
    });
  }

  return {
    attachWindow: (window, label) => {
      const contentsId = window.webContents.id;
      const viewId = attachWindowAsView(station, window, label, log);
      viewIdByContents.set(contentsId, viewId);
      window.on('closed', () => viewIdByContents.delete(contentsId));
    },
    webContentsOf: (viewId) => {
      for (const [contentsId, id] of viewIdByContents) if (id === viewId) return webContents.fromId(contentsId) ?? null;
      return null;
    },
    dispose: () => channels.forEach((c) => ipcMain.removeHandler(c)),
  };
}

function describeFrame(frame: WebFrameMain | null | undefined): { url: string; isTopFrame: boolean } | null {
  if (!frame) return null;
  return { url: frame.url, isTopFrame: frame.parent === null };
}

/**
 * Slow events go over ordinary IPC; waveform frames go over a dedicated
 * MessagePort, created afresh on every page load (a reload after a crash
 * gets a new one). The view, and the session signed in at it, outlive a
 * renderer crash: the reloaded page picks both up again.
 */
function attachWindowAsView(station: Station, window: BrowserWindow, label: string, log: Logger): string {
  const contents = window.webContents;
  let port: Electron.MessagePortMain | null = null;
  let crashed: string | null = null;

  const view: StationView = {
    label,
    // Sent while the page loads too: it subscribes before it asks for the snapshot, so
    // an event in between is one it needs (an alarm raised during a reload after a crash).
    event: (channel, payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    },
    waveformFrame: (frame) => port?.postMessage(frame),
  };
  const { viewId, detach } = station.attach(view);

  contents.on('did-finish-load', () => {
    port?.close();
    const { port1, port2 } = new MessageChannelMain();
    port = port1;
    contents.postMessage(WAVEFORM_PORT_CHANNEL, null, [port2]);
    log.info('waveform.port-opened');
    if (crashed !== null) {
      station.audit.record({ action: 'app.crash-recovered', details: { process: 'renderer', reason: crashed } });
      crashed = null;
    }
  });
  contents.on('render-process-gone', (_event, details) => {
    crashed = details.reason;
    port?.close();
    port = null;
  });
  window.on('closed', () => {
    port?.close();
    port = null;
    detach();
  });
  return viewId;
}
