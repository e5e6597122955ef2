import { expect, test, type Browser, type Page } from '@playwright/test';
import { startStationHost, type StationHost } from '../../host/station-host';

/**
 * Issue 14 §2 and §5, issue 12 §6 in the real renderer against the real core:
 * the simulated-unit banner on every screen; one screen's failed sign-ins do
 * not lock the nurse out of another, and the charge nurse is told; closing
 * the station needs a charge nurse, names the alarms, and is audited.
 */
async function signIn(page: Page, user: string, pin: string): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.getByLabel('User or badge').fill(user);
  await form.getByLabel('PIN or password').fill(pin);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** One wrong PIN; resolves with the station's answer (the form clears the PIN when the answer arrives). */
async function failSignIn(page: Page, user: string): Promise<string> {
  await signIn(page, user, '0000');
  await expect(page.getByTestId('sign-in').getByLabel('PIN or password')).toHaveValue('');
  const error = page.getByTestId('sign-in').getByRole('alert');
  await expect(error).toBeVisible();
  return (await error.textContent()) ?? '';
}

async function openPage(browser: Browser, host: StationHost): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(host.url);
  await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
  return page;
}

test('the simulated-unit banner is on the wall and on the review screens, with the reason', async ({ page }) => {
  const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 3 } } });
  try {
    await page.goto(host.url);
    const banner = page.getByTestId('simulated-unit-banner');
    await expect(banner).toHaveText('SIMULATED UNIT · NOT REAL PATIENTS');
    await expect(banner).toHaveAttribute('title', /^Simulated unit, not real patients/);
    await signIn(page, 'admin', 'admin1234');
    await page.getByTestId('open-admin').click();
    await expect(page.getByTestId('admin-status')).toBeVisible();
    await expect(banner).toBeVisible();
  } finally {
    await host.close();
  }
});

test('the page’s Content-Security-Policy refuses inline script and connections to other origins, and allows no eval', async ({ page }) => {
  const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 3 } } });
  try {
    const response = await page.goto(host.url);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe');
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    // Run as the page would (Playwright's own evaluation is exempt from CSP, so nothing here calls eval itself).
    const outcome = await page.evaluate(async () => {
      const violated: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violated.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
      await fetch('http://127.0.0.2:9/exfiltrate').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, violated: [...new Set(violated)].sort() };
    });
    expect(outcome).toEqual({ inlineRan: false, violated: ['connect-src', 'script-src-elem'] });
  } finally {
    await host.close();
  }
});

test('failed sign-ins at one screen: the nurse signs in at another, and the charge nurse sees the notice', async ({ browser }) => {
  const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 3 } } });
  try {
    const passerBy = await openPage(browser, host);
    const nurse = await openPage(browser, host);
    const charge = await openPage(browser, host);

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await failSignIn(passerBy, 'nurse'));
    expect(answers.at(-1)).toMatch(/wait \d+ s before trying again here/);
    await signIn(passerBy, 'nurse', '1234');
    await expect(passerBy.getByTestId('sign-in').getByRole('alert')).toContainText('wait');

    expect(await failSignIn(nurse, 'nurse')).toMatch(/^Sign-in failed/);
    await signIn(nurse, 'nurse', '1234');
    await expect(nurse.getByTestId('signed-in')).toContainText('Training Nurse');
    await expect(nurse.getByTestId('security-notices')).toHaveCount(0);

    await signIn(charge, 'charge', '1234');
    const notice = charge.getByTestId('security-notice');
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText(/Failed sign-ins for nurse at browser \S+ \(view-\d+\), browser \S+ \(view-\d+\)/);
    await expect(notice).toContainText('5 failed since');
  } finally {
    await host.close();
  }
});

test('closing the station: a charge nurse confirms the named alarms, and the quit is audited before the station stops', async ({ page }) => {
  const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 3 } } });
  let closed = false;
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    await page.request.post(`${host.url}__vigil/test/scenario`, { data: { scenario: 'bed-silent', bedId: 'bed-02' } });
    await expect(page.getByTestId('alarm-row').filter({ hasText: 'No data from bed' })).toBeVisible({ timeout: 10_000 });

    // File → Quit (what the Electron menu sends) with nobody signed in: the dialog asks for a charge nurse.
    host.station.requestQuit('menu');
    await expect(page.getByTestId('quit-refused')).toHaveAttribute('data-reason', 'sign-in');
    await signIn(page, 'nurse', '1234');
    await expect(page.getByTestId('quit-refused')).toHaveAttribute('data-reason', 'not-permitted');
    await expect(page.getByTestId('open-quit')).toHaveCount(0);
    await page.getByTestId('sign-out').click();

    await signIn(page, 'charge', '1234');
    const alarm = page.getByTestId('quit-alarm').filter({ hasText: 'Bed 2: No data from bed' });
    await expect(alarm).toBeVisible();
    await expect(page.getByTestId('quit-by')).toHaveText('Training Charge Nurse');
    expect(await host.station.quit.approvedQuit()).toBeNull();
    await page.getByTestId('confirm-quit').click();
    await expect(page.getByTestId('quit-closing')).toBeVisible();
    const quit = await host.quitApproved;
    expect(quit).toMatchObject({ userId: 'charge', role: 'charge-nurse' });
    const rows = (await host.station.audit.query({ action: 'app.quit', limit: 5 })).rows;
    expect(rows.map((r) => [r.userId, JSON.parse(r.details).alarms])).toEqual([['charge', host.station.alarms.list().length]]);
    await host.close();
    closed = true;
  } finally {
    if (!closed) await host.close();
  }
});

test('a kiosk wall cannot be closed from its screen', async ({ page }) => {
  const host = await startStationHost({ wallMode: true, config: { feed: { kind: 'simulator', beds: 4, seed: 3 } } });
  try {
    await page.goto(host.url);
    await expect(page.getByText('WALL · VIEW ONLY')).toBeVisible();
    host.station.requestQuit('window-close');
    await expect(page.getByTestId('open-quit')).toHaveCount(0);
    // The request reached the page (its alarm state keeps updating), and no dialog opened.
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    await expect(page.getByTestId('quit-dialog')).toHaveCount(0);
    expect(host.station.quit.check('view-1')).toMatchObject({ allowed: false, reason: 'wall' });
  } finally {
    await host.close();
  }
});
