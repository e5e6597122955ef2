import { open } from 'node:fs/promises';
import { syncFolderAsync } from '../../storage/durable-file';

/**
 * The file operations the journal needs, behind an interface so a test can
 * record their order (every confirmed entry must be behind a datasync) or
 * make one fail. The real ones run on libuv's thread pool: an fsync never
 * blocks the main thread, where the alarm engine runs.
 */
export interface JournalHandle {
  /** Writes all of `text` (looping over short writes). */
  append(text: string): Promise<void>;
  /** fdatasync: the appended bytes survive power loss once this resolves. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface JournalFileOps {
  /** Creates a new file (never opens an existing one), mode 0600. */
  create(path: string): Promise<JournalHandle>;
  /** fsync of a folder, so a file created in it survives power loss. */
  syncDir(dir: string): Promise<void>;
}

export const NODE_JOURNAL_FILE_OPS: JournalFileOps = {
  async create(path) {
    const handle = await open(path, 'wx', 0o600);
    return {
      async append(text) {
        const bytes = Buffer.from(text, 'utf8');
        let offset = 0;
        while (offset < bytes.length) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
      },
      sync: () => handle.datasync(),
      close: () => handle.close(),
    };
  },
  syncDir: syncFolderAsync,
};
