import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileDurably, writeFileDurablyAsync } from '../../../../electron/main/storage/durable-file';

/**
 * The one way small files are written (run marker, journal position, last
 * signed head, users, census, display setting), in its two forms: blocking
 * for start/stop, and on libuv's pool for files written while alarms run.
 */
const FORMS = [
  ['writeFileDurably', async (file: string, text: string) => writeFileDurably(file, text)],
  ['writeFileDurablyAsync', writeFileDurablyAsync],
] as const;

describe.each(FORMS)('%s', (_name, write) => {
  it('replaces the file whole, owner-only, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-durable-'));
    const file = join(dir, 'census.json');
    writeFileSync(file, 'old');
    await write(file, 'new content');
    expect(readFileSync(file, 'utf8')).toBe('new content');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['census.json']);
  });

  it('a write that fails at the rename throws, keeps what was there, and removes its temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-durable-'));
    // The target is a folder: the temp file is written and synced, then the rename fails.
    const target = join(dir, 'position.json');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'x');
    await expect(write(target, '{"pos":1}')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['position.json']);
    expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('x');
  });
});
