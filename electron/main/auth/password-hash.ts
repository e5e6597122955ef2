import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

/**
 * PINs and passwords are stored only as scrypt hashes with a per-user random
 * salt. The cost parameters are stored with each hash, so raising the
 * default later does not lock out existing users, and verification never
 * guesses parameters. scrypt runs on libuv's thread pool (async), so a
 * sign-in never stalls the main process that annunciates alarms.
 */
export const MIN_SCRYPT_COST = 2 ** 14;
export const DEFAULT_SCRYPT_COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

export const SecretHashSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(MIN_SCRYPT_COST)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLength: z.number().int().min(16).max(64),
    salt: base64,
    hash: base64,
  })
  .strict();
export type SecretHash = z.infer<typeof SecretHashSchema>;

function derive(secret: string, salt: Buffer, params: { N: number; r: number; p: number; keyLength: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, params.keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashSecret(secret: string, cost: number = DEFAULT_SCRYPT_COST): Promise<SecretHash> {
  const salt = randomBytes(SALT_BYTES);
  const params = { N: cost, r: BLOCK_SIZE, p: PARALLELISM, keyLength: KEY_LENGTH };
  const hash = await derive(secret, salt, params);
  return SecretHashSchema.parse({ algorithm: 'scrypt', ...params, salt: salt.toString('base64'), hash: hash.toString('base64') });
}

export async function verifySecret(secret: string, stored: SecretHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(secret, Buffer.from(stored.salt, 'base64'), stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
