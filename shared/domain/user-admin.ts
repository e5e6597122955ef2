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
    /** PIN or password; the rules (pin-rules.ts) are applied by the user directory, which knows the role and ids. */
    secret: z.string().min(1).max(128),
  })
  .strict();

const UserRefSchema = z.string().min(1).max(64);

export const SetRoleRequestSchema = z.object({ userId: UserRefSchema, role: RoleSchema }).strict();
/** null removes the badge (the user then signs in by user id). */
export const SetBadgeRequestSchema = z.object({ userId: UserRefSchema, badgeId: z.string().trim().min(4).max(64).nullable() }).strict();
export const ResetPinRequestSchema = z.object({ userId: UserRefSchema, secret: z.string().min(1).max(128) }).strict();
export const UserRefRequestSchema = z.object({ userId: UserRefSchema }).strict();
