import type { Numeric, NumericKind } from '../../../shared/domain/numeric';
import { isFresh } from '../../../shared/domain/freshness';

/**
 * NIBP is one cuff measurement every few minutes: an old one is still the
 * latest (the tile shows its time), so only a time in the future disqualifies
 * it. Every other numeric is continuous and counts only while current.
 */
const EPISODIC: ReadonlySet<NumericKind> = new Set<NumericKind>(['nibpSys', 'nibpDia', 'nibpMean']);

/**
 * The numerics that may be taken as the bed's current state at `now`: a
 * continuous value measured longer ago than the no-data timeout (a backlog
 * delivered late, a device with a wrong clock) would otherwise keep a silent
 * bed "live", or end a current limit alarm with an old normal value.
 */
export function currentNumerics(numerics: readonly Numeric[], now: number, timeoutMs: number): Numeric[] {
  return numerics.filter((n) => (EPISODIC.has(n.kind) ? n.measuredAt <= now + timeoutMs : isFresh(n.measuredAt, now, timeoutMs)));
}
