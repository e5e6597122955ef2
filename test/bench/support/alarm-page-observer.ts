import type { Page } from 'playwright-core';

/**
 * Injected before the app by the alarm benchmarks: records, on the page's
 * own clock (performance.timeOrigin + now, the same epoch ms as the bench
 * process), when each alarm was heard of and when each bed's tile banner
 * was painted showing it. A string, not a function: the TypeScript loader
 * would wrap a function with helpers that do not exist in the page.
 *
 * - `__benchAlarms`: per alarm id, `eventAt` (the 'unit:alarms' update
 *   naming it arrived at the page's socket, before the app touched it: the
 *   transport floor) and `rowAt` (its alarm-bar row painted).
 * - `__benchBannerAt(bedId, message)`: when that bed's tile banner was
 *   first painted showing that message. By text, not by the banner being
 *   inserted: a bed already showing an alarm gets the new one in the same
 *   element (React changes its text and class), which an insertion watch
 *   never sees. "Painted" is the second animation frame after the change.
 * - `__benchLatestBanner`: per bed, the last banner painted (text, time).
 * - `__benchAlarmUpdates`: how many 'unit:alarms' updates reached the page
 *   and their bytes.
 */
export const ALARM_PAGE_OBSERVER = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const seen = new Map();
  const entry = (id) => { if (!seen.has(id)) seen.set(id, {}); return seen.get(id); };
  window.__benchAlarms = seen;
  window.__benchAlarmUpdates = { count: 0, bytes: 0 };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (message) => {
        if (typeof message.data !== 'string' || !message.data.includes('"channel":"unit:alarms"')) return;
        const at = now();
        window.__benchAlarmUpdates.count++;
        window.__benchAlarmUpdates.bytes += message.data.length;
        for (const a of JSON.parse(message.data).payload.changed) if (entry(a.alarmId).eventAt === undefined) entry(a.alarmId).eventAt = at;
      });
    }
  };

  // Banner text without the priority prefix and the level / ACK suffixes: the alarm's message.
  const messageOf = (text) => text.replace(/^\\*+ /, '').replace(/( · (L\\d|ACK))+$/, '');
  const bannerAt = new Map();
  window.__benchLatestBanner = new Map();
  window.__benchBannerAt = (bedId, message) => bannerAt.get(bedId + '|' + message);
  const headerChanged = (headers) => {
    if (headers.size === 0) return;
    const shown = [...headers].map((h) => { const b = h.querySelector('[data-testid="tile-alarm"]'); return [h.dataset.headerOf, b ? messageOf(b.textContent) : null]; });
    // The first rAF runs at the start of the frame that shows the change; the next once it is produced.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const at = now();
      for (const [bedId, message] of shown) {
        window.__benchLatestBanner.set(bedId, { message, at });
        if (message !== null && !bannerAt.has(bedId + '|' + message)) bannerAt.set(bedId + '|' + message, at);
      }
    }));
  };
  const headerObserver = new MutationObserver((mutations) => {
    const headers = new Set();
    for (const m of mutations) {
      const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      const header = node && node.closest ? node.closest('[data-header-of]') : null;
      if (header) headers.add(header);
    }
    headerChanged(headers);
  });
  const observedLayers = new Set();
  new MutationObserver((mutations) => {
    const rows = [];
    const headers = new Set();
    for (const m of mutations)
      for (const node of m.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        for (const row of node.matches('[data-testid="alarm-row"]') ? [node] : node.querySelectorAll('[data-testid="alarm-row"]'))
          if (row.dataset.alarmId && entry(row.dataset.alarmId).rowAt === undefined) rows.push(row.dataset.alarmId);
        for (const header of node.matches('[data-header-of]') ? [node] : node.querySelectorAll('[data-header-of]')) {
          headers.add(header);
          // Banner changes inside the header layer: text, class and priority attribute, not only insertions.
          const layer = header.parentElement;
          if (layer && !observedLayers.has(layer)) {
            observedLayers.add(layer);
            headerObserver.observe(layer, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class', 'data-alarm-priority'] });
          }
        }
      }
    headerChanged(headers);
    if (rows.length === 0) return;
    requestAnimationFrame(() => requestAnimationFrame(() => { const at = now(); for (const id of rows) entry(id).rowAt ??= at; }));
  }).observe(document, { childList: true, subtree: true });
})();`;

/** What the page recorded, for the alarms of interest. */
export interface PageAlarmTimes {
  /** Per alarm id. */
  alarms: Record<string, { eventAt?: number; rowAt?: number }>;
  /** Per `${bedId}|${message}`: the banner first painted showing it. */
  banners: Record<string, number | undefined>;
  tones: Array<{ priority: string; scheduledAt: number }>;
  updates: { count: number; bytes: number };
}

interface BenchWindow {
  __benchAlarms: Map<string, { eventAt?: number; rowAt?: number }>;
  __benchBannerAt(bedId: string, message: string): number | undefined;
  __benchAlarmUpdates: { count: number; bytes: number };
  __vigilDiagnostics: { toneStartsSince(ms: number): Array<{ priority: string; scheduledAt: number }> };
}

export async function pageAlarmTimes(page: Page, ids: readonly string[], banners: ReadonlyArray<{ bedId: string; message: string }>, toneSince: number): Promise<PageAlarmTimes> {
  return page.evaluate(
    ({ ids, banners, toneSince }) => {
      const w = window as unknown as BenchWindow;
      return {
        alarms: Object.fromEntries(ids.map((id) => [id, w.__benchAlarms.get(id) ?? {}])),
        banners: Object.fromEntries(banners.map((b) => [`${b.bedId}|${b.message}`, w.__benchBannerAt(b.bedId, b.message)])),
        tones: w.__vigilDiagnostics.toneStartsSince(toneSince),
        updates: { ...w.__benchAlarmUpdates },
      };
    },
    { ids: [...ids], banners: [...banners], toneSince },
  );
}

/**
 * page.waitForFunction that tells a timeout (false) from anything else,
 * which it throws: a wait that cannot run at all must stop the benchmark,
 * not pass for "not seen in time". (Before this, string predicates were
 * refused by the app's CSP, which has no 'unsafe-eval', and every wait of
 * the alarm-latency benchmark "timed out" at once without anyone noticing.)
 */
/** A function, never a string: the app's CSP refuses to evaluate strings (see waitInPage). */
export type PagePredicate<A> = (arg: NoInfer<A>) => unknown;

export async function waitInPage<A>(page: Page, predicate: PagePredicate<A>, arg: A, timeoutMs: number): Promise<boolean> {
  try {
    // The page stamps the times itself; polling only paces the loop, so keep it light.
    await page.waitForFunction(predicate as (arg: unknown) => unknown, arg, { timeout: timeoutMs, polling: 50 });
    return true;
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return false;
    throw error;
  }
}

/**
 * Starts a wait in the page and returns it once it is in place there,
 * before the alarm is fired: so no benchmark traffic crosses to the page
 * while an alarm is in flight. CDP commands run in order, so once a later
 * evaluate has answered, the wait's poller is installed.
 */
export async function armedWait<A>(page: Page, predicate: PagePredicate<A>, arg: A, timeoutMs: number): Promise<{ done: Promise<boolean> }> {
  const done = waitInPage(page, predicate, arg, timeoutMs);
  // A wait that fails at once (a bad predicate) must surface here, not as a lost alarm later.
  done.catch(() => undefined);
  await page.evaluate(() => 0);
  return { done };
}
