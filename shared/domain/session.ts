import { z } from 'zod';

/** Roles in increasing clinical authority; admin is IT (users, configuration). */
export const ROLES = ['viewer', 'nurse', 'charge-nurse', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const PERMISSIONS = [
  'acknowledge',
  'audio-pause',
  'alarm-reset',
  'limit-change',
  /** A bed's alarm history ("what happened at 03:12 in bed 7"). */
  'review-history',
  /** A bed's full-disclosure record: waveforms, trends, print-outs, WFDB export (nurse, charge nurse; never a viewer or a wall). */
  'review-disclosure',
  /** The whole audit trail: viewer, verification, export. */
  'review-audit',
  /** Who is in which bed, with names and hospital numbers (the wall shows only what its display mode allows). */
  'census-view',
  /** Admit, edit, transfer, discharge at the station. */
  'census-edit',
  'manage-users',
  'configure',
  /** See notices about repeated failed sign-ins (failed-login alerting). */
  'security-notices',
  /** Close a workstation: annunciation stops there, so it is attributed, confirmed and audited. */
  'quit-station',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a view knows about who is signed in at it. Never the secret, never a token. */
export const SessionInfoSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  permissions: z.array(z.enum(PERMISSIONS)),
  signedInAt: z.number().int(),
  inactivityTimeoutMs: z.number().int().positive(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SignInRequestSchema = z
  .object({
    /** A user name, or a badge ID read by a badge reader. */
    identifier: z.string().trim().min(1).max(64),
    secret: z.string().min(1).max(128),
  })
  .strict();
