import { describe, expect, it } from 'vitest';
import { harnessesClosedAfterEach } from './station-test-kit';

const setup = harnessesClosedAfterEach();

const BEDS = Array.from({ length: 4 }, (_, i) => ({ bedId: `bed-${i + 1}`, label: `Bed ${i + 1}`, patient: null }));

/** A station showing care group North (beds 1-2) of a four-bed unit. */
function northStation(extra: { nursesAcknowledgeAnyGroup?: boolean } = {}) {
  return setup({
    beds: 4,
    config: {
      feed: { kind: 'gateway', urls: ['http://127.0.0.1:1'], token: 'token-123456' },
      beds: BEDS,
      careGroups: {
        groups: [
          { id: 'north', name: 'North', beds: ['bed-1', 'bed-2'] },
          { id: 'south', name: 'South', beds: ['bed-3', 'bed-4'] },
        ],
        show: 'north',
        ...extra,
      },
    },
  });
}

function asystole(h: Awaited<ReturnType<typeof northStation>>, bedId: string): string {
  h.station.ingestDeviceAlarm({ bedId, code: 'ASYSTOLE', message: 'Asystole', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: `asy-${bedId}` });
  return h.station.alarms.list().find((a) => a.bedId === bedId && a.code === 'ASYSTOLE')!.alarmId;
}

/** Care groups at a station: permissions and what sounds (the view's filtering is in care-group.test.ts and the e2e). */
describe('care groups at a station', () => {
  it('the snapshot tells views which group this station shows and the acknowledgement rule', async () => {
    const h = await northStation();
    expect(h.station.snapshot().careGroups).toEqual({
      groups: [
        { id: 'north', name: 'North', bedIds: ['bed-1', 'bed-2'] },
        { id: 'south', name: 'South', bedIds: ['bed-3', 'bed-4'] },
      ],
      shown: 'north',
      nursesAcknowledgeAnyGroup: false,
    });
  });

  it('a nurse acknowledges in her own group only; a charge nurse in any', async () => {
    const h = await northStation();
    const south = asystole(h, 'bed-3');
    const north = asystole(h, 'bed-1');
    const nurseView = h.view.attached.viewId;
    await h.station.actions.signIn(nurseView, 'nurse', '1234');
    await expect(h.station.actions.acknowledge(nurseView, south)).rejects.toThrow(/another care group: only a charge nurse/);
    expect(h.station.alarms.list().find((a) => a.alarmId === south)?.acknowledged).toBe(false);
    await expect(h.station.actions.acknowledge(nurseView, north)).resolves.toMatchObject({ applied: true });
    const chargeView = h.attachView().attached.viewId;
    await h.station.actions.signIn(chargeView, 'charge', '1234');
    await expect(h.station.actions.acknowledge(chargeView, south)).resolves.toMatchObject({ applied: true });
  });

  it('the config may let nurses acknowledge any group', async () => {
    const h = await northStation({ nursesAcknowledgeAnyGroup: true });
    const south = asystole(h, 'bed-4');
    await h.station.actions.signIn(h.view.attached.viewId, 'nurse', '1234');
    await expect(h.station.actions.acknowledge(h.view.attached.viewId, south)).resolves.toMatchObject({ applied: true });
  });

  it('another group\'s HIGH is not sounded here until it escalates unanswered; this group\'s always is', async () => {
    const h = await northStation();
    h.time.now = 1_000;
    const south = asystole(h, 'bed-3');
    expect(h.station.alarms.auditory()).toBeNull();
    h.tick(1_000 + 31_000);
    expect(h.station.alarms.list().find((a) => a.alarmId === south)?.escalationLevel).toBe(2);
    expect(h.station.alarms.auditory()?.alarmId).toBe(south);
    const north = asystole(h, 'bed-2');
    // Same priority: the older one sounds; both are audible here now.
    expect(h.station.alarms.auditory()?.alarmId).toBe(south);
    expect(north).not.toBe(south);
  });
});
