import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Small files that must survive a power cut exactly as last written, whole or
 * not at all: the run marker, the back end's journal position, the audit
 * trail's last signed head. One way to write them, so none forgets a step.
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

/**
 * Replaces `file` with `text` atomically and durably before it returns: a
 * temporary file (mode 0600), fsync'd, renamed over it, then the folder
 * fsync'd. A crash at any point leaves the old content or the new, never a
 * torn file. Throws if any step fails.
 */
export function writeFileDurably(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  syncFolder(dirname(file));
}
