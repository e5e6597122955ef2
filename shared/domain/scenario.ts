import { z } from 'zod';

/**
 * Scripted simulator scenarios. Each is deterministic under its seed so a test
 * (or a trainer) can replay exactly the same desaturation twice. On the adult
 * limit profile, every alarm priority has a scenario that raises it alone:
 * desaturation HIGH (after a MEDIUM), tachypnoea MEDIUM, fever LOW.
 */
export const SCENARIO_KINDS = [
  'desaturation',
  'tachycardia',
  'bradycardia',
  'tachypnoea',
  'fever',
  'ecg-lead-off',
  'bed-silent',
  'feed-drop',
  'recover',
] as const;
export const ScenarioKindSchema = z.enum(SCENARIO_KINDS);
export type ScenarioKind = z.infer<typeof ScenarioKindSchema>;

/** `feed-drop` affects the whole unit; all others need a bed. */
export const ScenarioRequestSchema = z
  .object({
    scenario: ScenarioKindSchema,
    bedId: z.string().min(1).max(32).optional(),
    seed: z.number().int().nonnegative().max(2 ** 32 - 1).optional(),
  })
  .refine((r) => r.scenario === 'feed-drop' || r.bedId !== undefined, {
    message: 'bedId is required for this scenario',
    path: ['bedId'],
  });
export type ScenarioRequest = z.infer<typeof ScenarioRequestSchema>;
