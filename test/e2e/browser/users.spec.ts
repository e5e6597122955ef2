import { expect, test, type Page } from '@playwright/test';
import { startStationHost, type StationHost } from '../../host/station-host';

/**
 * User administration end to end: the real admin screens in Chromium against
 * the real station core (users file, audit trail). An admin adds a nurse,
 * who signs in and acknowledges; once disabled, she cannot sign in.
 */
async function signIn(page: Page, identifier: string, secret: string): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.getByLabel('User or badge').fill(identifier);
  await form.getByLabel('PIN or password').fill(secret);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
}

async function openUsers(page: Page) {
  await page.getByTestId('open-users').click();
  const screen = page.getByTestId('user-admin');
  await expect(screen.getByTestId('users-table')).toBeVisible();
  return screen;
}

test.describe('user administration', () => {
  let host: StationHost;
  test.beforeEach(async ({ page }) => {
    host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 2 } } });
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
  });
  test.afterEach(async () => host?.close());

  test('an admin adds a nurse, who signs in with her badge and acknowledges; disabled, she cannot sign in', async ({ page }) => {
    await signIn(page, 'admin', 'admin1234');
    await expect(page.getByTestId('signed-in')).toContainText('Training Admin');
    let screen = await openUsers(page);

    const form = screen.getByTestId('add-user');
    await form.getByLabel('User id').fill('jdoe');
    await form.getByLabel('Display name').fill('Jane Doe');
    await form.getByLabel('Role').selectOption('nurse');
    await form.getByLabel('Badge id (optional)').fill('BADGE-0042');
    // The PIN rules are applied before anything is sent.
    await form.getByLabel('PIN or password').fill('1234');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(form.getByTestId('add-user-result')).toHaveText('a PIN may not be a run of digits (such as 1234 or 9876)');
    await form.getByLabel('PIN or password').fill('5829');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(form.getByTestId('add-user-result')).toHaveText('Added jdoe (nurse).');
    const row = screen.locator('[data-testid="user-row"][data-user-id="jdoe"]');
    await expect(row).toContainText('Jane Doe');
    await expect(row).toContainText('BADGE-0042');
    // The admin's own row offers no role change and no disable.
    const own = screen.locator('[data-testid="user-row"][data-user-id="admin"]');
    await expect(own.getByRole('combobox')).toHaveCount(0);
    await expect(own.getByTestId('disable-user')).toHaveCount(0);
    await signOut(page);

    // The new nurse, by badge, acknowledges an alarm; the trail names her.
    const deviceAlarmId = 'mon-bed-03-pvc';
    expect(host.station.ingestDeviceAlarm({ bedId: 'bed-03', code: 'PVC_RUN', message: 'PVC run', priority: 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId })).toBe(true);
    const alarmId = host.station.alarms.list().find((a) => a.bedId === 'bed-03' && a.code === 'PVC_RUN')!.alarmId;
    await signIn(page, 'BADGE-0042', '5829');
    await expect(page.getByTestId('signed-in')).toContainText('Jane Doe (nurse)');
    const alarm = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
    await alarm.getByTestId('acknowledge').click();
    await expect(alarm).toHaveAttribute('data-state', 'acknowledged');
    expect((await host.station.audit.query({ action: 'alarm.acknowledged', alarmId, limit: 5 })).rows).toEqual([expect.objectContaining({ userId: 'jdoe', role: 'nurse' })]);
    await signOut(page);

    // The admin disables her; her sign-in is refused.
    await signIn(page, 'admin', 'admin1234');
    screen = await openUsers(page);
    await screen.locator('[data-testid="user-row"][data-user-id="jdoe"]').getByTestId('disable-user').click();
    await expect(screen.locator('[data-testid="user-row"][data-user-id="jdoe"]')).toHaveAttribute('data-disabled', 'true');
    await signOut(page);
    await signIn(page, 'jdoe', '5829');
    await expect(page.getByTestId('sign-in').getByRole('alert')).toContainText('Sign-in failed');
    await expect(page.getByTestId('signed-in')).toHaveCount(0);

    const changes = (await host.station.audit.query({ action: 'config.changed', userId: 'admin', limit: 10 })).rows.map((r) => JSON.parse(r.details) as { change: string; user_id: string });
    expect(changes.map((c) => `${c.change} ${c.user_id}`).reverse()).toEqual(['user.added jdoe', 'user.disabled jdoe']);
  });

  test('an admin changes a nurse’s role and resets her PIN; a nurse and a charge nurse see no Users screen', async ({ page }) => {
    await signIn(page, 'nurse', '1234');
    await expect(page.getByTestId('signed-in')).toContainText('Training Nurse');
    await expect(page.getByTestId('open-users')).toHaveCount(0);
    await signOut(page);
    await signIn(page, 'charge', '1234');
    await expect(page.getByTestId('signed-in')).toContainText('Training Charge Nurse');
    await expect(page.getByTestId('open-users')).toHaveCount(0);
    await signOut(page);

    await signIn(page, 'admin', 'admin1234');
    const screen = await openUsers(page);
    const nurse = screen.locator('[data-testid="user-row"][data-user-id="nurse"]');
    await nurse.getByLabel('Role of nurse').selectOption('charge-nurse');
    await expect(screen.getByTestId('user-row-result')).toHaveText('Role is now charge nurse; their sessions were signed out.');
    await nurse.getByTestId('reset-pin').click();
    await screen.getByLabel('New PIN or password for nurse').fill('4711');
    await screen.getByRole('button', { name: 'Reset PIN', exact: true }).click();
    await expect(screen.getByTestId('user-row-result')).toHaveText('PIN reset; their sessions were signed out.');
    await signOut(page);

    await signIn(page, 'nurse', '1234');
    await expect(page.getByTestId('sign-in').getByRole('alert')).toContainText('Sign-in failed');
    await signIn(page, 'nurse', '4711');
    await expect(page.getByTestId('signed-in')).toContainText('Training Nurse (charge-nurse)');
  });
});
