import { z } from 'zod';
import { BedSchema, MAX_BEDS_PER_UNIT } from '../domain/bed';
import { DEFAULT_NO_DATA_TIMEOUT_MS } from '../domain/freshness';

/**
 * The system-wide configuration hospital IT manages. Every field has a safe
 * default so an absent file means "the built-in simulated unit". Unknown keys
 * are rejected: a typo in a safety setting must not be silently ignored.
 */
export const SimulatorFeedSchema = z
  .object({
    kind: z.literal('simulator'),
    beds: z.number().int().min(1).max(MAX_BEDS_PER_UNIT).default(16),
    seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(1),
  })
  .strict();

export const StationConfigSchema = z
  .object({
    stationId: z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/).default('station-1'),
    unitName: z.string().min(1).max(48).default('Simulated Unit'),
    feed: SimulatorFeedSchema.default({ kind: 'simulator', beds: 16, seed: 1 }),
    /** Optional explicit bed list; otherwise the feed names the beds. */
    beds: z.array(BedSchema).max(MAX_BEDS_PER_UNIT).optional(),
    noDataTimeoutMs: z.number().int().min(1000).max(30000).default(DEFAULT_NO_DATA_TIMEOUT_MS),
    wall: z
      .object({
        /** A wall display is view-only unless IT explicitly allows actions. */
        allowClinicalActions: z.boolean().default(false),
      })
      .strict()
      .default({ allowClinicalActions: false }),
    /** Offer simulator scenario controls (dev menu). Never on a wall. */
    scenarioControls: z.boolean().default(true),
  })
  .strict();
export type StationConfig = z.infer<typeof StationConfigSchema>;
export type StationConfigInput = z.input<typeof StationConfigSchema>;
