import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret, MIN_SCRYPT_COST, SecretHashSchema, verifySecret } from '../../../../electron/main/auth/password-hash';
import { UserDirectory } from '../../../../electron/main/auth/user-directory';
import { UserFileStore } from '../../../../electron/main/auth/user-file-store';
import { adminOperator, FakeAuditSink, TEST_COST } from './auth-test-kit';

/** Secrets are stored only as salted scrypt hashes, in a file replaced atomically. */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-users-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openDirectory(file: string) {
  return UserDirectory.open(new UserFileStore(file), { audit: new FakeAuditSink(), hashCost: TEST_COST });
}

describe('UserFileStore and stored secrets', () => {
  it('the saved file holds no plaintext secret, and two users with the same PIN get different salts and hashes', async () => {
    const file = join(dir, 'sub', 'users.json');
    const directory = await openDirectory(file);
    await directory.addUser({ userId: 'root', displayName: 'IT', role: 'admin', secret: 'Adm1n-Secret!' }, 'initial-setup');
    await directory.addUser({ userId: 'nina', displayName: 'Nina', role: 'nurse', badgeId: 'BADGE-0001', secret: '4711' }, adminOperator());
    await directory.addUser({ userId: 'olga', displayName: 'Olga', role: 'nurse', secret: '4711' }, adminOperator());

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('4711');
    expect(text).not.toContain('Adm1n-Secret!');
    expect(text).not.toContain(Buffer.from('4711').toString('base64'));
    const saved = JSON.parse(text) as { version: number; users: Array<{ userId: string; secret: unknown }> };
    expect(saved.version).toBe(1);
    const secrets = saved.users.map((u) => SecretHashSchema.parse(u.secret));
    for (const secret of secrets) {
      expect(secret).toMatchObject({ algorithm: 'scrypt', N: MIN_SCRYPT_COST, r: 8, p: 1, keyLength: 32 });
      expect(Buffer.from(secret.salt, 'base64')).toHaveLength(16);
      expect(Buffer.from(secret.hash, 'base64')).toHaveLength(32);
    }
    const [nina, olga] = [secrets[1]!, secrets[2]!];
    expect(nina.salt).not.toBe(olga.salt);
    expect(nina.hash).not.toBe(olga.hash);
    // Only hashes leave the directory, even in the stored user's other fields.
    expect(Object.keys(saved.users[1]!).sort()).toEqual(['badgeId', 'createdAt', 'disabled', 'displayName', 'role', 'secret', 'userId']);
  });

  it('the file is readable only by its owner', async () => {
    if (process.platform === 'win32') return;
    const file = join(dir, 'users.json');
    const directory = await openDirectory(file);
    await directory.addUser({ userId: 'root', displayName: 'IT', role: 'admin', secret: 'Adm1n-Secret!' }, 'initial-setup');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('users survive a restart: a fresh directory on the same file authenticates them', async () => {
    const file = join(dir, 'users.json');
    const first = await openDirectory(file);
    await first.addUser({ userId: 'root', displayName: 'IT', role: 'admin', secret: 'Adm1n-Secret!' }, 'initial-setup');
    await first.addUser({ userId: 'nina', displayName: 'Nina', role: 'nurse', secret: '4711' }, adminOperator());
    await first.addUser({ userId: 'olga', displayName: 'Olga', role: 'nurse', secret: '4711' }, adminOperator());
    await first.disableUser('olga', adminOperator());
    const second = await openDirectory(file);
    expect(await second.authenticate('nina', '4711')).toMatchObject({ ok: true, user: { userId: 'nina' } });
    expect(await second.authenticate('nina', '4712')).toMatchObject({ ok: false, reason: 'bad-secret' });
    expect(second.isActive('olga')).toBe(false);
  });

  it('a missing file means no users yet', async () => {
    await expect(new UserFileStore(join(dir, 'none.json')).load()).resolves.toEqual([]);
  });

  it('a damaged file is an error, never an empty list (that would reopen initial setup)', async () => {
    const file = join(dir, 'users.json');
    await writeFile(file, '{"version":1,"users":[');
    await expect(new UserFileStore(file).load()).rejects.toThrow(/not valid JSON/);
    await writeFile(file, JSON.stringify({ version: 1, users: [{ userId: 'nina', secret: '4711' }] }));
    await expect(new UserFileStore(file).load()).rejects.toThrow(/invalid/);
    await expect(openDirectory(file)).rejects.toThrow();
  });

  it('a stored plaintext secret is rejected by the schema', async () => {
    const file = join(dir, 'users.json');
    const user = { userId: 'nina', displayName: 'Nina', role: 'nurse', badgeId: null, disabled: false, secret: '4711', createdAt: 0 };
    await writeFile(file, JSON.stringify({ version: 1, users: [user] }));
    await expect(new UserFileStore(file).load()).rejects.toThrow(/invalid/);
  });

  it('leaves no temp files behind', async () => {
    const { readdir } = await import('node:fs/promises');
    const file = join(dir, 'users.json');
    const directory = await openDirectory(file);
    await directory.addUser({ userId: 'root', displayName: 'IT', role: 'admin', secret: 'Adm1n-Secret!' }, 'initial-setup');
    expect(await readdir(dir)).toEqual(['users.json']);
  });
});

describe('password hashes', () => {
  it('verify the right secret only', async () => {
    const stored = await hashSecret('1234', MIN_SCRYPT_COST);
    expect(await verifySecret('1234', stored)).toBe(true);
    expect(await verifySecret('1235', stored)).toBe(false);
    expect(await verifySecret('', stored)).toBe(false);
  });

  it('use a fresh random salt every time', async () => {
    const [a, b] = await Promise.all([hashSecret('1234', MIN_SCRYPT_COST), hashSecret('1234', MIN_SCRYPT_COST)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('refuse a cost below the minimum', async () => {
    await expect(hashSecret('1234', MIN_SCRYPT_COST / 2)).rejects.toThrow();
  });

  it('treat composed and decomposed Unicode as the same secret', async () => {
    const stored = await hashSecret('Jos\u00e9-1', MIN_SCRYPT_COST);
    expect(await verifySecret('Jose\u0301-1', stored)).toBe(true);
  });
});
