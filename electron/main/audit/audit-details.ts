/**
 * The details column: a flat JSON object of primitives, stored in canonical
 * form (keys sorted, no whitespace) because its exact text is hashed.
 *
 * Why strings are capped at 200 characters: the audit trail is kept for years
 * and exported to people outside the unit, so it must hold identifiers, codes,
 * reasons and numbers only, never free text. Anything longer than an id or a
 * reason code is almost always free text (a note, a message, a raw HL7
 * segment) and may carry patient data. Such values are not truncated (a
 * truncated note is still patient data) but replaced by a marker saying how
 * long they were; nested objects and arrays are replaced the same way.
 * (Lone surrogates need no care: JSON.stringify escapes them to ASCII.)
 */
export const MAX_DETAIL_STRING_LENGTH = 200;
export const MAX_DETAIL_KEYS = 32;

export type AuditDetailValue = string | number | boolean | null;
export type AuditDetails = Readonly<Record<string, AuditDetailValue | undefined>>;

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

function sanitizeValue(value: unknown): AuditDetailValue | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'string':
      return value.length > MAX_DETAIL_STRING_LENGTH ? `[stripped: ${value.length} chars]` : value;
    default:
      return value === null ? null : `[stripped: ${Array.isArray(value) ? 'array' : typeof value}]`;
  }
}

/** Sanitised, canonical JSON text for the details column ('{}' when absent). */
export function canonicalDetails(details: AuditDetails | undefined): string {
  if (!details) return '{}';
  const out: Record<string, AuditDetailValue> = {};
  const keys = Object.keys(details).filter((k) => KEY.test(k)).sort();
  let dropped = Object.keys(details).length - keys.length;
  for (const key of keys) {
    if (Object.keys(out).length >= MAX_DETAIL_KEYS) {
      dropped++;
      continue;
    }
    const value = sanitizeValue(details[key]);
    if (value !== undefined) out[key] = value;
  }
  if (dropped > 0) out['stripped_keys'] = dropped;
  return stringifySorted(out);
}

/** JSON with keys in sorted order (sorting again covers keys added after the first sort). */
export function stringifySorted(object: Record<string, AuditDetailValue>): string {
  const sorted: Record<string, AuditDetailValue> = {};
  for (const key of Object.keys(object).sort()) sorted[key] = object[key]!;
  return JSON.stringify(sorted);
}
