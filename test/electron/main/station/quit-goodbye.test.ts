import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReferenceGateway } from '../../../../gateway/reference-gateway';
import { StationConfigSchema, type StationConfigInput } from '../../../../shared/config/station-config';
import { silentLogger, type Logger } from '../../../../electron/main/logging/logger';
import { runMarkerPath } from '../../../../electron/main/station/run-marker';
import type { Station } from '../../../../electron/main/station/station';
import { stationFiles } from '../../../../electron/main/station/station-files';
import { openRaw, tempDir } from '../audit/audit-test-kit';
import { connectStation, TOKEN, unitBeds, until, type ConnectedStation } from '../connections/gateway/gateway-test-kit';
import { attachQuietView, auditDetails, closeStation, startCreatedStation } from './created-station-kit';

/**
 * A station built as the app builds it (createStation) on the back end, and
 * closed as the app closes it (closeStation): what the other stations are
 * told and what the next start audits must be the same fact. After an
 * approved quit the feed says goodbye (the others show "closed", LOW), the
 * run marker goes, the next start audits nothing. Any other stop (the OS
 * shutting down, a signal) says no goodbye (the others show "offline",
 * MEDIUM) and the next start audits the unclean stop, like a killed process.
 */
describe('closeStation on the back end: the goodbye and the run marker agree', () => {
  let gateway: ReferenceGateway;
  let watcher: ConnectedStation;
  const open: Station[] = [];

  afterEach(async () => {
    for (const s of open.splice(0)) await closeStation(s).catch(() => undefined);
    await watcher?.close();
    await gateway?.close();
  });

  async function setUp(logger: Logger = silentLogger): Promise<void> {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 11, peerOfflineAfterMs: 500, housekeepingMs: 100, logger });
    watcher = await connectStation({ urls: [gateway.url], stationId: 'icu3-central' });
    await until(() => watcher.feed.status().synced, 10_000, 'watcher synced');
  }

  const centralConfig = (): StationConfigInput => ({ stationId: 'icu4-central', unitName: 'ICU 4', feed: { kind: 'gateway', urls: [gateway.url], token: TOKEN, heartbeatMs: 500 }, beds: unitBeds(4) });

  async function startCentral(dataDir: string): Promise<Station> {
    const config = centralConfig();
    const station = await startCreatedStation(config, dataDir);
    open.push(station);
    station.start();
    // Synced, as IT's status screen says: only a station that is connected can say goodbye (or fail to).
    const synced = () => station.status().feed.facts.find((f) => f.label === 'Connected / synced')?.value === 'yes / yes';
    await until(synced, 10_000, 'central synced');
    await until(() => watcher.station.alarms.list().every((a) => !a.code.startsWith('PEER_STATION_')), 5_000, 'central online at the watcher');
    return station;
  }

  const peerCodes = () => watcher.station.alarms.list().filter((a) => a.code.startsWith('PEER_STATION_')).map((a) => `${a.code} ${a.message}`);

  it('after a clinical quit: goodbye (the others show it closed), no run marker, and the next start audits no unclean stop', async () => {
    await setUp();
    const dataDir = tempDir('vigil-quit-goodbye-');
    const central = await startCentral(dataDir);
    // A real unit has no training accounts: IT's first admin closes it.
    await central.users.addUser({ userId: 'it-admin', displayName: 'IT admin', role: 'admin', secret: 'correct-horse-9' }, 'initial-setup');
    const view = attachQuietView(central);
    await central.actions.signIn(view, 'it-admin', 'correct-horse-9');
    await central.quit.confirm(view, central.alarms.list().map((a) => a.alarmId));
    await closeStation(open.pop()!);

    await until(() => peerCodes().length > 0, 5_000, 'told at the watcher');
    expect(peerCodes()).toEqual(['PEER_STATION_CLOSED ICU 4 central closed']);
    expect(existsSync(runMarkerPath(dataDir))).toBe(false);
    // Past the grace period it is still "closed", never "offline".
    await new Promise((r) => setTimeout(r, 800));
    expect(peerCodes()).toEqual(['PEER_STATION_CLOSED ICU 4 central closed']);

    const next = await startCentral(dataDir);
    expect(await auditDetails(next, 'app.unclean-stop')).toEqual([]);
    expect(await auditDetails(next, 'app.stop')).toEqual([expect.objectContaining({ clinical_quit: true, quit: 'clinical-quit' })]);
    await until(() => peerCodes().length === 0, 5_000, 'cleared at the watcher');
  }, 40_000);

  it('stopped without one (the OS shutting down): no goodbye (the others show it offline), and the next start audits the unclean stop', async () => {
    await setUp();
    const dataDir = tempDir('vigil-quit-offline-');
    await startCentral(dataDir);
    await closeStation(open.pop()!, { reason: 'os-shutdown' });

    await until(() => peerCodes().length > 0, 5_000, 'told at the watcher');
    expect(peerCodes()).toEqual(['PEER_STATION_OFFLINE ICU 4 central offline']);
    expect(existsSync(runMarkerPath(dataDir))).toBe(true);

    const next = await startCentral(dataDir);
    expect(await auditDetails(next, 'app.unclean-stop')).toHaveLength(1);
    expect((await auditDetails(next, 'app.stop')).at(-1)).toMatchObject({ clinical_quit: false, reason: 'os-shutdown' });
  }, 40_000);

  /**
   * The order closeStation keeps: the quit's audit row is durable (in
   * audit.sqlite, or fsync'd in the fallback journal while the store is
   * unusable) before the feed says goodbye, and the audit trail (writer,
   * journal) closes only after the feed. Read at the moment the gateway
   * takes the goodbye, by a second reader, as after a crash right then.
   */
  describe.each([
    ['a working audit.sqlite', false],
    ['a corrupt audit.sqlite (the fallback journal takes the quit)', true],
  ])('the quit is durable before the goodbye, with %s', (_name, corrupt) => {
    it('the quit row is on disk when the gateway hears the goodbye', async () => {
      const dataDir = tempDir('vigil-quit-durable-');
      const seen: string[] = [];
      let files: ReturnType<typeof stationFiles> | null = null;
      const onDisk = (): string => {
        if (corrupt) {
          const dir = files!.journalDir;
          return readdirSync(dir).filter((n) => n.endsWith('.jsonl')).map((n) => readFileSync(join(dir, n), 'utf8')).join('\n');
        }
        const db = openRaw(files!.auditFile, true);
        try {
          return JSON.stringify(db.prepare("SELECT action, user_id FROM audit_log WHERE action = 'app.quit'").all());
        } finally {
          db.close();
        }
      };
      const logger: Logger = {
        ...silentLogger,
        info: (event) => {
          if (event === 'gateway.station-goodbye') seen.push(onDisk());
        },
      };
      await setUp(logger);
      files = stationFiles(StationConfigSchema.parse(centralConfig()), dataDir);
      if (corrupt) {
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(files.auditFile, Buffer.alloc(16_384, 0x42));
      }
      const central = await startCentral(dataDir);
      await central.users.addUser({ userId: 'it-admin', displayName: 'IT admin', role: 'admin', secret: 'correct-horse-9' }, 'initial-setup');
      const view = attachQuietView(central);
      await central.actions.signIn(view, 'it-admin', 'correct-horse-9');
      expect(central.audit.durability).toBe(corrupt ? 'fallback-journal' : 'audit-trail');
      await central.quit.confirm(view, central.alarms.list().map((a) => a.alarmId));
      await closeStation(open.pop()!);

      expect(seen).toHaveLength(1);
      expect(seen[0]).toContain('app.quit');
      expect(seen[0]).toContain('it-admin');
      await until(() => peerCodes().length > 0, 5_000, 'told at the watcher');
      expect(peerCodes()).toEqual(['PEER_STATION_CLOSED ICU 4 central closed']);
    }, 40_000);
  });
});
