import { describe, expect, it } from 'vitest';
import type { Permission, Role } from '../../../../shared/domain/session';
import { ROLE_PERMISSIONS } from '../../../../electron/main/auth/permissions';
import { AlarmActionRefused } from '../../../../electron/main/alarms/alarm-action-refused';
import { harness, operator, raiseHigh, refusal } from './alarm-test-kit';

/**
 * The engine re-checks every Operator: its role must hold the permission
 * and it must have been minted (by SessionManager.authorize) for exactly the
 * action it is used for.
 */
type Action = 'acknowledge' | 'audio-pause' | 'alarm-reset' | 'limit-change';
const ACTIONS: Action[] = ['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change'];

async function attempt(action: Action, role: Role, mintedFor: Permission): Promise<'done' | string> {
  const h = harness();
  const id = raiseHigh(h);
  const op = operator(role, mintedFor);
  const run = {
    acknowledge: () => h.engine.acknowledge(id, op),
    'audio-pause': () => h.engine.pauseAudio(op),
    'alarm-reset': () => h.engine.resetAlarms(op),
    'limit-change': () => h.engine.changeLimits('bed-1', 'spo2', { low: 88 }, op),
  }[action];
  try {
    await run();
    return 'done';
  } catch (error) {
    if (error instanceof AlarmActionRefused) return error.reason;
    throw error;
  }
}

describe('engine permission checks', () => {
  for (const role of ['viewer', 'nurse', 'charge-nurse', 'admin'] as const) {
    for (const action of ACTIONS) {
      const allowed = ROLE_PERMISSIONS[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, async () => {
        expect(await attempt(action, role, action)).toBe(allowed ? 'done' : 'not-permitted');
      });
    }
  }

  it('refuses an Operator minted for a different permission, even when the role holds both', async () => {
    for (const action of ACTIONS) {
      for (const mintedFor of ['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change', 'manage-users', 'configure'] as const) {
        if (mintedFor === action) continue;
        expect(await attempt(action, 'charge-nurse', mintedFor), `${action} with an Operator for ${mintedFor}`).toBe('not-permitted');
      }
    }
  });

  it('a refused action leaves the state and the audit trail untouched', async () => {
    const h = harness();
    const id = raiseHigh(h);
    const before = h.audit.log.length;
    await refusal(h.engine.acknowledge(id, operator('admin', 'acknowledge')));
    await refusal(h.engine.pauseAudio(operator('viewer', 'audio-pause')));
    expect(h.engine.list()[0]?.state).toBe('active');
    expect(h.engine.audioPauseRemainingMs).toBeNull();
    expect(h.audit.log.length).toBe(before);
  });
});
