/**
 * The exact text a signed audit head's signature covers: a fixed prefix (so
 * a signature over a head can never be replayed as anything else) and the
 * fields, US-separated. Kept free of zod so the audit writer thread, which
 * signs, bundles nothing else (see audit-heads.ts for the schemas).
 */
export function auditHeadPayload(head: { stationId: string; chainId: string; keyId: string; seq: number; hash: string; utcMs: number }): string {
  const US = '\x1f';
  return ['vigil-audit-head/1', head.stationId, head.chainId, head.keyId, String(head.seq), head.hash, String(head.utcMs)].join(US);
}
