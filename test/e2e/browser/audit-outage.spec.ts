import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { AuditStore } from '../../../electron/main/audit/audit-store';
import { startStationHost, type StationHost } from '../../host/station-host';
import { auditWorkerEntryForTests } from '../../electron/main/audit/audit-worker-entry-for-tests';
import { openBed } from './support/station-ui';

/**
 * The audit store failing, as people at the station see it: a nurse still
 * signs in, acknowledges and pauses, each answer says "recorded in the
 * fallback journal", the alarm names the store, and IT's status screen says
 * what is wrong and what to do. And the Verify button's progress bar on a
 * long chain.
 */
const ROOT = resolve(__dirname, '../../..');
const BEDS = { feed: { kind: 'simulator', beds: 4, seed: 2 } } as const;

async function signIn(page: Page, user: string, pin: string, name: string): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.getByLabel('User or badge').fill(user);
  await form.getByLabel('PIN or password').fill(pin);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toContainText(name);
}

/** A data folder a station has run in (chain, key, training accounts), then stopped. */
async function dataDirThatRan(): Promise<string> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'vigil-e2e-outage-')), 'data');
  const first = await startStationHost({ config: BEDS, dataDir });
  await first.close();
  return dataDir;
}

test.describe('the audit store unusable, at the station', () => {
  let host: StationHost | null = null;
  let dataDir = '';
  test.afterEach(async () => {
    await host?.close();
    host = null;
    for (const dir of [dataDir, `${dataDir}-audit-journal`, `${dataDir}-audit-key`]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a corrupt audit.sqlite: sign-in, acknowledgement and pause are done and say “recorded in the fallback journal”', async ({ page }) => {
    dataDir = await dataDirThatRan();
    writeFileSync(join(dataDir, 'audit.sqlite'), Buffer.alloc(16_384, 0x42));
    host = await startStationHost({ config: BEDS, dataDir });
    await page.goto(host.url);

    // The alarm names the store, what is wrong, and where actions go.
    const auditAlarm = page.locator('[data-testid="alarm-row"]').filter({ hasText: 'audit.sqlite is corrupt' });
    await expect(auditAlarm).toContainText('actions go to the fallback journal. IT: restore it from backup');
    await expect(page.locator('[data-testid="alarm-row"]').filter({ hasText: 'User file' })).toHaveCount(0);

    await signIn(page, 'nurse', '1234', 'Training Nurse');
    const notice = page.getByTestId('journal-notice');
    await expect(notice).toContainText('Signed in: recorded in the fallback journal');

    const alarmId = host.station.alarms.raiseTechnical('NO_DATA', { bedId: 'bed-02' });
    const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
    await row.getByTestId('acknowledge').click();
    await expect(row).toHaveAttribute('data-state', 'acknowledged');
    await expect(notice).toContainText('Acknowledged: recorded in the fallback journal');

    await page.getByTestId('audio-pause').click();
    await expect(page.getByTestId('audio-paused')).toBeVisible();
    await expect(notice).toContainText('Audio paused: recorded in the fallback journal');
    await page.screenshot({ path: 'test-results/audit-outage-journal-notice.png' });
    await page.getByTestId('sign-out').click();

    // IT's screen: the file, what is wrong, what to do.
    await signIn(page, 'admin', 'admin1234', 'Training Admin');
    await page.getByTestId('open-admin').click();
    const status = page.getByTestId('admin-status');
    await expect(status.getByTestId('admin-audit-durability')).toHaveText('the fallback journal (audit store unavailable)');
    const problem = status.locator('[data-testid="admin-audit-problem"][data-code="store-unavailable"]');
    await expect(problem).toContainText(join(dataDir, 'audit.sqlite'));
    await expect(problem).toContainText('is corrupt');
    await expect(problem).toContainText('restore it from backup');
  });

  test('an admin’s new user and a charge nurse’s quit are done, and each says it is recorded in the fallback journal', async ({ page }) => {
    dataDir = await dataDirThatRan();
    writeFileSync(join(dataDir, 'audit.sqlite'), Buffer.alloc(16_384, 0x42));
    host = await startStationHost({ config: BEDS, dataDir });
    await page.goto(host.url);

    await signIn(page, 'admin', 'admin1234', 'Training Admin');
    await page.getByTestId('open-users').click();
    const form = page.getByTestId('user-admin').getByTestId('add-user');
    await form.getByLabel('User id').fill('jdoe');
    await form.getByLabel('Display name').fill('Jane Doe');
    await form.getByLabel('Role').selectOption('nurse');
    await form.getByLabel('PIN or password').fill('5829');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(form.getByTestId('add-user-result')).toHaveText('Added jdoe (nurse).');
    await expect(page.getByTestId('journal-notice')).toContainText('User added: recorded in the fallback journal');
    await page.getByTestId('sign-out').click();

    await signIn(page, 'charge', '1234', 'Training Charge Nurse');
    host.station.requestQuit('menu');
    await page.getByTestId('confirm-quit').click();
    await expect(page.getByTestId('quit-closing')).toContainText('The quit is recorded in the fallback journal');
    expect(await host.quitApproved).toMatchObject({ userId: 'charge' });
  });

  test('a charge nurse’s discharge is done, and says it is recorded in the fallback journal', async ({ page }) => {
    dataDir = await dataDirThatRan();
    writeFileSync(join(dataDir, 'audit.sqlite'), Buffer.alloc(16_384, 0x42));
    host = await startStationHost({ config: BEDS, dataDir });
    await page.goto(host.url);

    await signIn(page, 'charge', '1234', 'Training Charge Nurse');
    await openBed(page, 'bed-03');
    await page.getByTestId('bed-patient').getByTestId('patient-discharge').click();
    await page.getByTestId('patient-discharge-confirm').click();
    await expect(page.locator('[data-header-of="bed-03"]').getByTestId('tile-patient')).toHaveText('No patient');
    await expect(page.getByTestId('journal-notice')).toContainText('Patient discharged: recorded in the fallback journal');
  });

  test('a corrupt audit.sqlite: a strip printed and a WFDB export from a bed’s history say “recorded in the fallback journal”', async ({ page }) => {
    dataDir = await dataDirThatRan();
    writeFileSync(join(dataDir, 'audit.sqlite'), Buffer.alloc(16_384, 0x42));
    host = await startStationHost({ config: BEDS, dataDir });
    await page.addInitScript(() => {
      window.print = () => undefined;
    });
    await page.goto(host.url);
    for (let i = 0; i < 12; i++) {
      host.advanceClock(1_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    await signIn(page, 'charge', '1234', 'Training Charge Nurse');
    await openBed(page, 'bed-03');
    await page.getByTestId('open-full-disclosure').click();
    await expect(page.getByTestId('strip-canvas')).not.toHaveAttribute('data-drawn', '0');
    const notice = page.getByTestId('journal-notice');
    await page.getByTestId('strip-print').click();
    await expect(page.getByTestId('print-sheet').getByTestId('print-bed')).toHaveText('Bed 3');
    await expect(notice).toContainText('Strip printed: recorded in the fallback journal');
    await page.getByTestId('export-minutes').selectOption('1');
    await page.getByTestId('strip-export').click();
    await expect(notice).toContainText('WFDB exported: recorded in the fallback journal');
  });
});

test.describe('verifying a long chain', () => {
  let host: StationHost | null = null;
  let dataDir = '';
  test.afterEach(async () => {
    await host?.close();
    for (const dir of [dataDir, `${dataDir}-audit-journal`, `${dataDir}-audit-key`]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the Verify button walks the whole chain with a progress bar, and reports the signed heads', async ({ page }) => {
    test.setTimeout(180_000);
    dataDir = await dataDirThatRan();
    // 400,000 more rows in the station's own chain (same key, same last head).
    const store = await AuditStore.open({
      file: join(dataDir, 'audit.sqlite'),
      stationId: 'station-1',
      projectRoot: ROOT,
      workerEntry: auditWorkerEntryForTests(),
      keyDir: `${dataDir}-audit-key`,
      journalDir: `${dataDir}-audit-journal`,
      walCheckpointer: false,
      firstFullVerifyAfterMs: null,
    });
    for (let i = 0; i < 400_000; i++) {
      store.record({ action: 'alarm.onset', bedId: `bed-0${(i % 4) + 1}`, alarmId: `seed-${i}`, details: { i } });
      if (i % 5_000 === 4_999) await store.flush();
    }
    await store.close();
    renameSync(join(dataDir, 'audit.sqlite'), join(dataDir, 'audit.sqlite.tmp'));
    renameSync(join(dataDir, 'audit.sqlite.tmp'), join(dataDir, 'audit.sqlite'));

    host = await startStationHost({ config: BEDS, dataDir });
    await page.goto(host.url);
    await signIn(page, 'charge', '1234', 'Training Charge Nurse');
    await page.getByTestId('open-audit').click();
    const viewer = page.getByTestId('audit-viewer');
    await viewer.getByTestId('verify-chain').click();
    const progress = viewer.getByTestId('verify-progress');
    await expect(progress).toBeVisible();
    await expect.poll(async () => Number(await progress.getAttribute('data-done'))).toBeGreaterThan(0);
    expect(Number(await progress.getAttribute('data-total'))).toBeGreaterThan(400_000);
    await page.screenshot({ path: 'test-results/audit-verify-progress.png' });
    await expect(viewer.getByTestId('verify-result')).toContainText('rows checked', { timeout: 60_000 });
    await expect(viewer.getByTestId('verify-result')).toContainText('signed heads');
    await expect(progress).toHaveCount(0);
  });
});
