import type { DeviceAlarmInput } from '../../../shared/alarms/device-alarm';
import { prng } from '../../support/prng';

/** Conditions each bed's devices report in the flood: a faulty monitor repeats a handful of them. */
const CODES_PER_BED = 12;

/**
 * The flood's device alarm messages, and what they add up to. Each message
 * is, for a random bed: a repeat ("continue") of one of its active device
 * alarms (45 %), a new device alarm id for one of the bed's twelve
 * conditions (30 %: a monitor that numbers its messages anew, so most are
 * repeats of a condition already shown), or the end of an active id (25 %).
 * Conditions alternate MEDIUM and LOW; the one HIGH of the benchmark is the
 * probe, so its banner and its tone are its own.
 *
 * The model says, per bed, which conditions must be shown once everything
 * held back has been let through: those with at least one id active.
 */
export class FloodSource {
  private readonly random: () => number;
  private readonly active: Array<Map<string, number>>;
  private next = 0;
  sent = 0;

  constructor(
    private readonly bedIds: readonly string[],
    seed: number,
  ) {
    this.random = prng(seed);
    this.active = bedIds.map(() => new Map());
  }

  message(): DeviceAlarmInput {
    const bed = Math.floor(this.random() * this.bedIds.length);
    const active = this.active[bed]!;
    const r = this.random();
    const ids = [...active.keys()];
    this.sent++;
    if (r < 0.45 && ids.length > 0) {
      const id = ids[Math.floor(this.random() * ids.length)]!;
      return this.alarm(bed, id, active.get(id)!, 'continue');
    }
    if (r >= 0.75 && ids.length > 0) {
      const id = ids[Math.floor(this.random() * ids.length)]!;
      const condition = active.get(id)!;
      active.delete(id);
      return this.alarm(bed, id, condition, 'end');
    }
    const id = `flood-${this.next++}`;
    const condition = Math.floor(this.random() * CODES_PER_BED);
    active.set(id, condition);
    return this.alarm(bed, id, condition, 'start');
  }

  /** Ends for every id still active (the clean-up after a flood). */
  endAll(): DeviceAlarmInput[] {
    const ends: DeviceAlarmInput[] = [];
    this.active.forEach((active, bed) => {
      for (const [id, condition] of active) ends.push(this.alarm(bed, id, condition, 'end'));
      active.clear();
    });
    return ends;
  }

  /** Per bed, the codes that must be shown now. */
  expected(): Map<string, Set<string>> {
    return new Map(this.bedIds.map((bedId, bed) => [bedId, new Set([...this.active[bed]!.values()].map(codeOf))]));
  }

  private alarm(bed: number, id: string, condition: number, phase: DeviceAlarmInput['phase']): DeviceAlarmInput {
    const code = codeOf(condition);
    return { bedId: this.bedIds[bed]!, code, message: `Flood ${code}`, priority: condition % 2 === 0 ? 'MEDIUM' : 'LOW', source: 'device', phase, deviceAlarmId: id, latching: false };
  }
}

function codeOf(condition: number): string {
  return `FLOOD_${condition}`;
}

/**
 * A socket read delivers at most this many messages in one task: 64 KiB of
 * ~250-byte device alarm messages (what one read of a busy socket returns).
 */
const MESSAGES_PER_READ = 256;

/**
 * Sends `messages` at an even rate over `durationMs`, the way a connection
 * delivers them: each task takes what has arrived by then, up to one
 * socket read's worth, so a main thread that falls behind gets larger
 * batches, not fewer messages, and its timers still run between reads.
 */
export async function deliverEvenly(messages: () => DeviceAlarmInput, count: number, durationMs: number, ingest: (alarm: DeviceAlarmInput) => void): Promise<void> {
  const start = performance.now();
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, Math.ceil((count * (performance.now() - start)) / durationMs), sent + MESSAGES_PER_READ);
    for (; sent < due; sent++) ingest(messages());
    await new Promise((resolve) => setImmediate(resolve));
  }
}
