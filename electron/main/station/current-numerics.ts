import type { Numeric, NumericKind } from '../../../shared/domain/numeric';

/**
 * NIBP is one cuff measurement every few minutes: an old one is still the
 * latest (the tile shows its time), so it is taken whatever its age, but
 * only a recent one is proof that the bed is being monitored. Every other
 * numeric is continuous and is taken only while current.
 */
const EPISODIC: ReadonlySet<NumericKind> = new Set<NumericKind>(['nibpSys', 'nibpDia', 'nibpMean']);

export interface AgedNumeric {
  numeric: Numeric;
  /** How long ago it was measured, as of now. */
  ageMs: number;
  /** Recent enough to prove the bed is being monitored. */
  current: boolean;
}

/**
 * The offered numerics that may be taken, each with its age, and how many
 * were turned away. The age is judged without ever comparing two machines'
 * wall clocks, or the local wall clock at all:
 * - in the sender's own clock: `sentAt` (what the sender's clock read when
 *   it sent them: the gateway message's `at`, HL7 MSH-7, the simulator's
 *   time) minus `measuredAt` (its clock too: OBX-14, the device's stamp);
 * - plus how late they arrived, on this machine's monotonic clock
 *   (`lateMs`, from shared/time/sender-clock.ts).
 * A continuous value older than the no-data timeout (a backlog delivered
 * late, a device whose clock disagrees with its own gateway's) would
 * otherwise keep a silent bed "live", or end a current limit alarm with an
 * old normal value. One measured further in its sender's future than the
 * timeout comes from a clock nobody can trust and is refused.
 */
export function judgeNumerics(numerics: readonly Numeric[], sentAt: number, lateMs: number, timeoutMs: number): { taken: AgedNumeric[]; refused: number } {
  const taken: AgedNumeric[] = [];
  for (const numeric of numerics) {
    const senderAge = sentAt - numeric.measuredAt;
    if (!Number.isFinite(senderAge) || senderAge < -timeoutMs) continue;
    const ageMs = Math.max(0, senderAge) + Math.max(0, lateMs);
    const current = ageMs <= timeoutMs;
    if (current || EPISODIC.has(numeric.kind)) taken.push({ numeric, ageMs, current });
  }
  return { taken, refused: numerics.length - taken.length };
}
