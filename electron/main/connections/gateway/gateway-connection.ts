import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, WIRE_EVENTS } from '../../../../shared/protocol/version';
import { MAX_TRANSPORT_FRAME_BYTES } from '../../../../shared/protocol/limits';
import type { Handshake } from '../../../../shared/protocol/handshake';
import { silentLogger, type Logger } from '../../logging/logger';
import { probeTcp } from './reachability-probe';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './reconnect-backoff';

export interface GatewayConnectionOptions {
  urls: readonly string[];
  stationId: string;
  /** How other stations name this one (sent in the handshake). */
  label?: string;
  token: string;
  /** PEM file with the hospital CA bundle; read at every attempt so a renewed bundle is picked up. */
  caFile?: string;
  heartbeatMs: number;
  connectTimeoutMs: number;
  backoff?: BackoffPolicy;
  logger?: Logger;
  /** A monotonic reading: heartbeat silence is a duration (the feed passes its clock's). Default performance.now. */
  now?: () => number;
}

/** One live, authenticated socket to one gateway URL. */
export interface GatewayLink {
  readonly url: string;
  /** Sends and waits for the gateway's answer; null if not connected, timed out or the link closed meanwhile. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  /** Fire and forget; false if the link is not connected. */
  send(event: string, payload: unknown): boolean;
  /**
   * Ends this link. `failed`: the gateway misbehaved (bad snapshot, no
   * answer), so the next attempt waits out the backoff instead of retrying at once.
   */
  close(reason: string, failed?: boolean): void;
}

export interface ConnectionHandlers {
  opened(link: GatewayLink): void;
  /** An open link is gone: closed by either side, or silent for 3 heartbeat intervals (half-open). */
  lost(url: string, reason: string): void;
  /** An attempt failed before the link came up (refused, unreachable, TLS, timeout). */
  attemptFailed(url: string, reason: string): void;
  message(payload: unknown): void;
  waveform(seq: unknown, frame: unknown): void;
  unknownEvent(name: string): void;
}

type AttemptResult =
  | { opened: true; reason: string; failed: boolean }
  /** unreachable: nothing answered (refused, DNS, TLS, timeout); refused: the gateway said no (token, version). */
  | { opened: false; kind: 'unreachable' | 'refused' | 'config'; reason: string };

const MISSED_HEARTBEATS = 3;
const PROBE_INTERVAL_MS = 400;
const PROBE_JITTER_MS = 200;
const PROBE_TIMEOUT_MS = 300;
/** After losing an open link, the first retry is spread over this window (a restarted gateway is not hit by every station at once). */
const FIRST_RETRY_JITTER_MS = 200;

/**
 * The station's connection to the back end: failover over the configured
 * URLs, token and protocol version in the handshake, TLS with the hospital
 * CA bundle, exponential backoff with jitter (capped at 10 s) between rounds
 * of failed attempts, a TCP reachability probe that cuts the backoff short
 * when a refused server comes back, and heartbeats that notice a half-open
 * link (the peer vanished without closing). socket.io's own reconnection is
 * off: failover across URLs and the probe are decided here.
 */
export class GatewayConnection {
  private readonly log: Logger;
  private readonly now: () => number;
  private closed = false;
  private current: { finish: (result: AttemptResult) => void } | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly options: GatewayConnectionOptions,
    private readonly handlers: ConnectionHandlers,
  ) {
    if (options.urls.length === 0) throw new RangeError('the gateway feed needs at least one url');
    this.log = options.logger ?? silentLogger;
    this.now = options.now ?? (() => performance.now());
  }

  start(): void {
    void this.run().catch((error: Error) => this.log.error('gateway.connection-loop-failed', { reason: error.message.slice(0, 200) }));
  }

  close(): void {
    this.closed = true;
    this.current?.finish({ opened: true, reason: 'station closing', failed: false });
    this.wake?.();
  }

  private async run(): Promise<void> {
    const urls = this.options.urls;
    let round = 0;
    let index = 0;
    /** URLs whose last attempt found nothing listening: the probe watches them. */
    const unreachable = new Set<string>();
    while (!this.closed) {
      const url = urls[index]!;
      const result = await this.attempt(url);
      if (this.closed) return;
      if (result.opened) {
        this.handlers.lost(url, result.reason);
        if (result.failed) {
          await this.pause(backoffDelay(round++, this.options.backoff ?? DEFAULT_BACKOFF));
        } else {
          round = 0;
          await this.pause(Math.random() * FIRST_RETRY_JITTER_MS);
        }
        continue;
      }
      this.handlers.attemptFailed(url, result.reason);
      if (result.kind === 'unreachable') unreachable.add(url);
      else unreachable.delete(url);
      index = (index + 1) % urls.length;
      if (index !== 0) continue; // fail over to the next URL at once; back off after a full round
      const delay = backoffDelay(round++, this.options.backoff ?? DEFAULT_BACKOFF);
      const reachable = await this.waitOrProbe(delay, [...unreachable]);
      if (reachable !== null) index = urls.indexOf(reachable);
    }
  }

  private attempt(url: string): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve) => {
      let ca: string | undefined;
      try {
        ca = this.options.caFile ? readFileSync(this.options.caFile, 'utf8') : undefined;
      } catch (error) {
        resolve({ opened: false, kind: 'config', reason: `CA bundle unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
        return;
      }
      const handshake: Handshake = {
        protocol: PROTOCOL_VERSION,
        stationId: this.options.stationId,
        ...(this.options.label !== undefined ? { label: this.options.label } : {}),
        token: this.options.token,
        heartbeatMs: this.options.heartbeatMs,
      };
      const socket: Socket = io(socketIoUrl(url), {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: this.options.connectTimeoutMs,
        auth: handshake,
        ca,
        rejectUnauthorized: true,
        // Passed through to the ws client: a larger frame closes the socket instead of being buffered.
        maxPayload: MAX_TRANSPORT_FRAME_BYTES,
      } as Parameters<typeof io>[1]);

      let opened = false;
      let settled = false;
      let lastInboundAt = this.now();
      let heartbeatTimer: ReturnType<typeof setInterval> | null = null;
      const guard = setTimeout(() => finish({ opened: false, kind: 'unreachable', reason: 'connect timeout' }), this.options.connectTimeoutMs + 500);

      const finish = (result: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        if (heartbeatTimer) clearInterval(heartbeatTimer);
        socket.offAny();
        socket.removeAllListeners();
        socket.disconnect();
        if (this.current?.finish === finish) this.current = null;
        resolve(result);
      };
      this.current = { finish };

      const link: GatewayLink = {
        url,
        request: async (event, payload, timeoutMs) => {
          if (settled || !socket.connected) return null;
          try {
            return payload === undefined ? await socket.timeout(timeoutMs).emitWithAck(event) : await socket.timeout(timeoutMs).emitWithAck(event, payload);
          } catch {
            return null;
          }
        },
        send: (event, payload) => {
          if (settled || !socket.connected) return false;
          socket.emit(event, payload);
          return true;
        },
        close: (reason, failed = false) => finish({ opened: true, reason, failed }),
      };

      socket.on('connect', () => {
        opened = true;
        clearTimeout(guard);
        lastInboundAt = this.now();
        const intervalMs = Math.max(50, Math.floor(this.options.heartbeatMs / 4));
        heartbeatTimer = setInterval(() => {
          if (this.now() - lastInboundAt > MISSED_HEARTBEATS * this.options.heartbeatMs) {
            finish({ opened: true, reason: `no heartbeat for ${MISSED_HEARTBEATS * this.options.heartbeatMs} ms (half-open link)`, failed: false });
          }
        }, intervalMs);
        heartbeatTimer.unref?.();
        this.handlers.opened(link);
      });
      socket.on('connect_error', (error: Error & { data?: unknown; type?: string }) => {
        const refusal = (error.data as { reason?: unknown } | undefined)?.reason;
        if (typeof refusal === 'string') finish({ opened: false, kind: 'refused', reason: `refused: ${refusal.slice(0, 60)}` });
        else finish({ opened: false, kind: 'unreachable', reason: `unreachable: ${error.message.slice(0, 80)}` });
      });
      socket.on('disconnect', (reason: string) => finish(opened ? { opened: true, reason: `disconnected: ${reason}`, failed: false } : { opened: false, kind: 'unreachable', reason }));
      socket.on(WIRE_EVENTS.message, (payload: unknown) => {
        lastInboundAt = this.now();
        this.handlers.message(payload);
      });
      socket.on(WIRE_EVENTS.waveform, (seq: unknown, frame: unknown) => {
        lastInboundAt = this.now();
        this.handlers.waveform(seq, frame);
      });
      socket.onAny((event: unknown) => {
        if (event !== WIRE_EVENTS.message && event !== WIRE_EVENTS.waveform) {
          lastInboundAt = this.now();
          this.handlers.unknownEvent(typeof event === 'string' ? event.slice(0, 32) : typeof event);
        }
      });
    });
  }

  /** Sleeps `delayMs`, or less if a probe sees an unreachable URL come back (refused → accepting). */
  private waitOrProbe(delayMs: number, unreachable: string[]): Promise<string | null> {
    return new Promise((resolve) => {
      let done = false;
      const sawRefused = new Set<string>();
      const finish = (url: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(probeTimer);
        this.wake = null;
        resolve(url);
      };
      const timer = setTimeout(() => finish(null), delayMs);
      let probeTimer: ReturnType<typeof setTimeout> | undefined;
      const probe = async () => {
        for (const url of unreachable) {
          const reachable = await probeTcp(url, PROBE_TIMEOUT_MS);
          if (done) return;
          // Only a change counts: a port that was always open (TLS or handshake trouble) must wait out the backoff.
          if (!reachable) sawRefused.add(url);
          else if (sawRefused.has(url)) {
            this.log.info('gateway.reachable-again', { url });
            return finish(url);
          }
        }
        if (!done) probeTimer = setTimeout(() => void probe(), PROBE_INTERVAL_MS + Math.random() * PROBE_JITTER_MS);
      };
      if (unreachable.length > 0) void probe();
      this.wake = () => finish(null);
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}

/** socket.io-client speaks http(s) URLs; ws(s) in the config are the same endpoints. */
function socketIoUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://');
}
