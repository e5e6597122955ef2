import { z } from 'zod';

/**
 * A notice for the people responsible for the unit's accounts (admins and
 * charge nurses): somebody keeps failing to sign in as one user. The
 * failed-login alerting hospital policies ask for; it never locks anyone out.
 */
export const SecurityNoticeSchema = z.object({
  noticeId: z.string().min(1).max(64),
  kind: z.literal('failed-sign-ins'),
  /** The user the attempts were for; null when the identifier names nobody (it is not shown: it may be a mistyped password). */
  userId: z.string().nullable(),
  /** The screens the failures came from, in the order they first failed. */
  screens: z.array(z.string().max(120)).max(64),
  failures: z.number().int().positive(),
  /** Wall-clock times, for display. */
  firstAt: z.number().int(),
  lastAt: z.number().int(),
  /** "Failed sign-ins for nina at workstation, view-2". */
  message: z.string().max(400),
});
export type SecurityNotice = z.infer<typeof SecurityNoticeSchema>;

export const SecurityNoticesSchema = z.object({ notices: z.array(SecurityNoticeSchema).max(256) });
export type SecurityNotices = z.infer<typeof SecurityNoticesSchema>;
