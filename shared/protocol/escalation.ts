import { z } from 'zod';
import { AlarmIdentitySchema } from './alarm-identity';

/**
 * An alarm left unacknowledged escalated (level 2, then 3). Each station
 * decides escalation of its own alarms; it reports every step so the back
 * end can route it to pagers, and the gateway journals and relays the
 * highest level per episode (`alarm.episodeId`) so every station and wall
 * knows how far an alarm has escalated anywhere. `at` is the reporting
 * station's clock (for people only).
 */
export const EscalationRecordSchema = z
  .object({
    alarm: AlarmIdentitySchema,
    level: z.union([z.literal(2), z.literal(3)]),
    stationId: z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/),
    at: z.number().int().nonnegative(),
  })
  .strict();
export type EscalationRecord = z.infer<typeof EscalationRecordSchema>;

/** station → gateway. */
export const EscalationReportSchema = EscalationRecordSchema.extend({ v: z.number().int() }).strict();
export type EscalationReport = z.infer<typeof EscalationReportSchema>;
