import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmActionRefused } from '../../../../electron/main/alarms/alarm-action-refused';
import { quitDecision, type QuitTrigger } from '../../../../electron/main/station/clinical-quit';
import { runMarkerPath } from '../../../../electron/main/station/run-marker';
import type { Station } from '../../../../electron/main/station/station';
import { tempDir } from '../audit/audit-test-kit';
import { attachQuietView, auditDetails, closeStation, startCreatedStation } from './created-station-kit';
import { harnessesClosedAfterEach, type StationHarness } from './station-test-kit';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';
import { FakeUpdater } from '../../../support/fake-updater';

/**
 * Closing the station is a clinical action: a signed-in charge nurse or
 * admin, a confirmation naming the active alarms, an audit entry with the
 * actor, durable before anything stops. A wall cannot be quit from its UI.
 * A stop without a clinical quit (OS shutdown, kill) is audited at the next
 * start.
 */
const harness = harnessesClosedAfterEach();

async function withNoDataAlarm(h: StationHarness): Promise<string> {
  // Bed 1 never sends data: NO_DATA after the timeout.
  h.tick(0);
  h.tick(6_000);
  const alarm = h.station.alarms.list().find((a) => a.code === 'NO_DATA');
  if (!alarm) throw new Error('no NO_DATA alarm');
  return alarm.alarmId;
}

describe('quitDecision: what a quit attempt does', () => {
  const triggers: QuitTrigger[] = ['menu', 'window-close', 'app-quit', 'os-shutdown', 'signal'];
  it.each([
    [{ approved: false, wallMode: false }, ['ask', 'ask', 'ask', 'proceed', 'proceed']],
    [{ approved: true, wallMode: false }, ['proceed', 'proceed', 'proceed', 'proceed', 'proceed']],
    [{ approved: false, wallMode: true }, ['refuse', 'refuse', 'refuse', 'proceed', 'proceed']],
  ] as const)('%o', (state, expected) => {
    expect(triggers.map((t) => quitDecision(state, t))).toEqual(expected);
  });
});

describe('the clinical quit at a workstation', () => {
  it('needs a signed-in charge nurse or admin; the check names every alarm this station would stop annunciating', async () => {
    const h = await harness({ beds: 1 });
    const view = h.view.attached.viewId;
    const alarmId = await withNoDataAlarm(h);
    expect(h.station.quit.check(view)).toMatchObject({ allowed: false, reason: 'sign-in' });
    await h.station.actions.signIn(view, 'nurse', '1234');
    expect(h.station.quit.check(view)).toMatchObject({ allowed: false, reason: 'not-permitted' });
    await expect(h.station.quit.confirm(view, [alarmId])).rejects.toThrow(AlarmActionRefused);

    for (const [user, pin, name] of [['charge', '1234', 'Training Charge Nurse'], ['admin', 'admin1234', 'Training Admin']] as const) {
      await h.station.actions.signIn(view, user, pin);
      expect(h.station.quit.check(view)).toEqual({
        allowed: true,
        by: { userId: user, displayName: name },
        alarms: h.station.alarms.list().map((a) => ({ alarmId: a.alarmId, bedId: a.bedId, bedLabel: a.bedId === null ? null : 'Bed 1', priority: a.priority, message: a.message, acknowledged: a.acknowledged })),
      });
    }
    expect(h.station.quit.approvedQuit()).toBeNull();
  });

  it('a confirmed quit is audited with the actor and the alarms, durably, before the station is told to stop', async () => {
    const h = await harness({ beds: 1 });
    const view = h.view.attached.viewId;
    const alarmId = await withNoDataAlarm(h);
    await h.station.actions.signIn(view, 'charge', '1234');
    let auditedWhenApproved: unknown[] = [];
    h.station.quit.onApproved(() => {
      // The row must already be committed (synchronous=FULL) when the app is allowed to stop.
      auditedWhenApproved = [h.audit.chainStatus().headSeq];
    });
    const headBefore = h.audit.chainStatus().headSeq;
    await expect(h.station.quit.confirm(view, [alarmId])).resolves.toEqual({ quitting: true });
    expect(h.station.quit.approvedQuit()).toEqual({ userId: 'charge', role: 'charge-nurse', viewId: view, kind: 'clinical-quit' });
    expect(auditedWhenApproved[0]).toBeGreaterThan(headBefore);
    const page = await h.audit.query({ action: 'app.quit', limit: 10 });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ userId: 'charge', role: 'charge-nurse' });
    expect(JSON.parse(page.rows[0]!.details)).toMatchObject({ alarms: 1, unacknowledged: 1, alarm_ids: alarmId, alarm_ids_complete: true, screen: view });
  });

  it('an alarm the confirmation did not name refuses the quit (nothing recorded, nothing stops)', async () => {
    const h = await harness({ beds: 1 });
    const view = h.view.attached.viewId;
    await h.station.actions.signIn(view, 'charge', '1234');
    const shown = h.station.quit.check(view);
    expect(shown).toMatchObject({ allowed: true, alarms: [] });
    await withNoDataAlarm(h);
    await expect(h.station.quit.confirm(view, [])).rejects.toThrow(/New alarms since the confirmation \(1\)/);
    expect(h.station.quit.approvedQuit()).toBeNull();
    expect((await h.audit.query({ action: 'app.quit', limit: 10 })).rows).toEqual([]);
  });

  it('if the audit trail cannot record the quit, the station stays open', async () => {
    const h = await harness();
    const view = h.view.attached.viewId;
    await h.station.actions.signIn(view, 'charge', '1234');
    await h.audit.close();
    await expect(h.station.quit.confirm(view, [])).rejects.toThrow(/stays open: the audit trail could not record the quit/);
    expect(h.station.quit.approvedQuit()).toBeNull();
  });

  it('a wall cannot be quit from its UI, even by a charge nurse where IT allowed clinical actions', async () => {
    const h = await harness({ wallMode: true, config: { wall: { allowClinicalActions: true } } });
    const view = h.view.attached.viewId;
    await h.station.actions.signIn(view, 'charge', '1234');
    expect(h.station.quit.check(view)).toMatchObject({ allowed: false, reason: 'wall' });
    await expect(h.station.quit.confirm(view, [])).rejects.toThrow(/wall display cannot be closed/);
    expect(h.station.quit.approvedQuit()).toBeNull();
  });

  it('a quit request from the menu or the window reaches every view as station:quit-requested', async () => {
    const h = await harness();
    h.station.requestQuit('window-close');
    expect(h.view.of('station:quit-requested')).toEqual([{ trigger: 'window-close' }]);
  });
});

describe('a stop without a clinical quit is audited at the next start', () => {
  const open: Station[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await closeStation(s).catch(() => undefined);
  });
  const start = async (dataDir: string) => {
    const s = await startCreatedStation({ stationId: 'quit-test', feed: { kind: 'simulator', beds: 2, seed: 1 } }, dataDir);
    open.push(s);
    return s;
  };

  it('a station killed with SIGKILL is reported at its next start as stopped without a clinical quit', async () => {
    const dataDir = tempDir('vigil-kill-');
    const ROOT = resolve(__dirname, '../../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/station-process.ts'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
      child.once('exit', (code) => fail(new Error(`station process exited early (${code})`)));
    });
    const pid = child.pid;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const next = await start(dataDir);
    const found = await auditDetails(next, 'app.unclean-stop');
    expect(found).toEqual([expect.objectContaining({ message: 'station stopped without a clinical quit', previous_pid: pid, actor: 'system' })]);
    expect(found[0]!.previous_start).toMatch(/^\d{4}-\d\d-\d\dT/);
  }, 30_000);

  it('after a clinical quit the next start reports nothing; after a stop that was not one (OS shutdown), it does', async () => {
    const dataDir = tempDir('vigil-quit-');
    const first = await start(dataDir);
    expect(existsSync(runMarkerPath(dataDir))).toBe(true);
    const view = attachQuietView(first);
    await first.actions.signIn(view, 'charge', '1234');
    await first.quit.confirm(view, first.alarms.list().map((a) => a.alarmId));
    await closeStation(open.pop()!);
    expect(existsSync(runMarkerPath(dataDir))).toBe(false);

    const second = await start(dataDir);
    expect(await auditDetails(second, 'app.unclean-stop')).toEqual([]);
    expect(await auditDetails(second, 'app.stop')).toEqual([expect.objectContaining({ clinical_quit: true })]);
    // The OS shuts down: the app stops (it cannot refuse), recording why, but that is no clinical quit.
    await closeStation(open.pop()!, { reason: 'os-shutdown' });

    const third = await start(dataDir);
    expect(await auditDetails(third, 'app.unclean-stop')).toHaveLength(1);
    expect((await auditDetails(third, 'app.stop')).at(-1)).toMatchObject({ clinical_quit: false, reason: 'os-shutdown' });
  });

  it('an admin’s audited restart into an update is an approved quit: the app may stop, and the next start reports no unclean stop', async () => {
    const dataDir = tempDir('vigil-update-');
    const updater = new FakeUpdater();
    const config = { stationId: 'quit-test', feed: { kind: 'simulator', beds: 2, seed: 1 }, updates: { enabled: true, url: 'https://software.hospital.local/vigil/' } } as const;
    const first = await startCreatedStation(config, dataDir, { updates: { updater, support: { supported: true }, currentVersion: '1.0.0' } });
    open.push(first);
    updater.emit({ kind: 'available', version: '1.1.0' });
    updater.emit({ kind: 'downloaded', version: '1.1.0' });
    const view = attachQuietView(first);
    await first.actions.signIn(view, 'admin', 'admin1234');
    const decide = () => quitDecision({ approved: first.quit.approvedQuit() !== null, wallMode: false }, 'app-quit');
    // Without the approval, electron-updater's quit would be turned into a request for the quit dialog and never happen.
    expect(decide()).toBe('ask');
    await expect(first.updates.restart(first.actions.operator(view, 'configure'))).resolves.toEqual({ restarting: true, version: '1.1.0' });
    expect(updater.installs).toBe(1);
    expect(first.quit.approvedQuit()).toEqual({ userId: 'admin', role: 'admin', viewId: null, kind: 'update-restart' });
    expect(decide()).toBe('proceed');
    await closeStation(open.pop()!);
    expect(existsSync(runMarkerPath(dataDir))).toBe(false);

    const second = await start(dataDir);
    expect(await auditDetails(second, 'app.unclean-stop')).toEqual([]);
    expect(await auditDetails(second, 'update.restart')).toEqual([expect.objectContaining({ from_version: '1.0.0', to_version: '1.1.0', actor: 'admin' })]);
    expect(await auditDetails(second, 'app.stop')).toEqual([expect.objectContaining({ clinical_quit: true, quit: 'update-restart' })]);
  });

  it.each(HOUR_STEPS)('a restart into an update that never comes is given up 2 minutes of the station’s monotonic clock later (wall clock set an hour %s): the next quit asks again', async (_direction, step) => {
    const clock = new FakeClock();
    const updater = new FakeUpdater();
    const config = { stationId: 'quit-test', feed: { kind: 'simulator', beds: 2, seed: 1 }, updates: { enabled: true, url: 'https://software.hospital.local/vigil/' } } as const;
    const station = await startCreatedStation(config, tempDir('vigil-update-'), { clock, updates: { updater, support: { supported: true }, currentVersion: '1.0.0' } });
    open.push(station);
    updater.emit({ kind: 'downloaded', version: '1.1.0' });
    const view = attachQuietView(station);
    await station.actions.signIn(view, 'admin', 'admin1234');
    // The updater was asked to quit and install, and nothing happened.
    await station.updates.restart(station.actions.operator(view, 'configure'));
    expect(station.quit.approvedQuit()).toMatchObject({ kind: 'update-restart' });
    clock.stepWall(step);
    clock.advance(119_999);
    await station.updates.maybeCheck();
    expect(station.quit.approvedQuit()).toMatchObject({ kind: 'update-restart' });
    clock.advance(1);
    await station.updates.maybeCheck();
    expect(station.quit.approvedQuit()).toBeNull();
    expect(quitDecision({ approved: false, wallMode: false }, 'app-quit')).toBe('ask');
  });

  it('a restart into an update that did not happen leaves no approval behind: the next quit asks again', async () => {
    const dataDir = tempDir('vigil-update-');
    const updater = new FakeUpdater();
    updater.quitAndInstall = () => {
      throw new Error('no installer found');
    };
    const config = { stationId: 'quit-test', feed: { kind: 'simulator', beds: 2, seed: 1 }, updates: { enabled: true, url: 'https://software.hospital.local/vigil/' } } as const;
    const station = await startCreatedStation(config, dataDir, { updates: { updater, support: { supported: true }, currentVersion: '1.0.0' } });
    open.push(station);
    updater.emit({ kind: 'downloaded', version: '1.1.0' });
    const view = attachQuietView(station);
    await station.actions.signIn(view, 'admin', 'admin1234');
    await expect(station.updates.restart(station.actions.operator(view, 'configure'))).rejects.toThrow(/no installer found/);
    expect(station.quit.approvedQuit()).toBeNull();
    expect(quitDecision({ approved: station.quit.approvedQuit() !== null, wallMode: false }, 'app-quit')).toBe('ask');
  });
});
