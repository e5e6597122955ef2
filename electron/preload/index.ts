import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_GLOBAL,
  isEventChannel,
  isInvokeChannel,
  WAVEFORM_PORT_CHANNEL,
} from '../../shared/ipc/channels';
import type { VigilApi } from '../../shared/ipc/contract';

/**
 * The renderer's only door to the main process: the typed VigilApi from the
 * shared contract, restricted to the contract's channel names. Raw ipcRenderer
 * is never exposed.
 */
const waveformListeners = new Set<(frame: ArrayBuffer) => void>();
let waveformPort: MessagePort | null = null;

ipcRenderer.on(WAVEFORM_PORT_CHANNEL, (event: IpcRendererEvent) => {
  waveformPort?.close();
  const port = event.ports[0];
  if (!port) return;
  waveformPort = port;
  port.onmessage = (message: MessageEvent) => {
    if (!(message.data instanceof ArrayBuffer)) return;
    for (const listener of waveformListeners) listener(message.data);
  };
});

const api: VigilApi = {
  invoke: (channel, request) =>
    isInvokeChannel(channel) ? ipcRenderer.invoke(channel, request) : Promise.resolve({ ok: false, error: 'unknown channel' }),
  on: (channel, listener) => {
    if (!isEventChannel(channel)) throw new Error(`unknown event channel ${String(channel)}`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
  onWaveformFrame: (listener) => {
    waveformListeners.add(listener);
    return () => waveformListeners.delete(listener);
  },
};

/**
 * The preload checks its own confinement before it opens the door: it must
 * run sandboxed and in its own JS world. If either is off (a wrong
 * webPreferences, a build that lost them), no API is exposed and the page
 * says it cannot reach the station – loud, instead of a renderer with more
 * power than it should have. The verdict stays in this (isolated) world,
 * where the Electron e2e suite reads it; a page that can see it proves the
 * isolation is broken.
 */
const confinement = Object.freeze({ sandboxed: process.sandboxed === true, contextIsolated: process.contextIsolated === true });
(globalThis as { __vigilPreloadConfinement?: unknown }).__vigilPreloadConfinement = confinement;
if (confinement.sandboxed && confinement.contextIsolated) contextBridge.exposeInMainWorld(API_GLOBAL, api);
