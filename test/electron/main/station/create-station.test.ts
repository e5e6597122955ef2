import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../audit/audit-test-kit';
import { attachQuietView, auditDetails, closeStation, startCreatedStation } from './created-station-kit';
import type { Station } from '../../../../electron/main/station/station';
import type { StationConfigInput } from '../../../../shared/config/station-config';

/** createStation as the app runs it: real audit file, real users.json in the data folder. */
const open: Station[] = [];
afterEach(async () => {
  for (const station of open.splice(0)) await closeStation(station).catch(() => undefined);
});
async function start(...args: Parameters<typeof startCreatedStation>): Promise<Station> {
  const station = await startCreatedStation(...args);
  open.push(station);
  return station;
}

const BEDS = [{ bedId: 'icu4-01', label: 'Bed 1', patient: null }];
// A back end nobody answers: the station runs (with COMMS_LOST) and the users are what matters here.
const REAL_FEED: StationConfigInput = { stationId: 'icu4-central', feed: { kind: 'gateway', urls: ['http://127.0.0.1:9'], token: 'station-token-1' }, beds: BEDS };

function userIds(dataDir: string): string[] {
  return (JSON.parse(readFileSync(join(dataDir, 'users.json'), 'utf8')) as { users: Array<{ userId: string }> }).users.map((u) => u.userId);
}

describe('createStation: training accounts never reach a real unit', () => {
  it('a data folder that ran the simulated unit, put on a real feed: the training accounts are removed (audited) and refused at sign-in', async () => {
    const dataDir = tempDir('vigil-create-');
    const simulated = await start({}, dataDir);
    expect(userIds(dataDir)).toEqual(['nurse', 'charge', 'viewer', 'admin']);
    const simView = attachQuietView(simulated);
    await expect(simulated.actions.signIn(simView, 'charge', '1234')).resolves.toMatchObject({ userId: 'charge' });
    await closeStation(open.pop()!);

    const real = await start(REAL_FEED, dataDir);
    expect(userIds(dataDir)).toEqual([]);
    expect(await auditDetails(real, 'config.changed')).toContainEqual(
      expect.objectContaining({ change: 'training-accounts.removed', count: 4, user_ids: 'nurse,charge,viewer,admin', reason: 'real feed: hospital back end', actor: 'system' }),
    );
    const view = attachQuietView(real);
    // Gone, so refused like any unknown name (the refusal that holds even when removal fails: training-accounts.test.ts).
    await expect(real.actions.signIn(view, 'charge', '1234')).rejects.toThrow(/Sign-in failed/);
    await expect(real.actions.signIn(view, 'BADGE-NURSE', '1234')).rejects.toThrow(/Sign-in failed/);
  });

  it('an HL7 listener makes a simulated unit real as far as accounts go: none are created', async () => {
    const dataDir = tempDir('vigil-create-');
    await start({ feed: { kind: 'simulator', beds: 2, seed: 1 }, hl7: { port: 0, bedMap: [{ bedId: 'bed-01', location: 'A^^1' }] } }, dataDir);
    expect(existsSync(join(dataDir, 'users.json'))).toBe(false);
  });
});

describe('createStation: the simulated-unit banner', () => {
  it('says so, and why: no configuration file where the station looked', async () => {
    const station = await start({}, tempDir('vigil-create-'), { configSource: null, configLookedAt: '/etc/vigil-station/config.json' });
    expect(station.snapshot().simulationNotice).toBe('Simulated unit, not real patients: no configuration file at /etc/vigil-station/config.json');
  });

  it('names the file that configured the simulator; a real feed has no banner', async () => {
    const simulated = await start({ feed: { kind: 'simulator', beds: 2, seed: 1 } }, tempDir('vigil-create-'), { configSource: '/srv/training.json' });
    expect(simulated.snapshot().simulationNotice).toBe('Simulated unit, not real patients: the simulator feed is configured in /srv/training.json');
    const real = await start(REAL_FEED, tempDir('vigil-create-'), { configSource: '/etc/vigil-station/config.json' });
    expect(real.snapshot().simulationNotice).toBeNull();
  });
});
