/**
 * `details` is the exact canonical JSON text that was hashed. It is shown
 * as-is when it cannot be read as a JSON object, never "repaired": the
 * reviewer must see what the trail holds.
 */
export type DetailValue = string | number | boolean | null;

export function parseDetails(details: string): Record<string, DetailValue> | null {
  try {
    const value: unknown = JSON.parse(details);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, DetailValue>) : null;
  } catch {
    return null;
  }
}

/** One line for the list: `key=value` pairs in the order written. */
export function summarizeDetails(details: string, maxLength = 160): string {
  const parsed = parseDetails(details);
  const text = parsed
    ? Object.entries(parsed)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ')
    : details;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** For the detail pane: indented JSON, or the raw text if it is not JSON. */
export function prettyDetails(details: string): string {
  try {
    return JSON.stringify(JSON.parse(details), null, 2);
  } catch {
    return details;
  }
}
