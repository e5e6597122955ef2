import { z } from 'zod';
import { RoleSchema } from './session';

/**
 * User administration as an admin sees it over IPC. Never a secret or a hash
 * on the way out; the secret only on the way in, to be hashed at once. The
 * user directory applies the detailed rules (id format, uniqueness of ids and
 * badges) and answers with the reason when one is broken.
 */
export const UserSummarySchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  badgeId: z.string().nullable(),
  disabled: z.boolean(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

export const NewUserRequestSchema = z
  .object({
    userId: z.string().trim().min(1).max(64),
    displayName: z.string().trim().min(1).max(64),
    role: RoleSchema,
    badgeId: z.string().trim().min(4).max(64).nullable().optional(),
    /** PIN or password, 4-128 characters. */
    secret: z.string().min(4).max(128),
  })
  .strict();
