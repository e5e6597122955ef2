import type { Permission, Role } from '../../../shared/domain/session';

/**
 * Which role may do what. Admin is IT: it manages users and configuration
 * and has NO clinical rights. A person who is both IT and a clinician gets
 * two accounts, so every audited clinical action names a clinical role and
 * an IT account cannot silence a patient's alarm.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: [],
  nurse: ['acknowledge', 'audio-pause', 'review-history', 'review-disclosure', 'census-view'],
  'charge-nurse': ['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change', 'review-history', 'review-disclosure', 'review-audit', 'census-view', 'census-edit', 'security-notices', 'quit-station'],
  // Reviewing what happened is not a clinical action: IT may audit, never silence.
  // Nor look at a patient's waveforms: review-disclosure is for the nurses caring for them.
  // Closing a workstation (quit-station) is allowed to IT too: it stops this screen, not a patient's alarm,
  // and the confirmation names every alarm that will no longer be annunciated here.
  admin: ['review-history', 'review-audit', 'manage-users', 'configure', 'security-notices', 'quit-station'],
};

/** Actions on a patient's alarms; a kiosk wall refuses them unless IT allows it. */
export const CLINICAL_PERMISSIONS: readonly Permission[] = ['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change', 'census-edit'];

/**
 * Never on a kiosk wall, whoever signs in and even where the wall may take
 * clinical actions: a patient's recorded history (the wall is in public
 * view), and closing the wall (it is the unit's view of every bed; IT stops
 * it at the machine, which is then audited as a stop without a clinical quit).
 */
export const NEVER_ON_A_WALL: readonly Permission[] = ['review-disclosure', 'quit-station'];

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}

export function isClinicalPermission(permission: Permission): boolean {
  return CLINICAL_PERMISSIONS.includes(permission);
}
