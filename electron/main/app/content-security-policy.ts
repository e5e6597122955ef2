import type { Session } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  developmentContentSecurityPolicy,
} from '../../../shared/security/content-security-policy';

/** Sends the CSP as a header too (the dev server serves no meta tag) and refuses every web permission. */
export function enforceContentSecurityPolicy(session: Session, devServerUrl?: string): void {
  const policy = devServerUrl ? developmentContentSecurityPolicy(new URL(devServerUrl).origin) : CONTENT_SECURITY_POLICY;
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // The station needs no camera, notification, geolocation or other web permission.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
