import { z } from 'zod';

/**
 * In-app updates as IT sees them on the station status screen. A new
 * version downloads in the background; the station restarts into it only
 * when an admin asks, and only while nothing needs a person (restart.allowed).
 */
export const UPDATE_PHASES = [
  /** updates.enabled is false (the default). */
  'off',
  /** This install cannot verify an update's signature (development build, unsigned build, Linux package). */
  'unavailable',
  'idle',
  'checking',
  'downloading',
  /** Downloaded and verified; waiting for an admin's "restart to update". */
  'ready',
  'failed',
  'restarting',
] as const;
export const UpdatePhaseSchema = z.enum(UPDATE_PHASES);
export type UpdatePhase = z.infer<typeof UpdatePhaseSchema>;

export const UpdateStatusSchema = z.object({
  phase: UpdatePhaseSchema,
  currentVersion: z.string(),
  availableVersion: z.string().nullable(),
  downloadPercent: z.number().min(0).max(100).nullable(),
  /** Wall-clock time of the last finished check, for display. */
  lastCheckedAt: z.number().int().nullable(),
  /** Why updates are off or unavailable, or the last error. */
  detail: z.string().nullable(),
  /** Whether the admin asking could restart into the update now, and if not, why not. */
  restart: z.object({ allowed: z.boolean(), reasons: z.array(z.string()) }),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;
