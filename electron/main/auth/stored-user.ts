import { z } from 'zod';
import { RoleSchema } from '../../../shared/domain/session';
import { SecretHashSchema } from './password-hash';

/**
 * A user as the user store keeps it. User ids are lower-case so "JSmith" and
 * "jsmith" cannot be two people in the audit trail; 'system' is reserved
 * for the station's own audit entries. A badge id is an identifier, not a
 * secret: it replaces the user name, never the PIN.
 */
export const UserIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'user id must be 1-64 lower-case letters, digits, . _ or -')
  .refine((id) => id !== 'system', 'user id "system" is reserved');

export const BadgeIdSchema = z.string().regex(/^[A-Za-z0-9:_-]{4,64}$/, 'badge id must be 4-64 letters, digits, : _ or -');

export const StoredUserSchema = z
  .object({
    userId: UserIdSchema,
    displayName: z.string().trim().min(1).max(64),
    role: RoleSchema,
    badgeId: BadgeIdSchema.nullable(),
    disabled: z.boolean(),
    secret: SecretHashSchema,
    createdAt: z.number().int().nonnegative(),
  })
  .strict();
export type StoredUser = z.infer<typeof StoredUserSchema>;

export const UserFileSchema = z.object({ version: z.literal(1), users: z.array(StoredUserSchema) }).strict();

/** Where the user directory keeps its users; load/save the whole list. */
export interface UserPersistence {
  /** All users; an empty list only when nothing was ever saved. Rejects on a damaged store. */
  load(): Promise<StoredUser[]>;
  /** Resolves once the list is durably stored. */
  save(users: readonly StoredUser[]): Promise<void>;
}
