import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AdminIo } from './admin-io';
import { EXIT } from './exit-codes';

/**
 * `vigil-station --version`: the version and the SHA-256 of the SBOM this
 * build ships, so a security reviewer can tie an installed station to the
 * SBOM attached to its release. A packaged build without its SBOM is a
 * broken build and says so (exit 1).
 */
export function printVersion(info: { productName: string; version: string; runtime: string; sbomFile: string; packaged: boolean }, io: AdminIo): number {
  io.out(`${info.productName} ${info.version} (${info.runtime})\n`);
  let sbom: Buffer;
  try {
    sbom = readFileSync(info.sbomFile);
  } catch {
    io.out(info.packaged ? `SBOM: missing (${info.sbomFile}): this package is incomplete\n` : `SBOM: none in this development tree (npm run sbom writes ${info.sbomFile})\n`);
    return info.packaged ? EXIT.usageOrIo : EXIT.ok;
  }
  io.out(`SBOM sha256 ${createHash('sha256').update(sbom).digest('hex')} (${info.sbomFile})\n`);
  return EXIT.ok;
}
