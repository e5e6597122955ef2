import { readFile } from 'node:fs/promises';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';
import { StationConfigSchema, type StationConfigInput } from '../../shared/config/station-config';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';
import { createInvokeHandlers, dispatchInvoke } from '../../electron/main/ipc/invoke-handlers';
import { silentLogger, type Logger } from '../../electron/main/logging/logger';
import { closeStation, createStation, type CreateStationOptions } from '../../electron/main/station/create-station';
import { systemClock, type Clock } from '../../electron/main/time/clock';
import type { Station, StationView } from '../../electron/main/station/station';
import type { ApprovedQuit } from '../../electron/main/station/clinical-quit';
import { auditWorkerEntryForTests } from '../electron/main/audit/audit-worker-entry-for-tests';
import { BRIDGE_PATH, BRIDGE_SCRIPT_PATH, BridgeRequestSchema, type BridgeMessage } from './bridge-protocol';
import type { AuditWorkerEntry } from '../../electron/main/audit/worker-entry';

/**
 * The test host: the real station core in Node, serving the built renderer to
 * any browser and giving the page the same VigilApi the Electron preload does,
 * over a WebSocket bridge injected before the app script. Not part of the
 * product: it is how CI (and a developer without the Electron binary) drives
 * the real UI against the real main-process code.
 */
export interface StationHostOptions {
  config?: StationConfigInput;
  wallMode?: boolean;
  port?: number;
  host?: string;
  rendererDir?: string;
  logger?: Logger;
  /**
   * Folder for the audit trail and users (default: a fresh temp folder,
   * removed on close). The simulated unit seeds the training accounts there.
   */
  dataDir?: string;
  /**
   * How long a view may miss its heartbeat (default the station's), and the
   * recorder's thread its own: a spec that runs the station's clock ahead of
   * real time (advanceClock) widens both, since the page and the thread beat
   * in real time.
   */
  viewTimeoutMs?: number;
  /** The audit writer thread (default: from the TypeScript sources through tsx). */
  auditWorker?: AuditWorkerEntry;
  /** In-app updates with a stand-in for electron-updater (default: none, as in every browser run). */
  updates?: CreateStationOptions['updates'];
}

export interface StationHost {
  url: string;
  station: Station;
  /**
   * Moves the station's clock forward (escalation timers, audio pause) without
   * waiting: the injected time the e2e tests use instead of sleeping.
   */
  advanceClock(ms: number): void;
  /** Sets the station's wall clock by `ms` (negative: back) with no time passing, as NTP or a technician would. */
  stepWallClock(ms: number): void;
  /** Number of bridge requests refused (bad origin or malformed). */
  rejectedBridgeRequests(): number;
  /**
   * Resolves when someone closes the station from the UI (the same clinical
   * quit as the Electron app: signed in, confirmed, audited). The CLI then
   * stops the host, as the app would quit.
   */
  quitApproved: Promise<ApprovedQuit>;
  close(): Promise<void>;
}

const ROOT = resolve(__dirname, '../..');
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export async function startStationHost(options: StationHostOptions = {}): Promise<StationHost> {
  const log = options.logger ?? silentLogger;
  const rendererDir = options.rendererDir ?? join(ROOT, 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run \`npm run build\` first.`);
  }
  const config = StationConfigSchema.parse(options.config ?? {});
  const ownDataDir = options.dataDir ? null : mkdtempSync(join(tmpdir(), 'vigil-host-'));
  // Time the e2e tests let pass without waiting (both clocks move), and wall-clock steps (only the wall clock moves).
  let clockOffsetMs = 0;
  let wallStepMs = 0;
  const clock: Clock = { monotonic: () => systemClock.monotonic() + clockOffsetMs, wall: () => systemClock.wall() + clockOffsetMs + wallStepMs };
  const station = await createStation(config, {
    wallMode: options.wallMode ?? false,
    logger: log,
    clock,
    dataDir: options.dataDir ?? ownDataDir!,
    projectRoot: ROOT,
    auditWorker: options.auditWorker ?? auditWorkerEntryForTests(),
    // Training PINs are hashed at the minimum cost: the host starts in tests, often.
    hashCost: 2 ** 14,
    viewTimeoutMs: options.viewTimeoutMs,
    disclosureSilenceMs: options.viewTimeoutMs,
    updates: options.updates,
  });
  const handlers = createInvokeHandlers(station);
  const countRejection = (source: string, reason: string) => station.rejections.reject(source, reason);
  const bridgeScript = await bundleBridge();
  let rejected = 0;

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: Error) => {
      res.writeHead(500).end(error.message);
    });
  });

  /**
   * The host answers only requests addressed to it by its own address (a
   * DNS-rebinding page names another host) and, when a browser says where a
   * request comes from, only its own page: another web page the developer
   * has open must not be able to move the station's clock or run scenarios.
   */
  function fromOurselves(req: IncomingMessage): boolean {
    const hostHeader = req.headers.host ?? '';
    if (!allowedHosts.has(hostHeader)) return false;
    return req.headers.origin === undefined || req.headers.origin === `http://${hostHeader}`;
  }
  const allowedHosts = new Set<string>();

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!fromOurselves(req)) {
      rejected++;
      countRejection('bridge', 'request from another host or origin');
      return send(res, 403, 'text/plain', 'forbidden');
    }
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    if (path === BRIDGE_SCRIPT_PATH) return send(res, 200, MIME['.js']!, bridgeScript);
    if (path === '/__vigil/test/scenario' && req.method === 'POST') {
      const result = await dispatchInvoke(handlers, 'scenario:trigger', safeJson(await readBody(req)), { viewId: 'test-host' }, log, countRejection);
      return send(res, result.ok ? 200 : 400, 'application/json', JSON.stringify(result));
    }
    if (path === '/__vigil/test/advance-clock' && req.method === 'POST') {
      const ms = Number((safeJson(await readBody(req)) as { ms?: unknown } | undefined)?.ms);
      if (!Number.isInteger(ms) || ms <= 0 || ms > 3_600_000) return send(res, 400, 'text/plain', 'ms must be 1..3600000');
      clockOffsetMs += ms;
      return send(res, 200, 'application/json', JSON.stringify({ offsetMs: clockOffsetMs }));
    }
    if (path === '/__vigil/test/snapshot') return send(res, 200, 'application/json', JSON.stringify(station.snapshot()));
    const file = path === '/' ? 'index.html' : path.slice(1);
    const full = normalize(join(rendererDir, file));
    if (!full.startsWith(rendererDir + sep) || !existsSync(full)) return send(res, 404, 'text/plain', 'not found');
    let body: string | Buffer = await readFile(full);
    if (file === 'index.html') {
      // The bridge must define window.vigil before the (deferred) app module runs.
      body = body.toString('utf8').replace('<head>', `<head>\n    <script src="${BRIDGE_SCRIPT_PATH}"></script>`);
    }
    return send(res, 200, MIME[extname(full)] ?? 'application/octet-stream', body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    // Same rule as the Electron sender check: only our own page may talk to the station.
    if (path !== BRIDGE_PATH || !fromOurselves(req) || req.headers.origin === undefined) {
      rejected++;
      log.warn('bridge.rejected-origin');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, `browser ${req.socket.remoteAddress ?? 'unknown'}`));
  });

  function attachSocket(ws: WebSocket, label: string): void {
    const view: StationView = {
      label,
      event: (channel, payload) => sendJson(ws, { type: 'event', channel, payload }),
      // Waveforms are disposable: if this socket is backed up, drop the frame rather than queue it.
      waveformFrame: (frame) => {
        if (ws.readyState === ws.OPEN && ws.bufferedAmount < 1_000_000) ws.send(frame);
      },
    };
    const { viewId, detach } = station.attach(view);
    ws.on('close', detach);
    // An oversized or broken frame: counted and the socket closed, never an unhandled error.
    ws.on('error', (error) => {
      rejected++;
      log.warn('bridge.socket-error', { reason: error.message.slice(0, 120) });
      countRejection('bridge', 'broken or oversized frame');
    });
    ws.on('message', (data, isBinary) => {
      const parsed = isBinary ? null : BridgeRequestSchema.safeParse(safeJson(data.toString()));
      if (!parsed?.success) {
        rejected++;
        log.warn('bridge.rejected-message');
        countRejection('bridge', 'malformed bridge message');
        return;
      }
      const { id, channel, request } = parsed.data;
      void dispatchInvoke(handlers, channel, request, { viewId }, log, countRejection).then((result) => sendJson(ws, { type: 'result', id, result }));
    });
  }

  await new Promise<void>((ready) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', ready));
  const address = server.address() as AddressInfo;
  allowedHosts.add(`${options.host ?? '127.0.0.1'}:${address.port}`);
  if ((options.host ?? '127.0.0.1') === '127.0.0.1') allowedHosts.add(`localhost:${address.port}`);
  station.start();
  const quitApproved = new Promise<ApprovedQuit>((resolve) => station.quit.onApproved(resolve));
  return {
    quitApproved,
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}/`,
    station,
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    stepWallClock: (ms) => {
      wallStepMs += ms;
    },
    rejectedBridgeRequests: () => rejected,
    close: async () => {
      station.stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
      await closeStation(station);
      // The fallback journal and the signing key live beside the data folder, not in it.
      if (ownDataDir) for (const dir of [ownDataDir, `${ownDataDir}-audit-journal`, `${ownDataDir}-audit-key`]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sendJson(ws: WebSocket, message: BridgeMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' });
  res.end(body);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
      if (body.length > 64 * 1024) req.destroy(new Error('body too large'));
    });
    req.on('end', () => done(body || '{}'));
    req.on('error', fail);
  });
}

let bridgeBundle: Promise<string> | null = null;
function bundleBridge(): Promise<string> {
  bridgeBundle ??= build({
    entryPoints: [join(__dirname, 'bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bridgeBundle;
}

