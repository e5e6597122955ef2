import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/fuses looks for this marker in the Electron binary; the fuse wire follows it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron 39's fuse wire as shipped ('1' on, '0' off), in @electron/fuses'
 * FuseV1Options order: RunAsNode, EnableCookieEncryption,
 * EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
 * EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
 * LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges.
 * Every fuse the build must flip starts in the state it must leave.
 */
export const SHIPPED_FUSE_WIRE = '10110001';

/**
 * A stand-in for Electron's Linux distribution folder (electronDist) so
 * electron-builder packs offline: an executable carrying a real fuse wire,
 * which electron-builder's fuse step flips exactly as it would in the real
 * binary. It cannot run the app; nothing here pretends to.
 */
export function writeFakeElectronDist(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, SHIPPED_FUSE_WIRE.length]), Buffer.from(SHIPPED_FUSE_WIRE, 'latin1')]);
  const script = Buffer.from('#!/bin/sh\necho "fake Electron for packaging tests" >&2\nexit 1\n# ', 'latin1');
  const binary = join(dir, 'electron');
  writeFileSync(binary, Buffer.concat([script, wire, Buffer.from('\n')]));
  chmodSync(binary, 0o755);
  writeFileSync(join(dir, 'version'), 'v39.5.0');
  return dir;
}
