/**
 * The renderer's Content-Security-Policy. Built into renderer/index.html as a
 * meta tag for production, and sent as a header by the Electron layer and the
 * test host. Styles are 'self' only: React sets element styles through the
 * CSSOM, which CSP does not restrict.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Development only: Vite's React refresh preamble is an inline script and HMR
 * talks over a websocket to the dev server.
 */
export function developmentContentSecurityPolicy(devServerOrigin: string): string {
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${devServerOrigin.replace(/^http/, 'ws')}`);
}
