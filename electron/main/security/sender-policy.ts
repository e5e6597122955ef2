/**
 * Decides whether an IPC message came from our own renderer. Electron hands the
 * handler a sender frame; the Electron layer extracts its URL and whether it is
 * the top-level frame, and asks this pure function, so the rule is unit-tested
 * under plain Node.
 *
 * Accepted: the top frame of the station window, loaded from the packaged
 * renderer (file://…/out/renderer/index.html) or, in development only, from the
 * electron-vite dev server origin. Everything else – subframes, other schemes,
 * look-alike hosts, about:blank, devtools – is refused.
 */
export interface SenderFrameInfo {
  url: string;
  isTopFrame: boolean;
}

export interface SenderPolicy {
  /** Absolute file path of the renderer's index.html in this build. */
  rendererIndexPath: string;
  /** Dev server origin (e.g. http://localhost:5173), only set in development. */
  devServerOrigin?: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(frame: SenderFrameInfo | null | undefined, policy: SenderPolicy): SenderVerdict {
  if (!frame) return { ok: false, reason: 'no sender frame (destroyed or detached)' };
  if (!frame.isTopFrame) return { ok: false, reason: 'sender is not the top-level frame' };
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return { ok: false, reason: 'sender URL is not parseable' };
  }
  if (url.protocol === 'file:') {
    const expected = new URL(toFileUrl(policy.rendererIndexPath));
    return decodeURIComponent(url.pathname) === decodeURIComponent(expected.pathname)
      ? { ok: true }
      : { ok: false, reason: 'file sender is not the station renderer' };
  }
  if (policy.devServerOrigin && url.origin === new URL(policy.devServerOrigin).origin) return { ok: true };
  return { ok: false, reason: `sender origin ${url.protocol}//${url.host} is not allowed` };
}

function toFileUrl(path: string): string {
  const normalised = path.replace(/\\/g, '/');
  return 'file://' + (normalised.startsWith('/') ? '' : '/') + encodeURI(normalised);
}
