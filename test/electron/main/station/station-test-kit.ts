import { join } from 'node:path';
import { closedAfterEach } from '../../../support/closed-after-each';
import { StationConfigSchema, type StationConfigInput } from '../../../../shared/config/station-config';
import type { EventChannel } from '../../../../shared/ipc/contract';
import { AlarmListReplica } from '../../../../shared/alarms/alarm-list-replica';
import { AlarmsDeltaSchema } from '../../../../shared/domain/station-event';
import type { AuditStore } from '../../../../electron/main/audit/audit-store';
import { MIN_SCRYPT_COST } from '../../../../electron/main/auth/password-hash';
import { seedTrainingAccounts } from '../../../../electron/main/auth/training-accounts';
import { UserDirectory } from '../../../../electron/main/auth/user-directory';
import { Station, type AttachedView, type StationOptions } from '../../../../electron/main/station/station';
import { openStore, tempDir } from '../audit/audit-test-kit';
import type { Logger } from '../../../../electron/main/logging/logger';
import { FakeFeed } from '../fake-feed';
import { FakeClock } from '../../../support/fake-clock';
import { memoryUsers } from '../../../support/memory-users';

export interface RecordingView {
  events: Array<{ channel: EventChannel; payload: unknown }>;
  frames: ArrayBuffer[];
  /** Everything the view received, in order: event channel names and 'frame'. */
  order: string[];
  attached: AttachedView;
  /** Payloads of one channel, in order. */
  of(channel: EventChannel): unknown[];
  /** While true (the default) the harness's tick() sends this view's heartbeat, like a healthy renderer. */
  healthy: boolean;
  /**
   * The alarm state as this view holds it: the snapshot it was attached with,
   * plus every 'unit:alarms' delta it received, validated and applied as the
   * renderer does. A delta it cannot apply (a gap) fails the test.
   */
  alarms: AlarmListReplica;
}

export interface StationHarness {
  station: Station;
  /** What the station was built with, to build another around a different part. */
  options: StationOptions;
  feed: FakeFeed;
  audit: AuditStore;
  view: RecordingView;
  /** The station's clock. Its wall clock reads 0 at the start, so wall times read as elapsed ms until a test steps it. */
  clock: FakeClock;
  /** Elapsed ms since the start; setting it lets time pass up to then (forward only), without a tick. */
  time: { now: number };
  /** Lets time pass up to `at` ms after the start (sending the heartbeat of every healthy view first), then ticks. */
  tick(at: number): void;
  attachView(): RecordingView;
  close(): Promise<void>;
}

/**
 * A station on a scripted feed with a real audit store (temp SQLite file,
 * real writer thread) and the training accounts (nurse, charge, viewer,
 * admin; PIN 1234, admin admin1234). Station time is a FakeClock; `tick(at)`
 * moves it and, first, sends the heartbeat of every view still marked healthy.
 */
export async function stationHarness(
  options: {
    beds?: number | ReadonlyArray<{ bedId: string; label: string }>;
    wallMode?: boolean;
    config?: StationConfigInput;
    viewTimeoutMs?: number;
    logger?: Logger;
    alarmFlood?: StationOptions['alarmFlood'];
  } = {},
): Promise<StationHarness> {
  const audit = await openStore(join(tempDir('vigil-station-'), 'audit.sqlite'), { walCheckpointer: false });
  const persistence = memoryUsers();
  await seedTrainingAccounts(persistence, audit, { hashCost: MIN_SCRYPT_COST });
  const users = await UserDirectory.open(persistence, { audit, hashCost: MIN_SCRYPT_COST, trainingAccounts: 'allowed' });
  const feed = new FakeFeed(options.beds ?? 2);
  const start = 1_000_000;
  const clock = new FakeClock({ monotonic: start, wall: 0 });
  const time = {
    get now() {
      return clock.monotonic() - start;
    },
    set now(at: number) {
      clock.advance(at - (clock.monotonic() - start));
    },
  };
  const stationOptions: StationOptions = {
    config: StationConfigSchema.parse(options.config ?? {}),
    feed,
    wallMode: options.wallMode ?? false,
    audit,
    users,
    clock,
    viewTimeoutMs: options.viewTimeoutMs,
    alarmIdPrefix: 'test',
    ...(options.logger ? { logger: options.logger } : {}),
    alarmFlood: options.alarmFlood,
  };
  const station = new Station(stationOptions);
  const attachView = (): RecordingView => {
    const events: RecordingView['events'] = [];
    const frames: ArrayBuffer[] = [];
    const order: string[] = [];
    const alarms = new AlarmListReplica();
    const attached = station.attach({
      event: (channel, payload) => {
        events.push({ channel, payload });
        order.push(channel);
        if (channel === 'unit:alarms') {
          const applied = alarms.apply(AlarmsDeltaSchema.parse(payload));
          if (applied.kind === 'out-of-sync') throw new Error(`view could not apply an alarm delta: ${applied.reason}`);
        }
      },
      waveformFrame: (f) => {
        frames.push(f);
        order.push('frame');
      },
    });
    // Subscribed first, then the snapshot: as a renderer does (deltas it already has are ignored).
    alarms.load(station.alarms.snapshot());
    const view: RecordingView = { events, frames, order, attached, healthy: true, alarms, of: (channel) => events.filter((e) => e.channel === channel).map((e) => e.payload) };
    views.push(view);
    return view;
  };
  const views: RecordingView[] = [];
  const view = attachView();
  return {
    station,
    options: stationOptions,
    feed,
    audit,
    view,
    clock,
    time,
    attachView,
    tick(at) {
      time.now = at;
      for (const v of views) if (v.healthy) station.reportView(v.attached.viewId, { audio: { ok: true }, userActive: false });
      station.tick();
    },
    async close() {
      // Its connections (HL7 listeners) stop with it, before the trail they write to closes.
      await station.dispose();
      await audit.close();
    },
  };
}

/**
 * For a test file: a function making harnesses that are all closed after
 * each test (their audit writer threads stopped, their temp files released).
 */
export function harnessesClosedAfterEach(): (options?: Parameters<typeof stationHarness>[0]) => Promise<StationHarness> {
  return closedAfterEach((options: Parameters<typeof stationHarness>[0] = {}) => stationHarness(options));
}
