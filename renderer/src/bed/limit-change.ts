import type { LimitParameter } from '../../../shared/alarms/limit-parameters';
import { PARAMETER_LABEL } from '../../../shared/alarms/limit-parameters';
import { ParameterLimitsSchema, type ParameterLimits } from '../../../shared/alarms/limit-profiles';
import type { InvokeRequest } from '../../../shared/ipc/contract';
import { formatLimitValue, limitUnit } from './limit-format';

/** A change the user has asked for but the station has not yet made. */
export type PendingChange =
  | { kind: 'limits'; bedId: string; parameter: LimitParameter; before: ParameterLimits; after: ParameterLimits }
  | { kind: 'profile'; bedId: string; before: string; after: string };

export type Proposal = { ok: true; change: PendingChange } | { ok: false; error: string };

/** What the user typed in a limit field: empty turns that side off; a comma decimal is accepted. */
export function parseLimitInput(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * Checks a low/high edit with the same schema the station applies, so the
 * confirmation step only ever shows a change the station would accept
 * (the station checks again; this just saves a refusal).
 */
export function proposeLimitChange(bedId: string, parameter: LimitParameter, current: ParameterLimits, lowText: string, highText: string): Proposal {
  const low = parseLimitInput(lowText);
  const high = parseLimitInput(highText);
  if (low === undefined) return { ok: false, error: 'Low must be a number (or empty for no limit)' };
  if (high === undefined) return { ok: false, error: 'High must be a number (or empty for no limit)' };
  if (low === current.low && high === current.high) return { ok: false, error: 'Nothing changed' };
  const parsed = ParameterLimitsSchema.safeParse({ ...current, low, high });
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, change: { kind: 'limits', bedId, parameter, before: current, after: parsed.data } };
}

export function proposeProfileChange(bedId: string, current: string, next: string): Proposal {
  if (next === current) return { ok: false, error: 'That profile is already in use' };
  return { ok: true, change: { kind: 'profile', bedId, before: current, after: next } };
}

export interface ChangeLine {
  what: string;
  before: string;
  after: string;
  changed: boolean;
}

/** The before → after lines the confirmation step shows. */
export function changeLines(change: PendingChange): ChangeLine[] {
  if (change.kind === 'profile') return [{ what: 'Limit profile', before: change.before, after: change.after, changed: true }];
  const { parameter, before, after } = change;
  const unit = limitUnit(parameter);
  const line = (side: 'low' | 'high'): ChangeLine => ({
    what: `${PARAMETER_LABEL[parameter]} ${side}`,
    before: `${formatLimitValue(parameter, before[side])}${before[side] === null ? '' : ` ${unit}`}`,
    after: `${formatLimitValue(parameter, after[side])}${after[side] === null ? '' : ` ${unit}`}`,
    changed: before[side] !== after[side],
  });
  return [line('low'), line('high')];
}

/**
 * The request for a confirmed change. Only the sides that changed are sent,
 * so a change to the high limit cannot undo someone else's concurrent
 * change to the low one.
 */
export function changeRequest(change: PendingChange): { channel: 'limits:change'; request: InvokeRequest<'limits:change'> } | { channel: 'limits:set-profile'; request: InvokeRequest<'limits:set-profile'> } {
  if (change.kind === 'profile') return { channel: 'limits:set-profile', request: { bedId: change.bedId, profile: change.after, confirmed: true } };
  const { bedId, parameter, before, after } = change;
  return {
    channel: 'limits:change',
    request: {
      bedId,
      parameter,
      ...(before.low !== after.low ? { low: after.low } : {}),
      ...(before.high !== after.high ? { high: after.high } : {}),
      confirmed: true,
    },
  };
}
