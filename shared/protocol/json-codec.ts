import type { z } from 'zod';
import { PROTOCOL_VERSION } from './version';

/**
 * JSON messages travel as UTF-8 bytes (a socket.io binary attachment), not
 * as socket.io's own JSON: the receiver then sees the raw bytes and can
 * enforce the size limit before decoding anything, reject invalid UTF-8
 * itself, and count every failure with a reason instead of the transport
 * closing the connection on it.
 */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(message: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(message));
}

/** The bytes of a binary socket.io argument (Node gives Buffers, browsers ArrayBuffers), or null. */
export function asBytes(payload: unknown): Uint8Array | null {
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  return null;
}

/** Size, encoding and JSON syntax; nothing about the content yet. Never throws. */
export function decodeJsonBytes(payload: unknown, maxBytes: number): Decoded<unknown> {
  const bytes = asBytes(payload);
  if (bytes === null) return { ok: false, reason: 'not-binary' };
  if (bytes.byteLength === 0) return { ok: false, reason: 'empty' };
  if (bytes.byteLength > maxBytes) return { ok: false, reason: 'oversized' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'encoding' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'json' };
  }
}

/**
 * Version first (a message from another protocol version is not "invalid",
 * it is foreign), then the schema. The reason names the message type and the
 * first failing field with list positions folded to `*`, so the set of
 * reasons stays small however creative the sender is.
 */
export function validateMessage<S extends z.ZodType>(schema: S, value: unknown, types?: readonly string[]): Decoded<z.infer<S>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not-an-object' };
  const v = (value as { v?: unknown }).v;
  if (v !== PROTOCOL_VERSION) return { ok: false, reason: typeof v === 'number' ? 'version' : 'schema:v' };
  const type = (value as { type?: unknown }).type;
  if (types && !types.includes(type as string)) return { ok: false, reason: 'unknown-type' };
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const path = issue ? issue.path.slice(0, 3).map((p) => (typeof p === 'number' ? '*' : String(p))).join('.') : '';
  return { ok: false, reason: `schema:${types ? String(type) : 'message'}:${path || '(root)'}`.slice(0, 120) };
}

/** Bytes → validated message, or the reason it is not one. Never throws. */
export function decodeMessage<S extends z.ZodType>(schema: S, payload: unknown, maxBytes: number, types?: readonly string[]): Decoded<z.infer<S>> {
  const json = decodeJsonBytes(payload, maxBytes);
  return json.ok ? validateMessage(schema, json.value, types) : json;
}
