import { describe, expect, it } from 'vitest';
import { checkSender } from '../../../../electron/main/security/sender-policy';

const policy = { rendererIndexPath: '/opt/Vigil Station/resources/app.asar/out/renderer/index.html' };
const ours = 'file:///opt/Vigil%20Station/resources/app.asar/out/renderer/index.html';

describe('IPC sender check', () => {
  it('accepts the top frame of our renderer', () => {
    expect(checkSender({ url: ours, isTopFrame: true }, policy)).toEqual({ ok: true });
    expect(checkSender({ url: `${ours}#/wall`, isTopFrame: true }, policy)).toEqual({ ok: true });
  });

  it('refuses a missing frame, a subframe, and other files', () => {
    expect(checkSender(null, policy).ok).toBe(false);
    expect(checkSender({ url: ours, isTopFrame: false }, policy)).toEqual({ ok: false, reason: 'sender is not the top-level frame' });
    expect(checkSender({ url: 'file:///tmp/evil/index.html', isTopFrame: true }, policy).ok).toBe(false);
    expect(checkSender({ url: 'file:///opt/Vigil%20Station/resources/app.asar/out/renderer/other.html', isTopFrame: true }, policy).ok).toBe(false);
  });

  it('refuses remote origins, look-alikes and junk', () => {
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'about:blank', 'devtools://devtools/x', 'not a url', 'data:text/html,hi']) {
      expect(checkSender({ url, isTopFrame: true }, policy).ok).toBe(false);
    }
  });

  it('accepts the dev server origin only when one is configured', () => {
    const dev = { ...policy, devServerOrigin: 'http://localhost:5173' };
    expect(checkSender({ url: 'http://localhost:5173/index.html', isTopFrame: true }, dev)).toEqual({ ok: true });
    expect(checkSender({ url: 'http://localhost:5174/', isTopFrame: true }, dev).ok).toBe(false);
    expect(checkSender({ url: 'http://localhost.evil.com:5173/', isTopFrame: true }, dev).ok).toBe(false);
  });

  it('handles Windows paths', () => {
    const win = { rendererIndexPath: 'C:\\Program Files\\Vigil Station\\resources\\app.asar\\out\\renderer\\index.html' };
    expect(checkSender({ url: 'file:///C:/Program%20Files/Vigil%20Station/resources/app.asar/out/renderer/index.html', isTopFrame: true }, win)).toEqual({ ok: true });
  });
});
