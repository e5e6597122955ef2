import type { Role } from './session';

/**
 * What a PIN or password must be, checked where it is set (the user
 * directory) and shown where it is typed (the admin screens), so an admin
 * sees the rule before the station refuses.
 *
 * Clinical accounts sign in many times a shift at a shared screen, often with
 * a badge: a short numeric PIN, but never one of the first guesses anyone
 * tries (one digit repeated, a run of digits) and never the user's own id or
 * badge. Admin accounts manage users and configuration and have no clinical
 * rights: they get a real password.
 */
export const SECRET_RULES = {
  maxLength: 128,
  pin: { minDigits: 4, maxDigits: 12 },
  clinicalMinLength: 4,
  adminMinLength: 10,
} as const;

export function secretRuleText(role: Role): string {
  return role === 'admin'
    ? `A password of at least ${SECRET_RULES.adminMinLength} characters, not only digits, not the user id.`
    : `A PIN of ${SECRET_RULES.pin.minDigits}-${SECRET_RULES.pin.maxDigits} digits (not one digit repeated, not a run like 1234 or 9876) or a password of at least ${SECRET_RULES.clinicalMinLength} characters; not the user id or badge.`;
}

/** Each digit one more (or one less) than the one before: 1234, 3210, 56789. */
function isDigitRun(pin: string): boolean {
  const step = pin.charCodeAt(1) - pin.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < pin.length; i++) if (pin.charCodeAt(i) - pin.charCodeAt(i - 1) !== step) return false;
  return true;
}

/** Why this secret may not be set for this user, or null when it may. */
export function secretRuleViolation(secret: string, who: { role: Role; userId: string; badgeId: string | null }): string | null {
  if (secret.length > SECRET_RULES.maxLength) return `a PIN or password has at most ${SECRET_RULES.maxLength} characters`;
  const digitsOnly = /^[0-9]+$/.test(secret);
  if (who.role === 'admin') {
    if (secret.length < SECRET_RULES.adminMinLength) return `an admin password needs at least ${SECRET_RULES.adminMinLength} characters`;
    if (digitsOnly) return 'an admin needs a password, not a PIN of digits';
  } else {
    if (secret.length < SECRET_RULES.clinicalMinLength) return `a PIN needs at least ${SECRET_RULES.pin.minDigits} digits`;
    if (digitsOnly) {
      if (secret.length > SECRET_RULES.pin.maxDigits) return `a PIN has at most ${SECRET_RULES.pin.maxDigits} digits`;
      if (/^(\d)\1+$/.test(secret)) return 'a PIN may not be one digit repeated (such as 0000)';
      if (isDigitRun(secret)) return 'a PIN may not be a run of digits (such as 1234 or 9876)';
    }
  }
  const lowered = secret.toLowerCase();
  if (lowered === who.userId.toLowerCase() || (who.badgeId !== null && lowered === who.badgeId.toLowerCase())) return 'a PIN or password may not be the user id or badge id';
  return null;
}
