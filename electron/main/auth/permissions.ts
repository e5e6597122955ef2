import type { Permission, Role } from '../../../shared/domain/session';

/**
 * Which role may do what. Admin is IT: it manages users and configuration
 * and has NO clinical rights. A person who is both IT and a clinician gets
 * two accounts, so every audited clinical action names a clinical role and
 * an IT account cannot silence a patient's alarm.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: [],
  nurse: ['acknowledge', 'audio-pause', 'review-history', 'review-disclosure'],
  'charge-nurse': ['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change', 'review-history', 'review-disclosure', 'review-audit'],
  // Reviewing what happened is not a clinical action: IT may audit, never silence.
  // Nor look at a patient's waveforms: review-disclosure is for the nurses caring for them.
  admin: ['review-history', 'review-audit', 'manage-users', 'configure'],
};

/** Actions on a patient's alarms; a kiosk wall refuses them unless IT allows it. */
export const CLINICAL_PERMISSIONS: readonly Permission[] = ['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change'];

/** A patient's recorded history: never on a kiosk wall (in public view), even where the wall may take clinical actions. */
export const NEVER_ON_A_WALL: readonly Permission[] = ['review-disclosure'];

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}

export function isClinicalPermission(permission: Permission): boolean {
  return CLINICAL_PERMISSIONS.includes(permission);
}
