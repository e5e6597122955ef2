import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyProtector } from './key-protector';
import { syncFolder } from '../../storage/durable-file';
import { assertOnlyOwnerCanRead, assertOnlyOwnerCanWrite } from './private-file';

/**
 * The station's Ed25519 signing key for audit-chain heads. It lives outside
 * the database, in its own folder (config audit.keyDir), beside the last head
 * it signed (head-file.ts), so someone who can rewrite audit.sqlite cannot
 * also produce valid signatures for the rewrite.
 */
export interface StationKey {
  keyId: string;
  /** base64 SPKI DER: what the genesis row, export manifests and the back end record. */
  publicKey: string;
  privateKey: KeyObject;
  protection: KeyProtector['kind'];
  /** Made by this call: nothing has been signed with it yet. */
  created: boolean;
  file: string;
}

export interface StationKeyFiles {
  dir: string;
  /** The private key (sealed by the protector), JSON, mode 0600. */
  keyFile: string;
  /** The public key as PEM, for IT's tools (`vigil-station --verify-audit --public-key`, `npm run audit -- verify --public-key`). */
  publicKeyFile: string;
  /** The last signed head (head-file.ts). */
  headFile: string;
}

const KEY_FORMAT = 'vigil-audit-signing-key/1';

export function stationKeyFiles(dir: string): StationKeyFiles {
  return {
    dir,
    keyFile: join(dir, 'audit-signing-key.json'),
    publicKeyFile: join(dir, 'audit-signing-key.pub.pem'),
    headFile: join(dir, 'audit-last-head.json'),
  };
}

export class StationKeyError extends Error {
  override name = 'StationKeyError';
}

export function publicKeyBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

export function keyIdOf(publicKeyB64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex').slice(0, 16);
}

export function publicKeyFrom(publicKeyB64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
}

interface KeyFileContent {
  format: string;
  protection: KeyProtector['kind'];
  keyId: string;
  publicKey: string;
  createdUtc: string;
  sealed: string;
}

/** Whether a key exists in `dir` (without reading it). */
export function stationKeyExists(dir: string): boolean {
  return existsSync(stationKeyFiles(dir).keyFile);
}

/**
 * Loads the station key, or creates one when `create` is true and none
 * exists. Throws ExposedKeyFileError (private-file.ts) if the key file or its
 * folder could be read or swapped by someone else, StationKeyError if it
 * cannot be read or unsealed.
 */
export function loadOrCreateStationKey(dir: string, protector: KeyProtector, options: { create: boolean; now?: () => number }): StationKey | null {
  const files = stationKeyFiles(dir);
  if (!existsSync(files.keyFile)) {
    if (!options.create) return null;
    return createKey(files, protector, (options.now ?? Date.now)());
  }
  assertOnlyOwnerCanWrite(dir);
  assertOnlyOwnerCanRead(files.keyFile);
  let content: KeyFileContent;
  try {
    content = JSON.parse(readFileSync(files.keyFile, 'utf8')) as KeyFileContent;
  } catch (error) {
    throw new StationKeyError(`${files.keyFile} is unreadable (${(error as Error).message.slice(0, 80)})`);
  }
  if (content.format !== KEY_FORMAT) throw new StationKeyError(`${files.keyFile} is not a Vigil audit signing key`);
  if (content.protection !== protector.kind) {
    throw new StationKeyError(
      content.protection === 'os-keystore'
        ? `${files.keyFile} is sealed by the OS keystore: only the station app (Electron) can use it`
        : `${files.keyFile} is not sealed by the OS keystore that is available now; IT: see docs/security.md, "Audit trail tamper-evidence"`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: protector.unseal(Buffer.from(content.sealed, 'base64')), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new StationKeyError(`${files.keyFile} cannot be unsealed (${(error as Error).message.slice(0, 80)})`);
  }
  const publicKey = publicKeyBase64(createPublicKey(privateKey));
  if (publicKey !== content.publicKey || keyIdOf(publicKey) !== content.keyId) throw new StationKeyError(`${files.keyFile}: the private and public keys do not belong together`);
  return { keyId: content.keyId, publicKey, privateKey, protection: protector.kind, created: false, file: files.keyFile };
}

function createKey(files: StationKeyFiles, protector: KeyProtector, now: number): StationKey {
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  assertOnlyOwnerCanWrite(files.dir);
  const { privateKey, publicKey: publicKeyObject } = generateKeyPairSync('ed25519');
  const publicKey = publicKeyBase64(publicKeyObject);
  const keyId = keyIdOf(publicKey);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const content: KeyFileContent = {
    format: KEY_FORMAT,
    protection: protector.kind,
    keyId,
    publicKey,
    createdUtc: new Date(now).toISOString(),
    sealed: protector.seal(pkcs8).toString('base64'),
  };
  // 'wx': never overwrite a key that appeared meanwhile (a second instance, or an attacker's).
  const fd = openSync(files.keyFile, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  writeFileSync(files.publicKeyFile, publicKeyObject.export({ format: 'pem', type: 'spki' }).toString(), { mode: 0o644 });
  syncFolder(files.dir);
  return { keyId, publicKey, privateKey, protection: protector.kind, created: true, file: files.keyFile };
}

/** For IT's tools: the public key in a PEM file (a copy kept elsewhere, or the one beside the key). */
export function readPublicKeyPem(file: string): { keyId: string; publicKey: string } {
  const key = createPublicKey(readFileSync(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new StationKeyError(`${file} is not an Ed25519 public key`);
  const publicKey = publicKeyBase64(key);
  return { keyId: keyIdOf(publicKey), publicKey };
}
