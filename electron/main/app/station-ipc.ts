import { ipcMain, MessageChannelMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { INVOKE_CHANNELS, WAVEFORM_PORT_CHANNEL, type InvokeChannel } from '../../../shared/ipc/contract';
import { createInvokeHandlers, dispatchInvoke } from '../ipc/invoke-handlers';
import type { Logger } from '../logging/logger';
import { checkSender, type SenderPolicy } from '../security/sender-policy';
import type { Station, StationView } from '../station/station';

/**
 * Wires the station to Electron IPC. Every invoke is checked twice before a
 * service sees it: the sender frame must be our renderer's top frame, and the
 * payload must match the contract schema (dispatchInvoke).
 */
export function registerStationIpc(station: Station, policy: SenderPolicy, log: Logger): () => void {
  const handlers = createInvokeHandlers(station);
  const channels = Object.keys(INVOKE_CHANNELS) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, request: unknown) => {
      const verdict = checkSender(describeFrame(event.senderFrame), policy);
      if (!verdict.ok) {
        log.warn('ipc.sender-rejected', { channel, reason: verdict.reason });
        return { ok: false, error: 'sender not allowed' };
      }
      return dispatchInvoke(handlers, channel, request, log);
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

function describeFrame(frame: WebFrameMain | null | undefined): { url: string; isTopFrame: boolean } | null {
  if (!frame) return null;
  return { url: frame.url, isTopFrame: frame.parent === null };
}

/**
 * Attaches a window as a station view. Slow events go over ordinary IPC;
 * waveform frames go over a dedicated MessagePort, created afresh on every
 * page load (a reload after a crash gets a new one).
 */
export function attachWindowAsView(station: Station, window: BrowserWindow, log: Logger): void {
  const contents = window.webContents;
  let port: Electron.MessagePortMain | null = null;

  const view: StationView = {
    event: (channel, payload) => {
      if (!contents.isDestroyed() && !contents.isLoading()) contents.send(channel, payload);
    },
    waveformFrame: (frame) => port?.postMessage(frame),
  };
  const detach = station.attach(view);

  contents.on('did-finish-load', () => {
    port?.close();
    const { port1, port2 } = new MessageChannelMain();
    port = port1;
    contents.postMessage(WAVEFORM_PORT_CHANNEL, null, [port2]);
    log.info('waveform.port-opened');
  });
  contents.on('render-process-gone', () => {
    port?.close();
    port = null;
  });
  window.on('closed', () => {
    port?.close();
    port = null;
    detach();
  });
}
