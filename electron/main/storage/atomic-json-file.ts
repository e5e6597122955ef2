import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurablyAsync } from './durable-file';

/**
 * A small JSON file (users, census, display setting), written the one
 * durable way (durable-file.ts: temp file, fsync, rename, fsync the folder;
 * owner-only) into its folder, made if missing.
 *
 * Callers serialise their own writes (two overlapping renames could land
 * out of order); readJsonFile answers null for a missing file and throws for
 * one that is not JSON – a damaged file is never taken for an empty one.
 */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileDurablyAsync(file, JSON.stringify(value, null, 2) + '\n');
}

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
}
