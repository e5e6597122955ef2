/**
 * What protects the station's private signing key at rest, beyond file
 * permissions. The core never imports `electron`: the Electron layer
 * (electron/main/app/safe-storage-protector.ts) implements this with
 * safeStorage (DPAPI on Windows, the Keychain on macOS, the desktop's secret
 * store on Linux); everywhere else (tests, the browser test host, the CLIs)
 * the key is a file only the service account can read, and nothing more.
 */
export interface KeyProtector {
  /** Recorded in the key file, so a key sealed by the OS keystore is never mistaken for plain bytes. */
  readonly kind: 'os-keystore' | 'file-permissions';
  seal(secret: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

/** No sealing: the file's permissions (0600, checked at every start) are the protection. */
export const FILE_PERMISSIONS_ONLY: KeyProtector = {
  kind: 'file-permissions',
  seal: (secret) => Buffer.from(secret),
  unseal: (sealed) => Buffer.from(sealed),
};
