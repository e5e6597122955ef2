/**
 * npm run checksums -- <dir> [<dir> …]
 * Writes SHA256SUMS.txt into the first folder for every installer, update
 * manifest and SBOM found in the folders given (one level deep), in the
 * format `sha256sum -c` / `Get-FileHash` users compare against.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** What IT downloads from a release; blockmaps and builder debug files are left out. */
export const RELEASE_FILE = /\.(exe|msi|dmg|pkg|deb|rpm|AppImage|yml|cdx\.json)$/;
export const CHECKSUM_FILE = 'SHA256SUMS.txt';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function checksumLines(dirs: readonly string[]): Promise<string[]> {
  const files = dirs
    .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
    .filter((file) => statSync(file).isFile() && RELEASE_FILE.test(basename(file)) && !/^builder-(debug|effective-config)\.yml$/.test(basename(file)));
  const names = new Set<string>();
  const lines: string[] = [];
  for (const file of files.sort((a, b) => basename(a).localeCompare(basename(b)))) {
    // Two files of one name from two platforms would make the list ambiguous.
    if (names.has(basename(file))) throw new Error(`two release files named ${basename(file)}`);
    names.add(basename(file));
    lines.push(`${await sha256File(file)}  ${basename(file)}`);
  }
  return lines;
}

async function main(args: string[]): Promise<void> {
  if (args.length === 0) throw new Error('usage: checksums <dir> [<dir> …]');
  const dirs = args.map((a) => resolve(a));
  const lines = await checksumLines(dirs);
  if (lines.length === 0) throw new Error(`no release files in ${dirs.join(', ')}`);
  writeFileSync(join(dirs[0]!, CHECKSUM_FILE), `${lines.join('\n')}\n`);
  process.stdout.write(`checksums: ${lines.length} files -> ${join(dirs[0]!, CHECKSUM_FILE)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`checksums: ${error.message}\n`);
    process.exit(1);
  });
}
