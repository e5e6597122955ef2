import { expect, test } from '@playwright/test';
import { ReferenceGateway } from '../../../gateway/reference-gateway';
import { startStationHost, type StationHost } from '../../host/station-host';

/**
 * The station fed by the reference gateway (real socket.io on loopback),
 * the real renderer in Chromium: the gateway goes down and the wall says so
 * (banner, grey tiles, no numbers); it comes back on the same port and the
 * wall recovers by itself, with no page reload.
 */
const TOKEN = 'e2e-station-token';
const BEDS = Array.from({ length: 4 }, (_, i) => ({ bedId: `bed-${String(i + 1).padStart(2, '0')}`, label: `Bed ${i + 1}`, patient: null }));

test('gateway lost: banner and grey tiles within 5 s; gateway back: the wall recovers without a reload', async ({ page }) => {
  let gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 3 });
  const port = gateway.listeningPort;
  let host: StationHost | null = null;
  try {
    host = await startStationHost({
      config: { stationId: 'e2e-station', unitName: 'ICU 4', feed: { kind: 'gateway', urls: [gateway.url], token: TOKEN, heartbeatMs: 500 }, beds: BEDS },
    });
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);
    // Marks this page load: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));

    const lostAt = Date.now();
    await gateway.close();
    await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 5_000 });
    await expect(page.getByTestId('alarm-row').filter({ hasText: 'Communication with the monitoring network lost' })).toBeVisible();
    await expect(page.locator('[data-testid="bed-tile"][data-state="no-data"]')).toHaveCount(4, { timeout: 5_500 });
    expect(Date.now() - lostAt).toBeLessThan(6_000);
    // Stale, never frozen: no numbers anywhere.
    await expect(page.locator('.numeric-value')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/connection-lost.png' });

    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 3 }, { port });
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4, { timeout: 5_000 });
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);
    await expect(page.locator('[data-bed-id="bed-01"]').getByTestId('numeric-hr').locator('.numeric-value')).toHaveText(/^\d{2,3}$/);
    expect(await page.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
  } finally {
    await host?.close();
    await gateway.close();
  }
});

test('this screen losing the station: its own banner and HIGH tone, and every tile grey', async ({ page }) => {
  const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 3 } } });
  let closed = false;
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __vigilDiagnostics: { audio(): { contextState: string } } }).__vigilDiagnostics.audio().contextState)).toBe('running');
    // The main process (here the test host) goes away without a word.
    await host.close();
    closed = true;
    await expect(page.getByTestId('station-link-banner')).toBeVisible({ timeout: 8_000 });
    await expect(page.locator('[data-testid="bed-tile"][data-state="no-data"]')).toHaveCount(4);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __vigilDiagnostics: { audio(): { playing: { alarmId: string; priority: string } | null } } }).__vigilDiagnostics.audio().playing))
      .toEqual({ alarmId: 'local:station-link-lost', priority: 'HIGH', escalationLevel: 1 });
  } finally {
    if (!closed) await host.close();
  }
});
