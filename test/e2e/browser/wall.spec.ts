import { expect, test } from '@playwright/test';
import { startStationHost, type StationHost } from '../../host/station-host';
import { canvasHash, waitForWaveformInk } from './support/waveform-ink';

/**
 * The real renderer against the real station core (through the test host) in
 * Debian's Chromium. Every wait is on something the app shows; none on time.
 */
const SCREENSHOT = 'test-results/wall-16-beds.png';

test.describe('16-bed simulated wall', () => {
  let host: StationHost;
  test.beforeAll(async () => {
    host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 16, seed: 7 } } });
  });
  test.afterAll(async () => host?.close());

  test('renders 16 live tiles with labels, patients (category and age) and numerics', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('bed-tile')).toHaveCount(16);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(16);
    const first = page.locator('[data-bed-id="bed-01"]');
    const firstHeader = page.locator('[data-header-of="bed-01"]');
    await expect(firstHeader.locator('.tile-label')).toHaveText('Bed 1');
    // The simulated unit's pseudonymous patient, by full name at a workstation, with category and age.
    await expect(firstHeader.getByTestId('tile-patient')).toHaveText(/^[A-Z][a-z]+, [A-Z][a-z]+$/);
    await expect(firstHeader.getByTestId('tile-category')).toHaveText(/^Adult \d{2} y$/);
    await expect(first.getByTestId('numeric-hr').locator('.numeric-value')).toHaveText(/^\d{2,3}$/);
    await expect(first.getByTestId('numeric-spo2').locator('.numeric-value')).toHaveText(/^\d{2,3}$/);
    await expect(first.getByTestId('numeric-nibp').locator('.numeric-value')).toHaveText(/^\d{2,3}\/\d{2,3}/);
    // Let the sweep cover most of the width so the screenshot shows real traces.
    await waitForWaveformInk(page, 'bed-16', 0.6);
    await page.screenshot({ path: SCREENSHOT });
  });

  test('waveforms move: canvas pixels differ between frames', async ({ page }) => {
    await page.goto(host.url);
    await waitForWaveformInk(page, 'bed-05');
    const before = await canvasHash(page, 'bed-05');
    await expect.poll(() => canvasHash(page, 'bed-05')).not.toBe(before);
  });

  test('numerics update', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(16);
    const allNumerics = () =>
      page.evaluate(() => [...document.querySelectorAll('.numerics .numeric-value')].map((e) => e.textContent).join('|'));
    const before = await allNumerics();
    expect(before).toMatch(/\d/);
    await page.waitForFunction(
      (previous) => [...document.querySelectorAll('.numerics .numeric-value')].map((e) => e.textContent).join('|') !== previous,
      before,
      { timeout: 15_000 },
    );
  });

  test('a bed silenced by its scenario goes NO DATA within 6 s, with no numbers, and recovers', async ({ page }) => {
    await page.goto(host.url);
    const tile = page.locator('[data-bed-id="bed-03"]');
    await expect(tile).toHaveAttribute('data-state', 'live');
    const silencedAt = Date.now();
    host.station.triggerScenario({ scenario: 'bed-silent', bedId: 'bed-03' });
    await expect(tile).toHaveAttribute('data-state', 'no-data', { timeout: 6000 });
    expect(Date.now() - silencedAt).toBeLessThan(6000);
    await expect(tile.getByTestId('no-data')).toHaveText('NO DATA');
    await expect(page.locator('[data-header-of="bed-03"]').getByTestId('bed-status')).toContainText('NO DATA');
    await expect(tile.locator('.numeric-value')).toHaveCount(0);
    // Neighbours are unaffected.
    await expect(page.locator('[data-bed-id="bed-04"]')).toHaveAttribute('data-state', 'live');

    host.station.triggerScenario({ scenario: 'recover', bedId: 'bed-03' });
    await expect(tile).toHaveAttribute('data-state', 'live');
    await expect(tile.getByTestId('numeric-hr').locator('.numeric-value')).toHaveText(/^\d{2,3}$/);
  });

  test('ECG lead off shows on the tile and HR is not a number', async ({ page }) => {
    await page.goto(host.url);
    const tile = page.locator('[data-bed-id="bed-06"]');
    await expect(tile).toHaveAttribute('data-state', 'live');
    host.station.triggerScenario({ scenario: 'ecg-lead-off', bedId: 'bed-06' });
    await expect(tile).toHaveAttribute('data-state', 'lead-off');
    await expect(page.locator('[data-header-of="bed-06"]').getByTestId('bed-status')).toContainText('ECG LEAD OFF');
    await expect(tile.getByTestId('numeric-hr').locator('.numeric-value')).toHaveText('---');
    host.station.triggerScenario({ scenario: 'recover', bedId: 'bed-06' });
    await expect(tile).toHaveAttribute('data-state', 'live');
  });
});

test.describe('whole feed drop', () => {
  test('every tile goes NO DATA', async ({ page }) => {
    const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 3 } } });
    try {
      await page.goto(host.url);
      await expect(page.locator('[data-state="live"]')).toHaveCount(4);
      host.station.triggerScenario({ scenario: 'feed-drop' });
      await expect(page.locator('[data-state="no-data"]')).toHaveCount(4, { timeout: 6000 });
      await expect(page.locator('.numeric-value')).toHaveCount(0);
    } finally {
      await host.close();
    }
  });
});

test.describe('64-bed wall', () => {
  test('fits one 1920×1080 screen', async ({ page }) => {
    const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 64, seed: 11 } } });
    try {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.goto(host.url);
      await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(64);
      const overflow = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('[data-testid="bed-tile"]')].map((e) => e.getBoundingClientRect());
        const alarmBar = document.querySelector('[data-testid="alarm-bar"]')!.getBoundingClientRect();
        const overlapping = boxes.filter((a, i) => boxes.some((b, j) => j !== i && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
        return {
          outside: boxes.filter((b) => b.left < 0 || b.top < alarmBar.bottom || b.right > innerWidth + 0.5 || b.bottom > innerHeight + 0.5).length,
          overlapping: overlapping.length,
          smallest: Math.min(...boxes.map((b) => b.width * b.height)),
          scrolls: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
        };
      });
      expect(overflow.outside).toBe(0);
      expect(overflow.overlapping).toBe(0);
      expect(overflow.scrolls).toBe(false);
      expect(overflow.smallest).toBeGreaterThan(200 * 110);
      await waitForWaveformInk(page, 'bed-64', 0.5);
      await page.screenshot({ path: 'test-results/wall-64-beds.png' });
    } finally {
      await host.close();
    }
  });
});
