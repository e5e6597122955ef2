import { z } from 'zod';

/**
 * What the station can prove about a bed's feed right now.
 * - `live`: data arrived within the no-data timeout.
 * - `no-data`: nothing arrived for longer than the timeout; numerics are hidden.
 * - `unknown`: nothing has ever arrived (e.g. just after start); shown like no-data.
 */
export const BED_FEED_STATES = ['live', 'no-data', 'unknown'] as const;
export const BedFeedStateSchema = z.enum(BED_FEED_STATES);
export type BedFeedState = z.infer<typeof BedFeedStateSchema>;

export const BedStatusSchema = z.object({
  bedId: z.string(),
  feed: BedFeedStateSchema,
  /** ECG electrodes reported off by the device: HR is invalid, ECG draws flat. */
  ecgLeadOff: z.boolean(),
  /**
   * The station's wall clock when the bed's newest data was measured, or null
   * if never: for people only. Whether the bed is live is decided on the
   * monotonic clock (`feed`), never from this.
   */
  lastDataAt: z.number().int().nullable(),
});
export type BedStatus = z.infer<typeof BedStatusSchema>;
