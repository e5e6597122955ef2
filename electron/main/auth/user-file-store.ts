import { describeIssues } from '../../../shared/validation';
import { readJsonFile, writeJsonAtomically } from '../storage/atomic-json-file';
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
    const json = await readJsonFile(this.file).catch((error: Error) => {
      throw new Error(`user file ${error.message}`);
    });
    if (json === null) return [];
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

  private write(users: readonly StoredUser[]): Promise<void> {
    return writeJsonAtomically(this.file, { version: 1, users });
  }
}
