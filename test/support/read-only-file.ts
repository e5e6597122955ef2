import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes a file read-only for the user running the tests, and returns the
 * undo. Root ignores file modes, so as root the file is made immutable
 * (chattr +i, which root cannot write through either); anyone else gets mode
 * 0444 on the file and 0555 on its folder (so SQLite cannot make a new one).
 * Returns null, with the reason, where neither works (the test then skips).
 */
export function makeReadOnly(file: string): { undo(): void } | { skip: string } {
  if (process.getuid?.() === 0) {
    const done = spawnSync('chattr', ['+i', file], { encoding: 'utf8' });
    if (done.status !== 0) return { skip: `chattr +i is not available here (${(done.stderr || done.error?.message || '').trim()})` };
    return { undo: () => void spawnSync('chattr', ['-i', file]) };
  }
  const fileMode = statSync(file).mode & 0o777;
  const dirMode = statSync(dirname(file)).mode & 0o777;
  chmodSync(file, 0o444);
  chmodSync(dirname(file), 0o555);
  return {
    undo: () => {
      chmodSync(dirname(file), dirMode);
      chmodSync(file, fileMode);
    },
  };
}
