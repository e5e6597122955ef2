import { z } from 'zod';
import { BedSchema, MAX_BEDS_PER_UNIT } from './bed';
import { BedStatusSchema } from './bed-status';
import { NumericSchema } from './numeric';
import { AlarmsUpdateSchema } from './station-event';
import { CareGroupViewSchema } from './care-group';
import { CensusDisplaySchema } from './census';
import { PatientDisplayModeSchema } from './patient';

export const FEED_KINDS = ['simulator', 'gateway'] as const;

/**
 * Everything a freshly loaded (or reloaded after a crash) renderer needs to
 * draw the wall without waiting for the next event.
 */
export const UnitSnapshotSchema = z.object({
  stationId: z.string(),
  unitName: z.string(),
  feedKind: z.enum(FEED_KINDS),
  /** Order defines the wall layout and the bed index used in waveform frames. */
  beds: z.array(BedSchema).min(1).max(MAX_BEDS_PER_UNIT),
  statuses: z.array(BedStatusSchema),
  numerics: z.record(z.string(), z.array(NumericSchema)),
  alarms: AlarmsUpdateSchema,
  noDataTimeoutMs: z.number().int().positive(),
  /** Wall display (kiosk). */
  wallMode: z.boolean(),
  /** People may sign in and take clinical actions here: a workstation, or a wall IT has allowed. */
  clinicalActionsAllowed: z.boolean(),
  /**
   * Set when the beds are simulated: the banner every screen shows, saying so
   * and why (e.g. no configuration file at the default location). null on a real feed.
   */
  simulationNotice: z.string().max(400).nullable(),
  /** Developer scenario controls are offered (simulator feed, not a wall). */
  scenariosEnabled: z.boolean(),
  /** Each bed's patient as this station's display mode allows (never more). */
  census: CensusDisplaySchema,
  patientDisplay: PatientDisplayModeSchema,
  /** The care group this station shows (or the whole unit) and the acknowledgement rule. */
  careGroups: CareGroupViewSchema,
  generatedAt: z.number().int(),
});
export type UnitSnapshot = z.infer<typeof UnitSnapshotSchema>;
