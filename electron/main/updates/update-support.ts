/**
 * Whether this install can take in-app updates whose signature is verified.
 * electron-updater checks a downloaded update against the running build:
 * on Windows the installer's Authenticode publisher against the
 * publisherName that electron-builder wrote into app-update.yml (and it
 * silently skips the check when there is none, i.e. an unsigned build); on
 * macOS Squirrel.Mac requires the new app to satisfy the running app's code
 * signature. Linux packages have no such check in the updater: they are
 * updated through the hospital's signed apt/dnf repository instead.
 */
export type UpdateSupport = { supported: true } | { supported: false; reason: string };

export function updateSupport(input: { platform: NodeJS.Platform; packaged: boolean; appUpdateConfig: string | null }): UpdateSupport {
  if (!input.packaged) return { supported: false, reason: 'a development build is not updated in place' };
  if (input.platform === 'linux') return { supported: false, reason: 'Linux installs are updated through the package repository (apt/dnf), which checks the package signature' };
  if (input.appUpdateConfig === null) return { supported: false, reason: 'this build has no app-update.yml (built without a publish configuration)' };
  if (input.platform === 'win32' && !/^publisherName:\s*\S/m.test(input.appUpdateConfig)) {
    return { supported: false, reason: 'this build is not code-signed, so a downloaded installer’s signature could not be checked' };
  }
  if (input.platform !== 'win32' && input.platform !== 'darwin') return { supported: false, reason: `no signed updates on ${input.platform}` };
  return { supported: true };
}
