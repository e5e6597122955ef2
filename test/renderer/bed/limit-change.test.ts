import { describe, expect, it } from 'vitest';
import { ADULT_PROFILE } from '../../../shared/alarms/limit-profiles';
import { INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import { changeLines, changeRequest, parseLimitInput, proposeLimitChange, proposeProfileChange } from '../../../renderer/src/bed/limit-change';

const hr = ADULT_PROFILE.parameters.hr;

describe('limit change proposals', () => {
  it('reads numbers, a comma decimal, and empty as "no limit"', () => {
    expect(parseLimitInput('130')).toBe(130);
    expect(parseLimitInput(' 36,5 ')).toBe(36.5);
    expect(parseLimitInput('')).toBeNull();
    expect(parseLimitInput('13O')).toBeUndefined();
    expect(parseLimitInput('1e3')).toBeUndefined();
  });

  it('proposes a high-limit change with before and after', () => {
    const proposal = proposeLimitChange('bed-02', 'hr', hr, '50', '130');
    expect(proposal).toEqual({ ok: true, change: { kind: 'limits', bedId: 'bed-02', parameter: 'hr', before: hr, after: { ...hr, high: 130 } } });
  });

  it('refuses what the station would refuse, with its reason', () => {
    expect(proposeLimitChange('bed-02', 'hr', hr, '50', '50')).toEqual({ ok: false, error: expect.stringContaining('low must be below high') });
    // The high limit may not pass the extreme above it.
    expect(proposeLimitChange('bed-02', 'hr', hr, '50', '160')).toEqual({ ok: false, error: expect.stringContaining('extremeHigh') });
    // With an extreme low, the low limit cannot be turned off.
    expect(proposeLimitChange('bed-02', 'hr', hr, '', '120')).toEqual({ ok: false, error: expect.stringContaining('extremeLow') });
    expect(proposeLimitChange('bed-02', 'hr', hr, 'fifty', '120')).toEqual({ ok: false, error: expect.stringMatching(/^Low must be a number/) });
    expect(proposeLimitChange('bed-02', 'hr', hr, '50', '120')).toEqual({ ok: false, error: 'Nothing changed' });
  });

  it('shows the confirmation lines with units, marking what changes', () => {
    const proposal = proposeLimitChange('bed-02', 'hr', hr, '50', '130');
    if (!proposal.ok) throw new Error(proposal.error);
    expect(changeLines(proposal.change)).toEqual([
      { what: 'HR low', before: '50 bpm', after: '50 bpm', changed: false },
      { what: 'HR high', before: '120 bpm', after: '130 bpm', changed: true },
    ]);
    const spo2 = ADULT_PROFILE.parameters.spo2;
    const change = proposeLimitChange('bed-01', 'spo2', spo2, '92', '');
    if (!change.ok) throw new Error(change.error);
    expect(changeLines(change.change)[1]).toEqual({ what: 'SpO2 high', before: 'off', after: 'off', changed: false });
  });

  it('sends only the side that changed, confirmed, in a request the contract accepts', () => {
    const proposal = proposeLimitChange('bed-02', 'hr', hr, '50', '130');
    if (!proposal.ok) throw new Error(proposal.error);
    const { channel, request } = changeRequest(proposal.change);
    expect(channel).toBe('limits:change');
    expect(request).toEqual({ bedId: 'bed-02', parameter: 'hr', high: 130, confirmed: true });
    expect(INVOKE_CHANNELS['limits:change'].request.safeParse(request).success).toBe(true);
  });

  it('proposes a profile change and maps it to limits:set-profile', () => {
    expect(proposeProfileChange('bed-01', 'adult', 'adult')).toEqual({ ok: false, error: 'That profile is already in use' });
    const proposal = proposeProfileChange('bed-01', 'adult', 'paediatric');
    if (!proposal.ok) throw new Error(proposal.error);
    expect(changeLines(proposal.change)).toEqual([{ what: 'Limit profile', before: 'adult', after: 'paediatric', changed: true }]);
    const { channel, request } = changeRequest(proposal.change);
    expect(channel).toBe('limits:set-profile');
    expect(INVOKE_CHANNELS['limits:set-profile'].request.safeParse(request).success).toBe(true);
  });
});
