import { describe, expect, it } from 'vitest';
import { IDLE, changeFlow, isChangeInProgress, type ChangeFlow } from '../../../renderer/src/bed/change-flow';
import type { PendingChange } from '../../../renderer/src/bed/limit-change';

const change: PendingChange = { kind: 'profile', bedId: 'bed-01', before: 'adult', after: 'neonatal' };
const other: PendingChange = { kind: 'profile', bedId: 'bed-01', before: 'adult', after: 'paediatric' };

describe('limit change flow', () => {
  it('goes review → confirm → saving → done only on the station’s ok', () => {
    let s: ChangeFlow = changeFlow(IDLE, { type: 'review', change });
    expect(s).toEqual({ step: 'confirming', change });
    s = changeFlow(s, { type: 'confirm' });
    expect(s).toEqual({ step: 'saving', change });
    expect(isChangeInProgress(s)).toBe(true);
    s = changeFlow(s, { type: 'answered', ok: true });
    expect(s).toEqual({ step: 'done', change, journaled: false });
    expect(isChangeInProgress(s)).toBe(false);
  });

  it('done, but recorded in the fallback journal, says so', () => {
    const saving: ChangeFlow = { step: 'saving', change };
    expect(changeFlow(saving, { type: 'answered', ok: true, journaled: true })).toEqual({ step: 'done', change, journaled: true });
  });

  it('shows the station’s refusal', () => {
    const saving: ChangeFlow = { step: 'saving', change };
    expect(changeFlow(saving, { type: 'answered', ok: false, error: 'Sign in first.' })).toEqual({ step: 'failed', change, error: 'Sign in first.' });
  });

  it('cannot reach done or saving without the confirmation step', () => {
    expect(changeFlow(IDLE, { type: 'confirm' })).toBe(IDLE);
    expect(changeFlow(IDLE, { type: 'answered', ok: true })).toBe(IDLE);
    const confirming: ChangeFlow = { step: 'confirming', change };
    expect(changeFlow(confirming, { type: 'answered', ok: true })).toBe(confirming);
  });

  it('cannot be cancelled or replaced while the station is saving', () => {
    const saving: ChangeFlow = { step: 'saving', change };
    expect(changeFlow(saving, { type: 'cancel' })).toBe(saving);
    expect(changeFlow(saving, { type: 'review', change: other })).toBe(saving);
    expect(changeFlow(saving, { type: 'confirm' })).toBe(saving);
  });

  it('steps back from the confirmation without sending anything', () => {
    expect(changeFlow({ step: 'confirming', change }, { type: 'cancel' })).toBe(IDLE);
    expect(changeFlow({ step: 'failed', change, error: 'x' }, { type: 'review', change: other })).toEqual({ step: 'confirming', change: other });
  });
});
