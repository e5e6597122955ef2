/**
 * Which code-signing identity a release build uses, from the release
 * machine's environment only (build/README.md lists every variable). Pure, so
 * the choice is tested without a certificate.
 *
 * Windows, one of:
 * - Azure Trusted Signing: AZURE_TRUSTED_SIGNING_ENDPOINT, _ACCOUNT,
 *   _CERTIFICATE_PROFILE and WIN_PUBLISHER_NAME (the certificate's subject CN,
 *   which the updater checks on every downloaded installer), plus
 *   AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET for the service
 *   principal (read by Microsoft's signing module, never by us);
 * - a PFX file: WIN_CSC_LINK (path or base64) and WIN_CSC_KEY_PASSWORD, read
 *   by electron-builder itself.
 * macOS: CSC_LINK/CSC_KEY_PASSWORD (Developer ID Application) and
 * CSC_INSTALLER_LINK/CSC_INSTALLER_KEY_PASSWORD (Developer ID Installer, for
 * the pkg), read by electron-builder; notarisation in notarize-hook.cjs.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class SigningConfigError extends Error {
  override name = 'SigningConfigError';
}

const AZURE_VARS = ['AZURE_TRUSTED_SIGNING_ENDPOINT', 'AZURE_TRUSTED_SIGNING_ACCOUNT', 'AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE', 'WIN_PUBLISHER_NAME', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const;

const given = (env: Env, name: string) => (env[name] ?? '').trim() !== '';

export interface SigningPlan {
  windows: 'azure-trusted-signing' | 'pfx' | 'unsigned';
  mac: 'developer-id' | 'unsigned';
  /** electron-builder -c.* overrides that put the identity into the build. */
  builderArgs: string[];
}

/**
 * VIGIL_RELEASE=1 (set by the release workflow) turns on forceCodeSigning:
 * electron-builder then fails instead of producing an unsigned installer,
 * which Windows SmartScreen, Gatekeeper and the updater would all reject.
 */
export function signingPlan(env: Env, platforms: ReadonlyArray<'win' | 'mac' | 'linux'>): SigningPlan {
  const args: string[] = [];
  const azureStarted = AZURE_VARS.filter((v) => v.startsWith('AZURE_TRUSTED_SIGNING_') && given(env, v));
  const pfx = given(env, 'WIN_CSC_LINK');
  let windows: SigningPlan['windows'] = 'unsigned';
  if (azureStarted.length > 0) {
    const missing = AZURE_VARS.filter((v) => !given(env, v));
    if (missing.length > 0) throw new SigningConfigError(`Azure Trusted Signing needs ${missing.join(', ')} as well`);
    if (pfx) throw new SigningConfigError('both Azure Trusted Signing and a PFX (WIN_CSC_LINK) are set; set one');
    windows = 'azure-trusted-signing';
    args.push(
      `-c.win.azureSignOptions.endpoint=${env.AZURE_TRUSTED_SIGNING_ENDPOINT}`,
      `-c.win.azureSignOptions.codeSigningAccountName=${env.AZURE_TRUSTED_SIGNING_ACCOUNT}`,
      `-c.win.azureSignOptions.certificateProfileName=${env.AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE}`,
      `-c.win.azureSignOptions.publisherName=${env.WIN_PUBLISHER_NAME}`,
    );
  } else if (pfx) {
    if (!given(env, 'WIN_CSC_KEY_PASSWORD')) throw new SigningConfigError('a PFX (WIN_CSC_LINK) needs WIN_CSC_KEY_PASSWORD as well');
    windows = 'pfx';
  }
  const mac: SigningPlan['mac'] = given(env, 'CSC_LINK') ? 'developer-id' : 'unsigned';
  if (mac === 'developer-id' && !given(env, 'CSC_KEY_PASSWORD')) throw new SigningConfigError('CSC_LINK needs CSC_KEY_PASSWORD as well');

  if (env.VIGIL_RELEASE === '1') {
    if (platforms.includes('win') && windows === 'unsigned') throw new SigningConfigError('a release build for Windows needs a signing identity (Azure Trusted Signing or WIN_CSC_LINK)');
    if (platforms.includes('mac') && mac === 'unsigned') throw new SigningConfigError('a release build for macOS needs a Developer ID identity (CSC_LINK)');
    if (platforms.includes('mac') && !given(env, 'CSC_INSTALLER_LINK')) throw new SigningConfigError('a release build for macOS needs a Developer ID Installer identity (CSC_INSTALLER_LINK) for the pkg');
    args.push('-c.forceCodeSigning=true');
  }
  return { windows, mac, builderArgs: args };
}
