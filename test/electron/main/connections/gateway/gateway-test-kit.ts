import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StationConfigSchema, type StationConfigInput } from '../../../../../shared/config/station-config';
import type { Bed } from '../../../../../shared/domain/bed';
import type { AlarmCondition } from '../../../../../shared/domain/alarm-condition';
import type { ProtocolDeviceAlarm } from '../../../../../shared/protocol/device-alarm';
import type { AuditStore } from '../../../../../electron/main/audit/audit-store';
import { mintOperator } from '../../../../../electron/main/auth/operator';
import { MIN_SCRYPT_COST } from '../../../../../electron/main/auth/password-hash';
import { seedTrainingAccounts } from '../../../../../electron/main/auth/training-accounts';
import { UserDirectory } from '../../../../../electron/main/auth/user-directory';
import { GatewayFeed, type GatewayFeedEvent } from '../../../../../electron/main/connections/gateway/gateway-feed';
import { Station } from '../../../../../electron/main/station/station';
import { systemClock, type Clock } from '../../../../../electron/main/time/clock';
import { openStationStore, openStore, tempDir, type StationAuditDirs } from '../../audit/audit-test-kit';
import { memoryUsers } from '../../../../support/memory-users';

export const TOKEN = 'station-token-for-tests';

/** Beds named like the simulator's (bed-01 …), as IT would list them for the gateway feed. */
export function unitBeds(count: number): Bed[] {
  return Array.from({ length: count }, (_, i) => ({ bedId: `bed-${String(i + 1).padStart(2, '0')}`, label: `Bed ${i + 1}`, patient: null }));
}

export interface ConnectedStation {
  stationId: string;
  station: Station;
  feed: GatewayFeed;
  audit: AuditStore;
  /** Every feed event so far, in order. */
  events: GatewayFeedEvent[];
  /** Resolves with the first event (from now on, or already recorded if `includePast`) that matches. */
  nextEvent<T extends GatewayFeedEvent['type']>(type: T, match?: (e: Extract<GatewayFeedEvent, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<GatewayFeedEvent, { type: T }>>;
  /** Acknowledges as a signed-in nurse at this station (the engine audits it durably first). */
  acknowledge(alarmId: string, userId?: string): Promise<{ applied: boolean }>;
  alarm(match: (a: AlarmCondition) => boolean): AlarmCondition | undefined;
  /** Stops as the app does on anything but an approved quit (OS shutdown, signal): no goodbye. */
  close(): Promise<void>;
  /** A charge nurse signs in at a screen here and confirms the clinical quit (naming every alarm shown); then the station stops. */
  quitClinically(): Promise<void>;
}

/**
 * The real clocks with the wall clock `skewMs` off, as on a station whose
 * system clock is wrong; `advance` lets time pass at once (both readings),
 * so a test need not wait out a condition delay.
 */
export class SkewedClock implements Clock {
  private ahead = 0;

  constructor(private readonly skewMs: number) {}

  monotonic(): number {
    return systemClock.monotonic() + this.ahead;
  }

  wall(): number {
    return systemClock.wall() + this.skewMs + this.ahead;
  }

  advance(ms: number): void {
    this.ahead += ms;
  }
}

/**
 * A real Station (real audit store in a temp folder, real clock and 40 ms
 * ticks) fed by a real GatewayFeed connecting to `urls`.
 */
export async function connectStation(options: {
  urls: string[];
  stationId: string;
  beds?: number;
  token?: string;
  heartbeatMs?: number;
  config?: Partial<StationConfigInput>;
  /** false: the station does not tick (the test pulls the feed itself). Default true. */
  start?: boolean;
  /** The hospital CA bundle (PEM file) for https/wss gateway URLs. */
  caFileForTests?: string;
  /** The station's own clock (its alarm engine, feed, onsets, acknowledgement times): skew its wall clock to test clock differences. */
  clock?: Clock;
  /** Where the feed keeps its journal position (default: in memory only). */
  positionFile?: string;
  /** How other stations name it when it goes dark. */
  label?: string;
  /** The station's data folder (audit.sqlite, bare and unsigned); default a new temp folder. */
  dataDir?: string;
  /** The station's audit files with its fallback journal and signing key, as the app opens them (wins over dataDir). */
  auditDirs?: StationAuditDirs;
}): Promise<ConnectedStation> {
  const audit = options.auditDirs
    ? await openStationStore(options.auditDirs, { stationId: options.stationId, signEveryRows: 20 })
    : await openStore(join(options.dataDir ?? tempDir('vigil-gw-station-'), 'audit.sqlite'), { walCheckpointer: false });
  const persistence = memoryUsers();
  // The README's training accounts, so a charge nurse can sign in and quit (quitClinically).
  await seedTrainingAccounts(persistence, audit, { hashCost: MIN_SCRYPT_COST });
  const users = await UserDirectory.open(persistence, { audit, hashCost: MIN_SCRYPT_COST, trainingAccounts: 'allowed' });
  const config = StationConfigSchema.parse({
    stationId: options.stationId,
    unitName: 'ICU test',
    feed: { kind: 'gateway', urls: options.urls, token: options.token ?? TOKEN, heartbeatMs: options.heartbeatMs ?? 500, caFile: options.caFileForTests },
    beds: unitBeds(options.beds ?? 4),
    ...options.config,
  });
  if (config.feed.kind !== 'gateway') throw new Error('unreachable');
  const clock = options.clock ?? systemClock;
  const feed = new GatewayFeed({ config: config.feed, stationId: config.stationId, beds: config.beds ?? [], positionFile: options.positionFile, label: options.label, clock });
  const station = new Station({ config, feed, wallMode: false, audit, users, viewTimeoutMs: 60_000, clock });
  const events: GatewayFeedEvent[] = [];
  feed.onEvent((e) => events.push(e));
  station.connectFeed();
  if (options.start !== false) station.start();
  let operatorCount = 0;
  return {
    stationId: options.stationId,
    station,
    feed,
    audit,
    events,
    nextEvent(type, match, timeoutMs = 5_000) {
      type E = Extract<GatewayFeedEvent, { type: typeof type }>;
      return new Promise<E>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${options.stationId}: no ${type} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = feed.onEvent((e) => {
          if (e.type === type && (!match || match(e as E))) {
            clearTimeout(timer);
            off();
            resolve(e as E);
          }
        });
      });
    },
    async acknowledge(alarmId, userId = 'nurse') {
      const operator = mintOperator({ userId, role: 'nurse', sessionId: `test-session-${++operatorCount}`, permission: 'acknowledge' });
      return station.alarms.acknowledge(alarmId, operator);
    },
    alarm: (match) => station.alarms.list().find(match),
    async close() {
      await station.dispose();
      await audit.close();
    },
    async quitClinically() {
      const viewId = station.attach({ event: () => undefined, waveformFrame: () => undefined }).viewId;
      await station.actions.signIn(viewId, 'charge', '1234');
      await station.quit.confirm(viewId, station.alarms.list().map((a) => a.alarmId));
      await station.dispose();
      await audit.close();
    },
  };
}

/** Polls a condition (no fixed sleeps: it returns as soon as the condition holds). */
export async function until<T>(check: () => T | undefined | null | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function deviceAlarm(overrides: Partial<ProtocolDeviceAlarm> = {}): ProtocolDeviceAlarm {
  return {
    bedId: 'bed-02',
    code: 'VT',
    message: 'V-Tach',
    priority: 'HIGH',
    source: 'device',
    phase: 'start',
    deviceAlarmId: 'mon-2-alarm-1',
    ...overrides,
  };
}

/** Audit rows of one action at a station (after flushing its queue). */
export async function auditRows(store: AuditStore, filter: { action: 'alarm.acknowledged' | 'alarm.onset' | 'alarm.resolved' | 'connection.down' | 'connection.up'; alarmId?: string }) {
  await store.flush();
  const page = await store.query({ ...filter, limit: 100, order: 'oldest-first' });
  return page.rows.map((r) => ({ ...r, parsed: JSON.parse(r.details) as Record<string, unknown> }));
}

/** Alarms with this code at a station (technical ones included). */
export function alarmsWithCode(s: ConnectedStation, code: string): AlarmCondition[] {
  return s.station.alarms.list().filter((a) => a.code === code);
}

/** How many alarms with this code were ever raised at a station (its audit trail). */
export async function onsetCount(s: ConnectedStation, code: string): Promise<number> {
  const rows = await auditRows(s.audit, { action: 'alarm.onset' });
  return rows.filter((r) => r.parsed.code === code).length;
}

/** Resolves once the station's position file names the journal position the feed reports (it is saved within ~1 s, after the audit flush). */
export function positionSaved(s: ConnectedStation, file: string): Promise<unknown> {
  return until(() => {
    const now = s.feed.status().journal;
    if (!now) return false;
    try {
      const saved = (JSON.parse(readFileSync(file, 'utf8')) as { position: { journalId: string; pos: number } }).position;
      return saved.journalId === now.journalId && saved.pos === now.pos;
    } catch {
      return false;
    }
  }, 5_000, 'position saved');
}
