import { z } from 'zod';
import type { AlarmCondition } from './alarm-condition';
import { BedIdSchema } from './bed';
import type { Role } from './session';

/**
 * Care groups split a unit (up to 64 beds) into the beds one nurse watches
 * (up to about 16). A station or wall shows one group, or the whole unit.
 *
 * The rules that decide what a station shows and who may acknowledge are
 * here, in shared/, so the main process (which enforces them) and the view
 * (which offers only what is allowed) cannot disagree.
 */
export const CareGroupIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'care group id must be 1-32 letters, digits, _ or -');

export const CareGroupSchema = z
  .object({
    id: CareGroupIdSchema,
    name: z.string().trim().min(1).max(32),
    beds: z.array(BedIdSchema).min(1).max(64),
  })
  .strict();
export type CareGroup = z.infer<typeof CareGroupSchema>;

/** What this station shows: one group (its beds) or the whole unit (null). */
export const CareGroupViewSchema = z.object({
  groups: z.array(z.object({ id: z.string(), name: z.string(), bedIds: z.array(z.string()) })),
  /** The group this station shows; null = the whole unit. */
  shown: z.string().nullable(),
  /** Nurses may acknowledge alarms of beds outside the shown group (charge nurses always may). */
  nursesAcknowledgeAnyGroup: z.boolean(),
});
export type CareGroupView = z.infer<typeof CareGroupViewSchema>;

export const WHOLE_UNIT: CareGroupView = { groups: [], shown: null, nursesAcknowledgeAnyGroup: true };

/** The beds this station shows, in unit order; null = every bed. */
export function shownBeds(view: CareGroupView): ReadonlySet<string> | null {
  if (view.shown === null) return null;
  const group = view.groups.find((g) => g.id === view.shown);
  return new Set(group?.bedIds ?? []);
}

/** A bed (or a unit-wide alarm, bedId null) belongs to what this station shows. */
export function isShownHere(view: CareGroupView, bedId: string | null): boolean {
  if (bedId === null || view.shown === null) return true;
  return shownBeds(view)!.has(bedId);
}

/**
 * Another group's alarm that reaches this station's "other beds" strip:
 * HIGH priority, still needing someone (not acknowledged, not cleared).
 * MEDIUM and LOW stay with their own group's station.
 */
export function isOtherBedsAlarm(view: CareGroupView, alarm: AlarmCondition): boolean {
  return !isShownHere(view, alarm.bedId) && alarm.priority === 'HIGH' && !alarm.acknowledged;
}

/**
 * Whether this station sounds an alarm. Its own group's and unit-wide alarms
 * always; another group's only once it is HIGH and has escalated (level 2 or
 * more: its own station has not answered it in time), so an unanswered
 * crisis next door is heard here without every neighbour's alarm sounding
 * at every desk. The strip shows another group's HIGH alarms from onset.
 */
export function isAudibleHere(view: CareGroupView, alarm: { bedId: string | null; priority: AlarmCondition['priority']; escalationLevel: number }): boolean {
  if (isShownHere(view, alarm.bedId)) return true;
  return alarm.priority === 'HIGH' && alarm.escalationLevel >= 2;
}

/**
 * Acknowledging outside the shown group: a charge nurse may, anywhere; a
 * nurse only in the group this station shows, unless the config allows any.
 * Unit-wide (technical) alarms may be acknowledged by anyone allowed to acknowledge.
 */
export function mayAcknowledgeHere(view: CareGroupView, role: Role, bedId: string | null): boolean {
  if (role === 'charge-nurse' || view.nursesAcknowledgeAnyGroup) return true;
  return isShownHere(view, bedId);
}
