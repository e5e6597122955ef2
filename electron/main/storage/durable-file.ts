import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Small files that must survive a power cut exactly as last written, whole or
 * not at all: the run marker, the back end's journal position, the audit
 * trail's last signed head, the users, the census, the display setting. One
 * way to write them, so none forgets a step: a temporary file beside the
 * target (owner-only, mode 0600: some hold hashes or patient data), written
 * and fsync'd, renamed over the target, then the folder fsync'd. A crash at
 * any point leaves the old content or the new, never a torn file; a failed
 * write removes its temporary file and throws.
 *
 * Two forms of the same steps. writeFileDurably blocks the thread until the
 * file is on disk: for the tiny files written at start, at stop or inside a
 * step that must not continue before it is durable. writeFileDurablyAsync
 * does the fsyncs on libuv's pool: for the files written while the station
 * runs (the census after every change, the user file), whose fsync on a
 * slow or busy disk must not stall the main thread that decides alarms.
 * Callers of the async form serialise their own writes to one file (two
 * overlapping renames could land out of order).
 */

/** fsync a folder so a file just created, renamed or removed in it survives power loss (a no-op on Windows, where folders cannot be opened). */
export function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` with `text` atomically and durably before it returns. */
export function writeFileDurably(file: string, text: string): void {
  const temp = tempFileFor(file);
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(file));
}

/** The same as writeFileDurably, resolving once the file is on disk, without blocking the thread meanwhile. */
export async function writeFileDurablyAsync(file: string, text: string): Promise<void> {
  const temp = tempFileFor(file);
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolderAsync(dirname(file));
}

/** syncFolder without blocking the thread. */
export async function syncFolderAsync(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Beside the target (a rename never crosses file systems), unique per write. */
function tempFileFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}
