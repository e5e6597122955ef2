/**
 * Runs in the page before the renderer: installs `window.vigil` with the same
 * VigilApi the Electron preload provides, carried over a WebSocket to the test
 * host. Requests made before the socket opens are queued; if the socket drops,
 * it reconnects and the renderer's own no-data check greys the wall meanwhile.
 */
import { API_GLOBAL } from '../../shared/ipc/channels';
import type { InvokeResult, VigilApi } from '../../shared/ipc/contract';
import { BRIDGE_PATH, type BridgeMessage } from './bridge-protocol';

const pending = new Map<number, (result: InvokeResult<never>) => void>();
const eventListeners = new Map<string, Set<(payload: never) => void>>();
const waveformListeners = new Set<(frame: ArrayBuffer) => void>();
const outbox: string[] = [];
let nextId = 1;
let socket: WebSocket | null = null;

function connect(): void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}`);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => {
    socket = ws;
    for (const text of outbox.splice(0)) ws.send(text);
  };
  ws.onmessage = (message) => {
    if (message.data instanceof ArrayBuffer) {
      for (const listener of waveformListeners) listener(message.data);
      return;
    }
    const parsed = JSON.parse(String(message.data)) as BridgeMessage;
    if (parsed.type === 'result') {
      pending.get(parsed.id)?.(parsed.result as InvokeResult<never>);
      pending.delete(parsed.id);
    } else {
      for (const listener of eventListeners.get(parsed.channel) ?? []) listener(parsed.payload as never);
    }
  };
  ws.onclose = () => {
    socket = null;
    for (const [id, resolve] of pending) {
      resolve({ ok: false, error: 'bridge disconnected' });
      pending.delete(id);
    }
    setTimeout(connect, 500);
  };
}

const api: VigilApi = {
  invoke: (channel, request) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (r: InvokeResult<never>) => void);
      const text = JSON.stringify({ type: 'invoke', id, channel, request });
      if (socket) socket.send(text);
      else outbox.push(text);
    }),
  on: (channel, listener) => {
    const set = eventListeners.get(channel) ?? new Set();
    set.add(listener as (payload: never) => void);
    eventListeners.set(channel, set);
    return () => set.delete(listener as (payload: never) => void);
  },
  onWaveformFrame: (listener) => {
    waveformListeners.add(listener);
    return () => waveformListeners.delete(listener);
  },
};

Object.defineProperty(window, API_GLOBAL, { value: Object.freeze(api), writable: false });
connect();
