import { describe, expect, it } from 'vitest';
import { checkDue, restartVerdict } from '../../../../electron/main/updates/update-policy';
import { updateSupport } from '../../../../electron/main/updates/update-support';

const quiet = { alarms: [], sessions: [{ sessionId: 'admin-s', userId: 'it-admin' }] };

describe('when a restart into an update is allowed', () => {
  it('only with a downloaded update, no alarm on the list and nobody else signed in', () => {
    expect(restartVerdict('ready', quiet, 'admin-s')).toEqual({ allowed: true, reasons: [] });
    for (const phase of ['off', 'unavailable', 'idle', 'checking', 'downloading', 'failed', 'restarting'] as const) {
      expect(restartVerdict(phase, quiet, 'admin-s')).toEqual({ allowed: false, reasons: ['no downloaded update is waiting'] });
    }
  });

  it('never while any alarm is listed – technical, acknowledged or latched alike – and says which', () => {
    const alarms = [
      { bedId: 'bed-03', code: 'SPO2_LOW' },
      { bedId: null, code: 'AUDIT_FAILURE' },
      { bedId: 'bed-07', code: 'NO_DATA' },
      { bedId: 'bed-08', code: 'NO_DATA' },
    ];
    expect(restartVerdict('ready', { ...quiet, alarms }, 'admin-s')).toEqual({
      allowed: false,
      reasons: ['4 alarms on the station (SPO2_LOW bed-03, AUDIT_FAILURE, NO_DATA bed-07 and 1 more)'],
    });
    expect(restartVerdict('ready', { ...quiet, alarms: alarms.slice(0, 1) }, 'admin-s').reasons).toEqual(['1 alarm on the station (SPO2_LOW bed-03)']);
  });

  it('never while someone other than the asking admin is signed in anywhere', () => {
    const sessions = [...quiet.sessions, { sessionId: 'n1', userId: 'jdoe' }, { sessionId: 'n2', userId: 'jdoe' }, { sessionId: 'c1', userId: 'carl' }];
    expect(restartVerdict('ready', { alarms: [], sessions }, 'admin-s')).toEqual({ allowed: false, reasons: ['signed in at another screen: jdoe, carl'] });
    // The same admin at a second screen is someone else at that screen.
    expect(restartVerdict('ready', { alarms: [], sessions: [...quiet.sessions, { sessionId: 'admin-s2', userId: 'it-admin' }] }, 'admin-s').allowed).toBe(false);
  });

  it('unknown is unsafe: activity that cannot be read refuses', () => {
    expect(restartVerdict('ready', null, 'admin-s')).toEqual({ allowed: false, reasons: ['the station’s alarms and sessions cannot be read'] });
  });

  it('checks are due by the monotonic clock only', () => {
    expect(checkDue(null, 5, 1000)).toBe(true);
    expect(checkDue(1000, 1999, 1000)).toBe(false);
    expect(checkDue(1000, 2000, 1000)).toBe(true);
  });
});

describe('whether this install can take verified updates', () => {
  const signedWin = 'provider: generic\nurl: https://updates.invalid/vigil-station\npublisherName:\n  - Vigil Station Contributors\nupdaterCacheDirName: vigil-station-updater\n';
  it('a signed Windows build and a packaged macOS build can', () => {
    expect(updateSupport({ platform: 'win32', packaged: true, appUpdateConfig: signedWin })).toEqual({ supported: true });
    expect(updateSupport({ platform: 'darwin', packaged: true, appUpdateConfig: 'provider: generic\n' })).toEqual({ supported: true });
  });

  it('an unsigned Windows build cannot (electron-updater would skip the signature check), nor Linux, nor development', () => {
    expect(updateSupport({ platform: 'win32', packaged: true, appUpdateConfig: 'provider: generic\nurl: x\n' })).toMatchObject({ supported: false, reason: expect.stringMatching(/not code-signed/) });
    expect(updateSupport({ platform: 'linux', packaged: true, appUpdateConfig: 'provider: generic\n' })).toMatchObject({ supported: false, reason: expect.stringMatching(/package repository/) });
    expect(updateSupport({ platform: 'win32', packaged: false, appUpdateConfig: signedWin })).toMatchObject({ supported: false, reason: expect.stringMatching(/development/) });
    expect(updateSupport({ platform: 'darwin', packaged: true, appUpdateConfig: null })).toMatchObject({ supported: false });
  });
});
