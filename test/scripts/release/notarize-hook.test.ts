import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

const hook = createRequire(__filename)('../../../scripts/release/notarize-hook.cjs') as {
  notarizeCredentials(env: Record<string, string>): { method: string; options: Record<string, string> } | null;
  afterSign(context: unknown, deps: unknown): Promise<{ notarized: string[] }>;
  afterAllArtifactBuild(result: unknown, deps: unknown): Promise<string[]>;
};

const macContext = { electronPlatformName: 'darwin', appOutDir: '/build/mac-universal', packager: { appInfo: { productFilename: 'Vigil Station' } } };
const API_KEY = { APPLE_API_KEY: '/secrets/AuthKey.p8', APPLE_API_KEY_ID: 'ABC123', APPLE_API_ISSUER: 'issuer-uuid' };

describe('notarisation hook (@electron/notarize, credentials from the environment)', () => {
  it('maps each credential method to notarytool options', () => {
    expect(hook.notarizeCredentials(API_KEY)).toEqual({ method: 'App Store Connect API key', options: { appleApiKey: '/secrets/AuthKey.p8', appleApiKeyId: 'ABC123', appleApiIssuer: 'issuer-uuid' } });
    expect(hook.notarizeCredentials({ APPLE_ID: 'it@hospital.org', APPLE_APP_SPECIFIC_PASSWORD: 'pw', APPLE_TEAM_ID: 'TEAM' })?.options).toEqual({ appleId: 'it@hospital.org', appleIdPassword: 'pw', teamId: 'TEAM' });
    expect(hook.notarizeCredentials({ APPLE_KEYCHAIN_PROFILE: 'vigil' })?.options).toEqual({ keychainProfile: 'vigil' });
    expect(hook.notarizeCredentials({})).toBeNull();
  });

  it('a half-set or doubly-set credential is an error, never a skipped notarisation', () => {
    expect(() => hook.notarizeCredentials({ APPLE_ID: 'x' })).toThrow(/APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/);
    expect(() => hook.notarizeCredentials({ ...API_KEY, APPLE_KEYCHAIN_PROFILE: 'p' })).toThrow(/more than one/);
  });

  it('afterSign notarises the signed .app with those options, and does nothing for other platforms', async () => {
    const notarize = vi.fn(async () => undefined);
    const log = vi.fn();
    await expect(hook.afterSign(macContext, { env: API_KEY, notarize, log })).resolves.toEqual({ notarized: ['/build/mac-universal/Vigil Station.app'] });
    expect(notarize).toHaveBeenCalledWith({ tool: 'notarytool', appPath: '/build/mac-universal/Vigil Station.app', appleApiKey: '/secrets/AuthKey.p8', appleApiKeyId: 'ABC123', appleApiIssuer: 'issuer-uuid' });
    notarize.mockClear();
    await hook.afterSign({ ...macContext, electronPlatformName: 'win32' }, { env: API_KEY, notarize, log });
    await hook.afterSign({ ...macContext, electronPlatformName: 'linux' }, { env: API_KEY, notarize, log });
    expect(notarize).not.toHaveBeenCalled();
  });

  it('without credentials a developer build skips with a warning, and a release build fails', async () => {
    const notarize = vi.fn();
    const log = vi.fn();
    await expect(hook.afterSign(macContext, { env: {}, notarize, log })).resolves.toEqual({ notarized: [] });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('skipped'));
    await expect(hook.afterSign(macContext, { env: { VIGIL_RELEASE: '1' }, notarize, log })).rejects.toThrow(/no Apple notarisation credentials/);
    await expect(hook.afterAllArtifactBuild({ artifactPaths: ['/d/a.pkg'] }, { env: { VIGIL_RELEASE: '1' }, notarize, log })).rejects.toThrow(/a\.pkg/);
    expect(notarize).not.toHaveBeenCalled();
  });

  it('afterAllArtifactBuild notarises and staples the .dmg and .pkg, not the Windows or Linux artifacts', async () => {
    const notarize = vi.fn(async () => undefined);
    await hook.afterAllArtifactBuild({ artifactPaths: ['/d/Vigil Station-0.1.0.dmg', '/d/Vigil Station-0.1.0.pkg', '/d/latest-mac.yml', '/d/x.deb'] }, { env: API_KEY, notarize, log: () => undefined });
    expect(notarize.mock.calls.map((c) => (c as unknown as [{ appPath: string }])[0].appPath)).toEqual(['/d/Vigil Station-0.1.0.dmg', '/d/Vigil Station-0.1.0.pkg']);
  });
});
