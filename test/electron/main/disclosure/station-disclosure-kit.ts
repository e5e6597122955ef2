import { StationConfigSchema, type StationConfigInput } from '../../../../shared/config/station-config';
import { closeStation, createStation } from '../../../../electron/main/station/create-station';
import type { Station } from '../../../../electron/main/station/station';
import { MIN_SCRYPT_COST } from '../../../../electron/main/auth/password-hash';
import { auditWorkerEntryForTests } from '../audit/audit-worker-entry-for-tests';
import { FakeClock } from '../../../support/fake-clock';
import { ROOT, START, tempDir } from './disclosure-test-kit';

export interface DisclosureStation {
  station: Station;
  /** The station's clock: wall START (or `wall`) at the beginning; `run` advances it. */
  clock: FakeClock;
  dataDir: string;
  /** Runs the station `ms` of unit time in 40 ms ticks, letting the event loop (the worker's replies) run every 25 ticks. */
  run(ms: number): Promise<void>;
  /** Has the recorder commit what it holds now (the worker commits on its own timer; this makes a test independent of it). */
  flushed(): Promise<void>;
  /** A view with someone signed in (or nobody): its id. */
  viewAs(user: 'nurse' | 'charge' | 'viewer' | 'admin' | null): Promise<string>;
  close(): Promise<void>;
}

/** A station as the app builds it (createStation: real audit writer, real recorder worker, real files), on fake time. */
export async function disclosureStation(options: { beds?: number; wallMode?: boolean; dataDir?: string; config?: StationConfigInput; wall?: number } = {}): Promise<DisclosureStation> {
  const clock = new FakeClock({ wall: options.wall ?? START });
  const dataDir = options.dataDir ?? tempDir();
  const config = StationConfigSchema.parse({ feed: { kind: 'simulator', beds: options.beds ?? 2, seed: 4 }, ...options.config });
  const station = await createStation(config, {
    wallMode: options.wallMode ?? false,
    dataDir,
    projectRoot: ROOT,
    auditWorker: auditWorkerEntryForTests(),
    clock,
    hashCost: MIN_SCRYPT_COST,
  });
  const views: Array<() => void> = [];
  const viewIds: string[] = [];
  let ticks = 0;
  return {
    station,
    clock,
    dataDir,
    async run(ms) {
      const end = clock.monotonic() + ms;
      while (clock.monotonic() < end) {
        clock.advance(40);
        station.tick();
        if (++ticks % 25 === 0) {
          // Healthy screens send their heartbeat; the event loop runs (worker replies, audit commits).
          for (const viewId of viewIds) station.reportView(viewId, { audio: { ok: true }, userActive: false });
          await new Promise((r) => setImmediate(r));
        }
      }
    },
    async flushed() {
      await (station.disclosure as unknown as { deps: { recorder: { call(c: unknown): Promise<unknown> } } }).deps.recorder.call({ name: 'flush', args: {} });
    },
    async viewAs(user) {
      const { viewId, detach } = station.attach({ event: () => undefined, waveformFrame: () => undefined });
      views.push(detach);
      viewIds.push(viewId);
      station.reportView(viewId, { audio: { ok: true }, userActive: true });
      if (user) await station.actions.signIn(viewId, user, user === 'admin' ? 'admin1234' : '1234');
      return viewId;
    },
    async close() {
      views.forEach((d) => d());
      await closeStation(station);
    },
  };
}
