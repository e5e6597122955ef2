import { z } from 'zod';

/**
 * In-app updates (electron-updater, generic provider). Off unless IT turns
 * them on: a station changes version only when the hospital decided it
 * should, and never by itself in the middle of a shift (the restart waits
 * for an admin, see electron/main/updates/).
 */
const UpdateServerUrlSchema = z
  .string()
  .max(1024)
  .refine((s) => /^https:\/\/[^\s/]+/.test(s) && URL.canParse(s), 'updates.url must be an https:// URL (the hospital’s intranet copy of the release files)');

export const UpdateConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /**
     * The folder on the hospital's server holding the release's latest*.yml
     * and installers. HTTPS with a certificate the machine trusts (the
     * hospital CA in the OS store).
     */
    url: UpdateServerUrlSchema.optional(),
    /** How often to look for a new version (a found one downloads in the background). */
    checkIntervalMinutes: z.number().int().min(15).max(7 * 24 * 60).default(6 * 60),
  })
  .strict()
  .superRefine((updates, ctx) => {
    if (updates.enabled && updates.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'updates need the update server’s url when enabled' });
  });
export type UpdateConfig = z.infer<typeof UpdateConfigSchema>;

export const DEFAULT_UPDATE_CONFIG: UpdateConfig = { enabled: false, checkIntervalMinutes: 6 * 60 };
