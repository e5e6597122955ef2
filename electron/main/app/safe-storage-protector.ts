import { safeStorage } from 'electron';
import type { KeyProtector } from '../audit/signing/key-protector';
import type { Logger } from '../logging/logger';

/**
 * The audit signing key sealed by the OS (DPAPI on Windows, the Keychain on
 * macOS, the desktop's secret store on Linux) on top of its 0600 file. Null
 * where the OS offers nothing real: before `ready`, or on Linux with the
 * `basic_text` backend, whose "encryption" uses a password built into
 * Chromium and protects nothing; the key is then a file only the service
 * account can read (checked at every start), and the log says which.
 */
export function safeStorageProtector(log: Logger): KeyProtector | null {
  if (!safeStorage.isEncryptionAvailable()) {
    log.warn('audit.key-protection', { protection: 'file-permissions', reason: 'OS encryption unavailable' });
    return null;
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    log.warn('audit.key-protection', { protection: 'file-permissions', reason: 'no secret store (basic_text)' });
    return null;
  }
  return {
    kind: 'os-keystore',
    // safeStorage seals strings: the key's DER travels as base64 text.
    seal: (secret) => safeStorage.encryptString(secret.toString('base64')),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
