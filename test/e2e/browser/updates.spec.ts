import { expect, test, type Page } from '@playwright/test';
import { startStationHost, type StationHost } from '../../host/station-host';
import { FakeUpdater } from '../../support/fake-updater';

/**
 * "Restart to update" on the station status screen, with a stand-in for
 * electron-updater (the real one needs Electron and a signed build): the
 * downloaded version waits; the button is refused while someone else is
 * signed in, and once allowed the restart is audited under the admin before
 * the updater is told to install.
 */
async function signIn(page: Page, identifier: string, secret: string): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.getByLabel('User or badge').fill(identifier);
  await form.getByLabel('PIN or password').fill(secret);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
}

test.describe('in-app update', () => {
  let host: StationHost;
  let updater: FakeUpdater;
  test.beforeEach(async ({ page }) => {
    updater = new FakeUpdater();
    host = await startStationHost({
      config: { feed: { kind: 'simulator', beds: 4, seed: 2 }, updates: { enabled: true, url: 'https://software.hospital.local/vigil/' } },
      updates: { updater, support: { supported: true }, currentVersion: '0.1.0' },
    });
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
  });
  test.afterEach(async () => host?.close());

  test('a downloaded update waits for the admin; refused while a nurse is signed in elsewhere; then audited and installed', async ({ page, browser }) => {
    updater.emit({ kind: 'available', version: '0.2.0' });
    updater.emit({ kind: 'downloaded', version: '0.2.0' });

    // A nurse at another screen.
    const other = await browser.newPage();
    await other.goto(host.url);
    await signIn(other, 'nurse', '1234');

    await signIn(page, 'admin', 'admin1234');
    await page.getByTestId('open-admin').click();
    const section = page.getByTestId('admin-updates');
    await expect(section.getByTestId('update-phase')).toHaveText('Ready to install – 0.2.0');
    await expect(section.getByTestId('update-restart')).toBeDisabled();
    await expect(section).toContainText('Not now: signed in at another screen: nurse.');
    expect(updater.installs).toBe(0);

    await other.getByTestId('sign-out').click();
    await expect(section.getByTestId('update-restart')).toBeEnabled();
    await section.getByTestId('update-restart').click();
    await section.getByRole('button', { name: 'Restart now' }).click();
    await expect(section.getByTestId('update-phase')).toHaveAttribute('data-phase', 'restarting');
    expect(updater.installs).toBe(1);
    const rows = (await host.station.audit.query({ action: 'update.restart', limit: 5 })).rows;
    expect(rows).toEqual([expect.objectContaining({ userId: 'admin', role: 'admin' })]);
    expect(JSON.parse(rows[0]!.details)).toEqual({ from_version: '0.1.0', to_version: '0.2.0' });
    await other.close();
  });
});
