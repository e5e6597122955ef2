import { describe, expect, it } from 'vitest';
import { signingPlan } from '../../../scripts/release/signing';

const AZURE = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'hospital-signing',
  AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE: 'vigil-public-trust',
  WIN_PUBLISHER_NAME: 'Vigil Station Contributors',
  AZURE_TENANT_ID: 't',
  AZURE_CLIENT_ID: 'c',
  AZURE_CLIENT_SECRET: 's',
};

describe('code-signing identity from the environment', () => {
  it('a developer build with nothing set is unsigned and still builds', () => {
    expect(signingPlan({}, ['win', 'mac', 'linux'])).toEqual({ windows: 'unsigned', mac: 'unsigned', builderArgs: [] });
  });

  it('Azure Trusted Signing goes into the build as azureSignOptions, with the publisher the updater checks', () => {
    const plan = signingPlan(AZURE, ['win']);
    expect(plan.windows).toBe('azure-trusted-signing');
    expect(plan.builderArgs).toEqual([
      '-c.win.azureSignOptions.endpoint=https://weu.codesigning.azure.net',
      '-c.win.azureSignOptions.codeSigningAccountName=hospital-signing',
      '-c.win.azureSignOptions.certificateProfileName=vigil-public-trust',
      '-c.win.azureSignOptions.publisherName=Vigil Station Contributors',
    ]);
    // The service principal's secret is read by Microsoft's module from the environment, never put on a command line.
    expect(plan.builderArgs.join(' ')).not.toContain('AZURE_CLIENT_SECRET');
  });

  it('a half-configured identity is an error naming what is missing, never a silent unsigned build', () => {
    expect(() => signingPlan({ AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://x' }, ['win'])).toThrow(/AZURE_TRUSTED_SIGNING_ACCOUNT.*WIN_PUBLISHER_NAME.*AZURE_CLIENT_SECRET/);
    expect(() => signingPlan({ WIN_CSC_LINK: 'cert.pfx' }, ['win'])).toThrow(/WIN_CSC_KEY_PASSWORD/);
    expect(() => signingPlan({ CSC_LINK: 'devid.p12' }, ['mac'])).toThrow(/CSC_KEY_PASSWORD/);
    expect(() => signingPlan({ ...AZURE, WIN_CSC_LINK: 'a.pfx', WIN_CSC_KEY_PASSWORD: 'p' }, ['win'])).toThrow(/set one/);
  });

  it('a PFX is left to electron-builder, which reads WIN_CSC_LINK itself', () => {
    expect(signingPlan({ WIN_CSC_LINK: 'cert.pfx', WIN_CSC_KEY_PASSWORD: 'p' }, ['win'])).toEqual({ windows: 'pfx', mac: 'unsigned', builderArgs: [] });
  });

  it('a release (VIGIL_RELEASE=1) refuses to build unsigned and forces electron-builder to fail rather than skip signing', () => {
    expect(() => signingPlan({ VIGIL_RELEASE: '1' }, ['win'])).toThrow(/needs a signing identity/);
    expect(() => signingPlan({ VIGIL_RELEASE: '1' }, ['mac'])).toThrow(/Developer ID/);
    expect(() => signingPlan({ VIGIL_RELEASE: '1', CSC_LINK: 'a', CSC_KEY_PASSWORD: 'b' }, ['mac'])).toThrow(/CSC_INSTALLER_LINK/);
    expect(signingPlan({ ...AZURE, VIGIL_RELEASE: '1' }, ['win']).builderArgs).toContain('-c.forceCodeSigning=true');
    // Linux packages are signed by the hospital's repository, not here.
    expect(signingPlan({ VIGIL_RELEASE: '1' }, ['linux']).builderArgs).toEqual(['-c.forceCodeSigning=true']);
  });
});
