import { chromium } from 'playwright-core';
import { startStationHost } from '../../host/station-host';
import { RecorderCore } from '../../../electron/main/disclosure/writer/recorder-core';
import { ReviewQueries } from '../../../electron/main/disclosure/writer/review-queries';
import type { SyntheticStore } from './synthetic-store';

const ROOT = `${__dirname}/../../..`;

export interface ReviewFigures {
  openAtAlarmMs: number[];
  alarmStepMs: number[];
  pageScrollMs: number[];
  /** Baselines: the same strip's query in the store alone (no transport, no page), and the page's request round trip without drawing. */
  storeQueryMs: number[];
  requestRoundTripMs: number[];
  lost: number;
}

const random = (n: number) => Math.floor(Math.random() * n);

/**
 * In headless Chromium against the test host on the 72 h × 64-bed store:
 * - open at an alarm: a nurse's click on "Strip" in a bed's alarm history
 *   (the alarm found in the record by its id) until the strip is on screen;
 * - alarm step: "◀ Alarm" from wherever the strip is, deep into the 72 h;
 * - page scroll: "◀ Page".
 * "On screen" is the page's own event: the canvas's draw counter moves in
 * the animation frame after the strip was drawn. Times are the page's
 * performance.now() from the click.
 */
export async function measureReview(store: SyntheticStore, iterations: number): Promise<ReviewFigures> {
  const figures: ReviewFigures = { openAtAlarmMs: [], alarmStepMs: [], pageScrollMs: [], storeQueryMs: [], requestRoundTripMs: [], lost: 0 };

  // Baseline 1: the store alone (a reader on the same file, in this process).
  const reader = new RecorderCore({ file: `${store.dir}/disclosure.sqlite`, projectRoot: ROOT, beds: store.beds, retentionMs: 96 * 3_600_000 });
  reader.ensureOpen(Date.now());
  const queries = new ReviewQueries(reader, () => undefined);
  for (let i = 0; i < iterations; i++) {
    const alarm = store.alarms[random(store.alarms.length)]!;
    const t = performance.now();
    queries.strip(alarm.bedId, alarm.at - 12_000, alarm.at + 24_000);
    figures.storeQueryMs.push(performance.now() - t);
  }
  reader.openStore?.close();

  const host = await startStationHost({ dataDir: store.dir, config: { feed: { kind: 'simulator', beds: store.beds.length, seed: 3 } }, viewTimeoutMs: 3_600_000 });
  // The synthetic alarms in the audit trail too, so the bed's alarm history lists them (newest 50 per bed).
  for (const a of store.alarms) host.station.audit.record({ action: 'alarm.onset', actor: 'system', bedId: a.bedId, alarmId: a.alarmId, details: { code: a.code, priority: a.priority } });
  await host.station.audit.flush();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    // tsx keeps function names with a helper the page does not have; give it a do-nothing one.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(host.url);
    await page.waitForSelector('[data-testid="bed-tile"][data-state="live"]', { timeout: 30_000 });
    await page.getByTestId('sign-in').getByLabel('User or badge').fill('nurse');
    await page.getByTestId('sign-in').getByLabel('PIN or password').fill('1234');
    await page.getByTestId('sign-in').getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in').waitFor();

    /** Clicks `selector` in the page and resolves with ms until the strip canvas's draw counter moves. */
    const clickUntilDrawn = (selector: string) =>
      page.evaluate(
        (sel) =>
          new Promise<number>((resolve) => {
            const started = performance.now();
            const button = document.querySelector<HTMLElement>(sel)!;
            const watch = () => {
              const canvas = document.querySelector('[data-testid="strip-canvas"]');
              if (!canvas) return requestAnimationFrame(watch);
              const before = canvas.getAttribute('data-drawn');
              const observer = new MutationObserver(() => {
                if (canvas.getAttribute('data-drawn') !== before && canvas.getAttribute('data-drawn') !== '0') {
                  observer.disconnect();
                  resolve(performance.now() - started);
                }
              });
              observer.observe(canvas, { attributes: true, attributeFilter: ['data-drawn'] });
              setTimeout(() => (observer.disconnect(), resolve(-1)), 10_000);
            };
            button.click();
            watch();
          }),
        selector,
      );

    for (let i = 0; i < iterations; i++) {
      const bedId = store.beds[random(store.beds.length)]!;
      const header = await page.locator(`[data-header-of="${bedId}"]`).boundingBox();
      await page.locator(`[data-bed-id="${bedId}"]`).click({ position: { x: header!.width / 2, y: header!.height / 2 } });
      await page.locator('[data-testid="history-strip"]').first().waitFor();
      const rows = await page.locator('[data-testid="history-strip"]').count();
      const pick = random(rows);
      await page.evaluate((n) => document.querySelectorAll('[data-testid="history-strip"]')[n]!.setAttribute('data-bench-pick', '1'), pick);
      const ms = await clickUntilDrawn('[data-bench-pick="1"]');
      if (ms < 0) figures.lost++;
      else figures.openAtAlarmMs.push(ms);
      // From there: alarm steps back and page scrolls.
      for (let s = 0; s < 2; s++) {
        const step = await clickUntilDrawn('[data-testid="strip-previous-alarm"]');
        if (step < 0) figures.lost++;
        else figures.alarmStepMs.push(step);
        const pageMs = await clickUntilDrawn('[data-testid="strip-page-back"]');
        if (pageMs < 0) figures.lost++;
        else figures.pageScrollMs.push(pageMs);
      }
      // Baseline 2: the strip request's round trip from the page (store + worker + transport), no drawing.
      const alarm = store.alarms[random(store.alarms.length)]!;
      figures.requestRoundTripMs.push(
        await page.evaluate(async ({ bedId: b, at }) => {
          const t = performance.now();
          await (window as unknown as { vigil: { invoke(c: string, r: unknown): Promise<unknown> } }).vigil.invoke('disclosure:strip', { bedId: b, from: at - 12_000, to: at + 24_000 });
          return performance.now() - t;
        }, alarm),
      );
      await page.getByTestId('close-panel').click();
    }
  } finally {
    await browser.close();
    await host.close();
  }
  return figures;
}
