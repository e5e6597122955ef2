import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeIssues } from '../../../shared/validation';
import { UserFileSchema, type StoredUser, type UserPersistence } from './stored-user';

/**
 * Users as one JSON file, replaced atomically: write a temp file beside it,
 * fsync, rename over the old one, fsync the folder. A crash leaves either the
 * old or the new file, never half of one.
 *
 * A missing file means "no users yet"; a damaged one is an error, never an
 * empty list (an empty directory would re-open initial setup to anyone).
 * Only hashes are stored (see password-hash.ts); the file is still owner-only.
 */
export class UserFileStore implements UserPersistence {
  private saving: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<StoredUser[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`user file ${this.file} is not valid JSON`);
    }
    const parsed = UserFileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`user file ${this.file} is invalid: ${describeIssues(parsed.error)}`);
    return parsed.data.users;
  }

  save(users: readonly StoredUser[]): Promise<void> {
    // One write at a time: two overlapping renames could otherwise land out of order.
    const run = this.saving.then(() => this.write(users));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async write(users: readonly StoredUser[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const text = JSON.stringify({ version: 1, users }, null, 2) + '\n';
    try {
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(dirname(this.file));
  }
}

/** Makes the rename itself durable. Not possible on Windows, where rename is already journalled. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
