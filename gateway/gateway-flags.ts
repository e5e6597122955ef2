import { z } from 'zod';

/**
 * Command-line flags of `npm run gateway`. Values come as `--name value`;
 * the token may come from VIGIL_GATEWAY_TOKEN instead (keeps it out of `ps`).
 */
export const GatewayFlagsSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(4810),
    host: z.string().min(1).default('127.0.0.1'),
    beds: z.coerce.number().int().min(1).max(64).default(16),
    seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1),
    token: z.string().min(8, 'the station token must be at least 8 characters'),
    'admin-token': z.string().min(8).optional(),
    redis: z.string().regex(/^rediss?:\/\//, 'redis url must start with redis:// or rediss://').optional(),
    'redis-prefix': z.string().min(1).max(64).optional(),
    'gateway-id': z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
    'tls-cert': z.string().min(1).optional(),
    'tls-key': z.string().min(1).optional(),
    /** The episode journal keeps at least 24 h (a station cut off overnight still gets every episode). */
    'journal-hours': z.coerce.number().min(24).max(24 * 31).default(24),
    'journal-max-entries': z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
    /** A station gone without a goodbye is announced offline to the others after this (several 1 s presence sweeps). */
    'peer-offline-after-ms': z.coerce.number().int().min(3_000).max(600_000).default(10_000),
  })
  .strict()
  .refine((f) => (f['tls-cert'] === undefined) === (f['tls-key'] === undefined), { message: '--tls-cert and --tls-key go together', path: ['tls-cert'] });
export type GatewayFlags = z.infer<typeof GatewayFlagsSchema>;

export const GATEWAY_USAGE = `npm run gateway -- --token <station token> [--port 4810] [--host 127.0.0.1]
    [--beds 16] [--seed 1] [--admin-token <token>] [--redis redis://127.0.0.1:6379]
    [--redis-prefix vigil:gateway:] [--gateway-id <name>] [--tls-cert cert.pem --tls-key key.pem]
    [--journal-hours 24] [--journal-max-entries 100000] [--peer-offline-after-ms 10000]`;

export function parseGatewayFlags(argv: readonly string[], env: NodeJS.ProcessEnv): { ok: true; flags: GatewayFlags } | { ok: false; error: string } {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) return { ok: false, error: `unexpected argument ${arg}` };
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `${arg} needs a value` };
    raw[arg.slice(2)] = value;
    i++;
  }
  if (raw.token === undefined && env.VIGIL_GATEWAY_TOKEN) raw.token = env.VIGIL_GATEWAY_TOKEN;
  const parsed = GatewayFlagsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, flags: parsed.data };
  return { ok: false, error: parsed.error.issues.map((i) => `--${i.path.join('.') || '?'}: ${i.message}`).join('; ') };
}
