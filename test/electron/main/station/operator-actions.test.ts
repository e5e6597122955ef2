import { describe, expect, it } from 'vitest';
import { harnessesClosedAfterEach, type StationHarness } from './station-test-kit';

const setup = harnessesClosedAfterEach();

/** A bed that never sent data raises NO_DATA after one timeout: an alarm to act on. */
async function withNoDataAlarm(h: StationHarness): Promise<string> {
  h.tick(5040);
  const alarm = h.station.alarms.list().find((a) => a.code === 'NO_DATA' && a.bedId === 'bed-1');
  if (!alarm) throw new Error('expected a NO_DATA alarm');
  return alarm.alarmId;
}

describe('operator actions through the station', () => {
  it('acknowledging takes a signed-in nurse, is audited durably with who did it, and applies to that view only', async () => {
    const h = await setup();
    const alarmId = await withNoDataAlarm(h);
    const other = h.attachView();
    await expect(h.station.actions.acknowledge(h.view.attached.viewId, alarmId)).rejects.toThrow(/Sign in first/);

    const session = await h.station.actions.signIn(h.view.attached.viewId, 'nurse', '1234');
    expect(session).toMatchObject({ userId: 'nurse', role: 'nurse', permissions: ['acknowledge', 'audio-pause', 'review-history', 'review-disclosure', 'census-view'] });
    expect(h.station.actions.current(other.attached.viewId)).toBeNull();
    await expect(h.station.actions.acknowledge(other.attached.viewId, alarmId)).rejects.toThrow(/Sign in first/);

    const result = await h.station.actions.acknowledge(h.view.attached.viewId, alarmId);
    expect(result).toMatchObject({ alarmId, applied: true });
    // Durable before the promise resolved: visible to a query right away.
    const rows = (await h.audit.query({ action: 'alarm.acknowledged', limit: 10 })).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: 'nurse', role: 'nurse', alarmId, bedId: 'bed-1' });
    expect(h.station.alarms.list().find((a) => a.alarmId === alarmId)?.state).toBe('acknowledged');
    expect(other.alarms.list().find((a) => a.alarmId === alarmId)?.state).toBe('acknowledged');
  });

  it('a wrong PIN is refused and audited as a failed sign-in; a viewer may not acknowledge', async () => {
    const h = await setup();
    const alarmId = await withNoDataAlarm(h);
    await expect(h.station.actions.signIn(h.view.attached.viewId, 'nurse', '9999')).rejects.toThrow(/Sign-in failed/);
    await h.audit.flush();
    expect((await h.audit.query({ action: 'user.sign-in-failed', limit: 10 })).rows).toHaveLength(1);
    await h.station.actions.signIn(h.view.attached.viewId, 'viewer', '1234');
    await expect(h.station.actions.acknowledge(h.view.attached.viewId, alarmId)).rejects.toThrow(/may not acknowledge/);
  });

  it('a kiosk wall signs people in but refuses clinical actions', async () => {
    const h = await setup({ wallMode: true });
    const alarmId = await withNoDataAlarm(h);
    const session = await h.station.actions.signIn(h.view.attached.viewId, 'charge', '1234');
    // Nor a patient's recorded waveforms (a wall is in public view), nor quit-station (a wall cannot be closed from its screen).
    expect(session.permissions).toEqual(['review-history', 'review-audit', 'census-view', 'security-notices']);
    await expect(h.station.actions.acknowledge(h.view.attached.viewId, alarmId)).rejects.toThrow(/view-only/);
    await expect(h.station.actions.pauseAudio(h.view.attached.viewId)).rejects.toThrow(/view-only/);
    expect(h.station.alarms.list().find((a) => a.alarmId === alarmId)?.state).toBe('active');
  });

  it('signs a view out after inactivity and tells that view; heartbeats with user activity keep it', async () => {
    const h = await setup({ config: { sessions: { inactivityTimeoutMs: 60_000 } } });
    const idle = h.attachView();
    await h.station.actions.signIn(h.view.attached.viewId, 'nurse', '1234');
    await h.station.actions.signIn(idle.attached.viewId, 'charge', '1234');
    for (let at = 10_000; at <= 70_000; at += 10_000) {
      h.station.reportView(h.view.attached.viewId, { audio: { ok: true }, userActive: true });
      h.tick(at);
    }
    expect(h.station.actions.current(h.view.attached.viewId)?.userId).toBe('nurse');
    expect(h.station.actions.current(idle.attached.viewId)).toBeNull();
    expect(idle.of('session:changed')).toEqual([null]);
    expect(h.view.of('session:changed')).toEqual([]);
  });

  it('two sign-ins at one view at once: the later one holds the view, the earlier is signed out (audited)', async () => {
    const h = await setup();
    const viewId = h.view.attached.viewId;
    await Promise.all([h.station.actions.signIn(viewId, 'nurse', '1234'), h.station.actions.signIn(viewId, 'charge', '1234')]);
    expect(h.station.actions.current(viewId)?.userId).toBe('charge');
    const signOuts = (await h.audit.query({ action: 'user.sign-out', limit: 10 })).rows;
    expect(signOuts.map((r) => r.userId)).toEqual(['nurse']);
  });

  it('closing a view signs its user out (audited)', async () => {
    const h = await setup();
    const other = h.attachView();
    await h.station.actions.signIn(other.attached.viewId, 'nurse', '1234');
    other.attached.detach();
    await h.audit.flush();
    await expect.poll(async () => (await h.audit.query({ action: 'user.sign-out', limit: 10 })).rows.length).toBe(1);
  });

  it('a charge nurse changes a limit; the audit row carries the values before and after', async () => {
    const h = await setup();
    await h.station.actions.signIn(h.view.attached.viewId, 'charge', '1234');
    const limits = await h.station.actions.changeLimits(h.view.attached.viewId, 'bed-2', 'hr', { high: 130 });
    expect(limits.high).toBe(130);
    expect(h.station.alarms.limitsOf('bed-2')?.parameters.hr.high).toBe(130);
    const row = (await h.audit.query({ action: 'limits.changed', limit: 1 })).rows[0]!;
    expect(row).toMatchObject({ userId: 'charge', bedId: 'bed-2' });
    expect(JSON.parse(row.details)).toMatchObject({ parameter: 'hr', high_before: 120, high_after: 130 });
  });
});
