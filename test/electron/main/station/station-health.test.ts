import { describe, expect, it } from 'vitest';
import type { AuditHealth, AuditHealthListener } from '../../../../electron/main/audit/audit-health';
import { Station } from '../../../../electron/main/station/station';
import type { StationAuditTrail } from '../../../../electron/main/station/station-audit';
import { harnessesClosedAfterEach, type StationHarness } from './station-test-kit';

const setup = harnessesClosedAfterEach();

const codes = (station: Station) => station.alarms.list().map((a) => [a.code, a.priority, a.source]);

describe('the alarm path watching itself', () => {
  it('a view that misses its heartbeat raises RENDERER_UNRESPONSIVE (HIGH); its next heartbeat ends it', async () => {
    const h = await setup({ viewTimeoutMs: 3000 });
    h.tick(1000);
    h.view.healthy = false;
    h.tick(4000);
    expect(codes(h.station)).toEqual([]);
    h.tick(4100);
    expect(codes(h.station)).toEqual([['RENDERER_UNRESPONSIVE', 'HIGH', 'technical']]);
    h.view.healthy = true;
    h.tick(4200);
    expect(codes(h.station)).toEqual([]);
  });

  it('a view whose alarm audio fails raises AUDIO_UNAVAILABLE with the reason, on every view', async () => {
    const h = await setup();
    const other = h.attachView();
    h.view.healthy = false;
    h.station.reportView(h.view.attached.viewId, { audio: { ok: false, reason: 'AudioContext suspended' }, userActive: false });
    h.tick(1000);
    expect(codes(h.station)).toEqual([]); // a freshly attached view gets a few seconds to start its audio
    h.station.reportView(h.view.attached.viewId, { audio: { ok: false, reason: 'AudioContext suspended' }, userActive: false });
    h.tick(3500);
    const alarm = h.station.alarms.list()[0]!;
    expect(alarm).toMatchObject({ code: 'AUDIO_UNAVAILABLE', priority: 'HIGH', bedId: null });
    expect(alarm.message).toContain('AudioContext suspended');
    expect(other.alarms.list()).toHaveLength(1);
    h.station.reportView(h.view.attached.viewId, { audio: { ok: true }, userActive: false });
    h.tick(3600);
    expect(codes(h.station)).toEqual([]);
  });

  it('an unhealthy audit trail is a technical alarm; recovery ends it', async () => {
    const h = await setup();
    let listener: AuditHealthListener = () => undefined;
    let health: AuditHealth = { state: 'ok' };
    // The real store for writing, with its health under the test's control.
    const store = h.audit;
    const audit: StationAuditTrail = {
      record: (event) => store.record(event),
      recordClinical: (event) => store.recordClinical(event),
      get health() {
        return health;
      },
      onHealth: (l) => {
        listener = l;
        return () => undefined;
      },
      // The alarm follows the problems; this test stands in a store whose problem it sets itself.
      problems: () => (health.state === 'ok' ? [] : [{ code: 'store-unavailable', path: '/var/lib/vigil-station/audit.sqlite', what: 'is on a full disk (SQLITE_FULL)', fix: 'free space', shortFix: 'free disk space', sinceUtcMs: 0 }]),
      get durability() {
        return health.state === 'ok' ? ('audit-trail' as const) : ('fallback-journal' as const);
      },
      verificationStatus: () => store.verificationStatus(),
      onSignedHeads: (l) => store.onSignedHeads(l),
      signedHeadsSince: (s, n) => store.signedHeadsSince(s, n),
      publicKey: store.publicKey,
      chainId: store.chainId,
      checkBackEndHeads: (heads) => store.checkBackEndHeads(heads),
      chainStatus: () => store.chainStatus(),
      query: (q) => store.query(q),
      count: (f) => store.count(f),
      verify: (o) => store.verify(o),
      export: (o) => store.export(o),
      flush: () => store.flush(),
      close: (o) => store.close(o),
    };
    const station = new Station({ ...h.options, audit });
    health = { state: 'degraded', reason: 'SQLITE_FULL: database or disk is full', queued: 3, sinceUtcMs: 0 };
    listener(health);
    expect(codes(station)).toEqual([['AUDIT_FAILURE', 'MEDIUM', 'technical']]);
    // It names the store, what is wrong and where actions go meanwhile.
    expect(station.alarms.list()[0]!.message).toBe('Audit store …/vigil-station/audit.sqlite is on a full disk: actions go to the fallback journal. IT: free disk space');
    health = { state: 'ok' };
    listener(health);
    expect(codes(station)).toEqual([]);
    station.dispose();
  });

  it('a failing pass is a HIGH technical alarm, not a stopped station: the next tick runs', async () => {
    const h = await setup();
    const realTick = h.station.alarms.tick.bind(h.station.alarms);
    let failures = 1;
    h.station.alarms.tick = () => {
      if (failures-- > 0) throw new Error('boom');
      realTick();
    };
    expect(() => h.tick(1000)).not.toThrow();
    expect(codes(h.station)).toEqual([['STATION_FAULT', 'HIGH', 'technical']]);
    h.tick(6000);
    // Ticking again: the watchdog still works (beds never heard from go no-data).
    expect(h.station.alarms.list().filter((a) => a.code === 'NO_DATA')).toHaveLength(2);
  });
});
