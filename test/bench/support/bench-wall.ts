import { chromium, type Browser, type Page } from 'playwright-core';
import { ALARM_PAGE_OBSERVER } from './alarm-page-observer';

/**
 * The alarm benchmarks' wall: the host's page in headless Debian Chromium
 * at 1920×1080 with the alarm page observer injected, once every tile is
 * live and the alarm audio is running.
 */
export async function openBenchWall(url: string, beds: number): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript({ content: ALARM_PAGE_OBSERVER });
    await page.goto(url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="bed-tile"][data-state="live"]').length === n, beds, { timeout: 30_000 });
    await page.waitForFunction(() => (window as unknown as { __vigilDiagnostics?: { audio(): { contextState: string } } }).__vigilDiagnostics?.audio().contextState === 'running', null, { timeout: 10_000 });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Runs a benchmark's main: its exit code (0 met, 3 not met), or 1 with the stack on a setup error. */
export function runBenchmark(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exit(1);
    },
  );
}
