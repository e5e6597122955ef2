import type { z } from 'zod';

/**
 * Turns a zod failure into one line that names the offending field, e.g.
 * `feed.beds: Too big: expected number to be <=64`. Used for IPC rejections,
 * config errors and counted input rejections alike.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export type Validated<T> = { ok: true; value: T } | { ok: false; reason: string };

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: describeIssues(result.error) };
}
