import { describe, expect, it } from 'vitest';
import type { UpdateConfig } from '../../../../shared/config/update-config';
import { mintOperator } from '../../../../electron/main/auth/operator';
import type { AuditEventInput } from '../../../../electron/main/audit/normalize-event';
import { UpdateCoordinator } from '../../../../electron/main/updates/update-coordinator';
import type { StationActivity } from '../../../../electron/main/updates/update-policy';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';
import { FakeUpdater } from '../../../support/fake-updater';

class Trail {
  durable: AuditEventInput[] = [];
  recorded: AuditEventInput[] = [];
  failDurable = false;
  onDurable: (() => void) | null = null;
  record(e: AuditEventInput) {
    this.recorded.push(e);
  }
  async recordClinical(e: AuditEventInput) {
    await Promise.resolve();
    if (this.failDurable) throw new Error('disk full');
    this.durable.push(e);
    this.onDurable?.();
  }
}

const ON: UpdateConfig = { enabled: true, url: 'https://software.hospital.local/vigil/', checkIntervalMinutes: 60 };
const admin = mintOperator({ userId: 'it-admin', role: 'admin', sessionId: 'admin-s', permission: 'configure' });

function setup(config: UpdateConfig = ON, supported = true) {
  const clock = new FakeClock();
  const updater = new FakeUpdater();
  const audit = new Trail();
  const activity: StationActivity & { alarms: Array<{ bedId: string | null; code: string }>; sessions: Array<{ sessionId: string; userId: string }> } = {
    alarms: [],
    sessions: [{ sessionId: 'admin-s', userId: 'it-admin' }],
  };
  // The station's quit approval (clinical-quit.ts): granted just before the updater quits, withdrawn if it does not.
  const quit = { approvedFor: [] as string[], withdrawn: 0 };
  const coordinator = new UpdateCoordinator({
    config,
    support: supported ? { supported: true } : { supported: false, reason: 'unsigned build' },
    updater,
    currentVersion: '1.0.0',
    activity: () => activity,
    approveQuit: (by) => {
      quit.approvedFor.push(by.userId);
      expect(updater.installs).toBe(0);
      return () => void quit.withdrawn++;
    },
    audit,
    clock,
    firstCheckDelayMs: 120_000,
  });
  const downloaded = async () => {
    clock.advance(120_000);
    await coordinator.maybeCheck();
    updater.emit({ kind: 'available', version: '1.1.0' });
    updater.emit({ kind: 'progress', percent: 40 });
    updater.emit({ kind: 'downloaded', version: '1.1.0' });
  };
  return { clock, updater, audit, activity, coordinator, downloaded, quit };
}

describe('update coordinator', () => {
  it('is off by default and never contacts anything', async () => {
    const { coordinator, updater, clock } = setup({ enabled: false, checkIntervalMinutes: 60 });
    for (let i = 0; i < 5; i++) {
      clock.advance(3_600_000);
      await coordinator.maybeCheck();
    }
    expect(updater.checks).toEqual([]);
    expect(coordinator.status('admin-s')).toMatchObject({ phase: 'off', detail: expect.stringMatching(/updates.enabled/) });
  });

  it('an install that cannot verify signatures never checks, and says why', async () => {
    const { coordinator, updater, clock } = setup(ON, false);
    clock.advance(10 * 3_600_000);
    await coordinator.maybeCheck();
    expect(updater.checks).toEqual([]);
    expect(coordinator.status('admin-s')).toMatchObject({ phase: 'unavailable', detail: 'unsigned build' });
  });

  it('checks the configured intranet URL after start-up settles, then every interval by the monotonic clock (a wall-clock step changes nothing)', async () => {
    const { coordinator, updater, clock } = setup();
    await coordinator.maybeCheck();
    expect(updater.checks).toEqual([]);
    clock.advance(120_000);
    await coordinator.maybeCheck();
    expect(updater.checks).toEqual([ON.url]);
    updater.emit({ kind: 'not-available' });
    clock.stepWall(5 * 3_600_000);
    await coordinator.maybeCheck();
    expect(updater.checks).toHaveLength(1);
    clock.advance(59 * 60_000);
    await coordinator.maybeCheck();
    expect(updater.checks).toHaveLength(1);
    clock.advance(60_000);
    await coordinator.maybeCheck();
    expect(updater.checks).toHaveLength(2);
  });

  it('downloads in the background, records the download, and never restarts by itself', async () => {
    const { coordinator, updater, audit, clock, downloaded } = setup();
    await downloaded();
    expect(coordinator.status('admin-s')).toMatchObject({ phase: 'ready', availableVersion: '1.1.0', downloadPercent: 100, restart: { allowed: true } });
    expect(audit.recorded).toEqual([{ action: 'update.downloaded', actor: 'system', details: { version: '1.1.0', current_version: '1.0.0' } }]);
    for (let i = 0; i < 48; i++) {
      clock.advance(3_600_000);
      await coordinator.maybeCheck();
    }
    expect(updater.installs).toBe(0);
    expect(updater.checks).toHaveLength(1); // a ready update is not checked over
  });

  it('an admin’s restart is refused while an alarm is listed or someone else is signed in', async () => {
    const { coordinator, updater, audit, activity, downloaded } = setup();
    await downloaded();
    activity.alarms.push({ bedId: 'bed-02', code: 'HR_HIGH' });
    await expect(coordinator.restart(admin)).rejects.toThrow(/not now: 1 alarm on the station \(HR_HIGH bed-02\)/);
    activity.alarms.length = 0;
    activity.sessions.push({ sessionId: 'n1', userId: 'jdoe' });
    await expect(coordinator.restart(admin)).rejects.toThrow(/signed in at another screen: jdoe/);
    expect(coordinator.status('admin-s').restart).toEqual({ allowed: false, reasons: ['signed in at another screen: jdoe'] });
    expect(updater.installs).toBe(0);
    expect(audit.durable).toEqual([]);
  });

  it('an allowed restart is audited durably under the admin before the station quits into the update', async () => {
    const { coordinator, updater, audit, downloaded } = setup();
    await downloaded();
    audit.onDurable = () => expect(updater.installs).toBe(0);
    await expect(coordinator.restart(admin)).resolves.toEqual({ restarting: true, version: '1.1.0' });
    expect(audit.durable).toEqual([{ action: 'update.restart', actor: { userId: 'it-admin', role: 'admin' }, details: { from_version: '1.0.0', to_version: '1.1.0' } }]);
    expect(updater.installs).toBe(1);
    expect(coordinator.status('admin-s').phase).toBe('restarting');
  });

  it('the station approves the quit only once the restart is audited and re-checked, just before the updater quits', async () => {
    const { coordinator, updater, audit, activity, downloaded, quit } = setup();
    await downloaded();
    activity.alarms.push({ bedId: 'bed-02', code: 'HR_HIGH' });
    await expect(coordinator.restart(admin)).rejects.toThrow(/not now/);
    audit.onDurable = () => expect(quit.approvedFor).toEqual([]);
    activity.alarms.length = 0;
    await coordinator.restart(admin);
    expect(quit).toEqual({ approvedFor: ['it-admin'], withdrawn: 0 });
    expect(updater.installs).toBe(1);
  });

  it('a restart that does not happen withdraws the quit approval and is audited as failed: the updater throws or reports an error (still running after 2 min: below)', async () => {
    // The updater throws.
    const a = setup();
    await a.downloaded();
    a.updater.quitAndInstall = () => {
      throw new Error('no installer found');
    };
    await expect(a.coordinator.restart(admin)).rejects.toThrow(/restart failed: no installer found/);
    expect(a.quit).toEqual({ approvedFor: ['it-admin'], withdrawn: 1 });
    expect(a.coordinator.status('admin-s')).toMatchObject({ phase: 'failed', restart: { allowed: false } });
    expect(a.audit.recorded.at(-1)).toMatchObject({ action: 'update.restart', details: { outcome: 'failed', reason: 'no installer found' } });

    // The updater reports an error after it was asked to quit.
    const b = setup();
    await b.downloaded();
    await b.coordinator.restart(admin);
    b.updater.emit({ kind: 'error', message: 'installer exited with code 2' });
    expect(b.quit.withdrawn).toBe(1);
    expect(b.audit.recorded.at(-1)).toMatchObject({ details: { outcome: 'failed', reason: 'installer exited with code 2' } });

    // Nothing happens: see 'a restart that never comes is given up …' below.
  });

  it('no restart when the trail cannot record it, or when an alarm arrives while it is being recorded', async () => {
    const { coordinator, updater, audit, activity, downloaded } = setup();
    await downloaded();
    audit.failDurable = true;
    await expect(coordinator.restart(admin)).rejects.toThrow(/disk full/);
    expect(updater.installs).toBe(0);
    audit.failDurable = false;
    audit.onDurable = () => activity.alarms.push({ bedId: 'bed-05', code: 'SPO2_EXTREME_LOW' });
    await expect(coordinator.restart(admin)).rejects.toThrow(/SPO2_EXTREME_LOW bed-05/);
    expect(updater.installs).toBe(0);
    expect(audit.recorded.at(-1)).toMatchObject({ action: 'update.restart', details: { outcome: 'cancelled' } });
  });

  it('only an admin with the configure right may restart', async () => {
    const { coordinator, updater, downloaded } = setup();
    await downloaded();
    await expect(coordinator.restart(mintOperator({ userId: 'carl', role: 'charge-nurse', sessionId: 'admin-s', permission: 'configure' }))).rejects.toThrow(/charge-nurse may not/);
    await expect(coordinator.restart(mintOperator({ userId: 'it-admin', role: 'admin', sessionId: 'admin-s', permission: 'manage-users' }))).rejects.toThrow(/may not/);
    expect(updater.installs).toBe(0);
  });

  it('a failed check or download leaves the station as it was and is tried again at the next interval', async () => {
    const { coordinator, updater, clock } = setup();
    clock.advance(120_000);
    await coordinator.maybeCheck();
    updater.emit({ kind: 'available', version: '1.1.0' });
    updater.emit({ kind: 'error', message: 'sha512 checksum mismatch' });
    expect(coordinator.status('admin-s')).toMatchObject({ phase: 'failed', detail: 'sha512 checksum mismatch', availableVersion: null, restart: { allowed: false } });
    await expect(coordinator.restart(admin)).rejects.toThrow(/no downloaded update/);
    clock.advance(60 * 60_000);
    await coordinator.maybeCheck();
    expect(updater.checks).toHaveLength(2);
  });
});

describe.each(HOUR_STEPS)('update durations with the wall clock set an hour %s', (_direction, step) => {
  it('a restart that never comes is given up exactly 2 minutes of the monotonic clock after it was asked for', async () => {
    const c = setup();
    await c.downloaded();
    await c.coordinator.restart(admin);
    c.clock.stepWall(step);
    c.clock.advance(119_999);
    await c.coordinator.maybeCheck();
    expect(c.quit.withdrawn).toBe(0);
    expect(c.coordinator.status('admin-s').phase).toBe('restarting');
    c.clock.advance(1);
    await c.coordinator.maybeCheck();
    expect(c.quit.withdrawn).toBe(1);
    expect(c.coordinator.status('admin-s')).toMatchObject({ phase: 'failed', detail: 'restart failed: the station did not restart into the update' });
    // Withdrawn once only, however often it is noticed.
    c.clock.advance(600_000);
    await c.coordinator.maybeCheck();
    expect(c.quit.withdrawn).toBe(1);
  });

  it('the next check comes one interval of the monotonic clock after the last, not sooner, not later', async () => {
    const { coordinator, updater, clock } = setup();
    clock.advance(120_000);
    await coordinator.maybeCheck();
    updater.emit({ kind: 'not-available' });
    clock.stepWall(step);
    clock.advance(60 * 60_000 - 1);
    await coordinator.maybeCheck();
    expect(updater.checks).toHaveLength(1);
    clock.advance(1);
    await coordinator.maybeCheck();
    expect(updater.checks).toHaveLength(2);
  });
});
