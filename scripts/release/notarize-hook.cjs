// electron-builder hooks (electron-builder.yml: afterSign, afterAllArtifactBuild)
// that notarise and staple the macOS build with @electron/notarize. Plain
// CommonJS because electron-builder require()s hooks. Credentials come only
// from the environment of the release machine (see build/README.md):
//
//   App Store Connect API key (preferred in CI):
//     APPLE_API_KEY (path to the .p8 file), APPLE_API_KEY_ID, APPLE_API_ISSUER
//   or an Apple ID with an app-specific password:
//     APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID
//   or a notarytool keychain profile made with `xcrun notarytool store-credentials`:
//     APPLE_KEYCHAIN_PROFILE [, APPLE_KEYCHAIN]
//
// VIGIL_RELEASE=1 (the release workflow) makes missing credentials an error:
// a release must never ship an un-notarised app that Gatekeeper blocks on
// the ward's Macs. Without it (a developer's `npm run dist`) the step is skipped
// with a message.
'use strict';
const path = require('node:path');

const CREDENTIAL_SETS = [
  { name: 'App Store Connect API key', vars: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'], options: (e) => ({ appleApiKey: e.APPLE_API_KEY, appleApiKeyId: e.APPLE_API_KEY_ID, appleApiIssuer: e.APPLE_API_ISSUER }) },
  { name: 'Apple ID', vars: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'], options: (e) => ({ appleId: e.APPLE_ID, appleIdPassword: e.APPLE_APP_SPECIFIC_PASSWORD, teamId: e.APPLE_TEAM_ID }) },
  { name: 'notarytool keychain profile', vars: ['APPLE_KEYCHAIN_PROFILE'], options: (e) => ({ keychainProfile: e.APPLE_KEYCHAIN_PROFILE, ...(e.APPLE_KEYCHAIN ? { keychain: e.APPLE_KEYCHAIN } : {}) }) },
];

/**
 * The notarytool credentials the environment provides, or null when it names
 * none. A half-filled set is an error that names what is missing (a typo in
 * a secret's name must not silently skip notarisation); so are two sets.
 */
function notarizeCredentials(env) {
  const given = (name) => typeof env[name] === 'string' && env[name].trim() !== '';
  const started = CREDENTIAL_SETS.filter((set) => set.vars.some(given));
  for (const set of started) {
    const missing = set.vars.filter((v) => !given(v));
    if (missing.length > 0) throw new Error(`notarisation with an ${set.name} needs ${missing.join(', ')} as well`);
  }
  if (started.length > 1) throw new Error(`notarisation credentials for more than one method are set (${started.map((s) => s.name).join(', ')}); set one`);
  if (started.length === 0) return null;
  return { method: started[0].name, options: started[0].options(env) };
}

function required(env) {
  return env.VIGIL_RELEASE === '1';
}

/** Resolves the credentials or explains why there are none; throws on a release without them. */
function credentialsOrSkip(env, what, log) {
  const credentials = notarizeCredentials(env);
  if (credentials) return credentials;
  if (required(env)) throw new Error(`cannot notarise ${what}: no Apple notarisation credentials in the environment (VIGIL_RELEASE=1); see build/README.md`);
  log(`notarize: skipped for ${what} (no credentials in the environment; Gatekeeper will block this build on other Macs)`);
  return null;
}

/** afterSign: notarise and staple the signed .app. */
async function afterSign(context, deps = {}) {
  const env = deps.env || process.env;
  const log = deps.log || console.log;
  if (context.electronPlatformName !== 'darwin' && context.electronPlatformName !== 'mas') return { notarized: [] };
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  const credentials = credentialsOrSkip(env, appPath, log);
  if (!credentials) return { notarized: [] };
  const notarize = deps.notarize || require('@electron/notarize').notarize;
  log(`notarize: ${appPath} (${credentials.method})`);
  await notarize({ tool: 'notarytool', appPath, ...credentials.options });
  return { notarized: [appPath] };
}

/** afterAllArtifactBuild: notarise and staple the installers made from the notarised app. */
async function afterAllArtifactBuild(buildResult, deps = {}) {
  const env = deps.env || process.env;
  const log = deps.log || console.log;
  const installers = (buildResult.artifactPaths || []).filter((p) => p.endsWith('.dmg') || p.endsWith('.pkg'));
  if (installers.length === 0) return [];
  const credentials = credentialsOrSkip(env, installers.map((p) => path.basename(p)).join(', '), log);
  if (!credentials) return [];
  const notarize = deps.notarize || require('@electron/notarize').notarize;
  for (const installer of installers) {
    log(`notarize: ${installer} (${credentials.method})`);
    await notarize({ tool: 'notarytool', appPath: installer, ...credentials.options });
  }
  // Nothing new to publish: the installers were notarised and stapled in place.
  return [];
}

module.exports = { afterSign, afterAllArtifactBuild, notarizeCredentials };
