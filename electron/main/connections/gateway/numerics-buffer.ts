import type { Numeric } from '../../../../shared/domain/numeric';

/**
 * Numerics received since the station's last pull, per bed, in arrival
 * order. Normally one batch per bed per second; after a network stall TCP may
 * deliver a burst, and every value is kept for the limit evaluator (a brief
 * SpO2 crash inside the burst must still be seen). Bounded per bed: a
 * flooding gateway loses its own oldest values (counted), never memory.
 */
export class NumericsBuffer {
  private readonly perBed: Numeric[][][];
  private shedBatches = 0;

  constructor(
    bedCount: number,
    private readonly maxBatchesPerBed: number,
  ) {
    this.perBed = Array.from({ length: bedCount }, () => []);
  }

  /** Returns the number of batches shed for this bed (0 normally). */
  push(bedIndex: number, numerics: Numeric[]): number {
    const queue = this.perBed[bedIndex];
    if (!queue) return 0;
    queue.push(numerics);
    let shed = 0;
    while (queue.length > this.maxBatchesPerBed) {
      queue.shift();
      shed++;
    }
    this.shedBatches += shed;
    return shed;
  }

  drain(): Array<{ bedIndex: number; numerics: Numeric[] }> {
    const out: Array<{ bedIndex: number; numerics: Numeric[] }> = [];
    this.perBed.forEach((queue, bedIndex) => {
      for (const numerics of queue) out.push({ bedIndex, numerics });
      queue.length = 0;
    });
    return out;
  }

  get shed(): number {
    return this.shedBatches;
  }
}
