import type { Numeric } from '../../../../shared/domain/numeric';

/**
 * Numerics received since the station's last pull, per bed, in arrival
 * order. Normally one batch per bed per second; after a network stall TCP may
 * deliver a burst, and every value is kept for the limit evaluator (a brief
 * SpO2 crash inside the burst must still be seen). Bounded per bed: a
 * flooding gateway loses its own oldest values (counted), never memory.
 */
export class NumericsBuffer {
  /** Per bed, each batch with the gateway's clock when it sent it (the message's `at`). */
  private readonly perBed: Array<Array<{ numerics: Numeric[]; sentAt: number }>>;
  private shedBatches = 0;

  constructor(
    bedCount: number,
    private readonly maxBatchesPerBed: number,
  ) {
    this.perBed = Array.from({ length: bedCount }, () => []);
  }

  /** Returns the number of batches shed for this bed (0 normally). */
  push(bedIndex: number, numerics: Numeric[], sentAt: number): number {
    const queue = this.perBed[bedIndex];
    if (!queue) return 0;
    queue.push({ numerics, sentAt });
    let shed = 0;
    while (queue.length > this.maxBatchesPerBed) {
      queue.shift();
      shed++;
    }
    this.shedBatches += shed;
    return shed;
  }

  drain(): Array<{ bedIndex: number; numerics: Numeric[]; sentAt: number }> {
    const out: Array<{ bedIndex: number; numerics: Numeric[]; sentAt: number }> = [];
    this.perBed.forEach((queue, bedIndex) => {
      for (const { numerics, sentAt } of queue) out.push({ bedIndex, numerics, sentAt });
      queue.length = 0;
    });
    return out;
  }

  get shed(): number {
    return this.shedBatches;
  }
}
