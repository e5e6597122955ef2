import { expect, test, type Locator, type Page } from '@playwright/test';
import { mintOperator } from '../../../electron/main/auth/operator';
import { startStationHost, type StationHost } from '../../host/station-host';
import { openBed, raiseDeviceAlarm, signIn, signOut } from './support/station-ui';
import { inkCoverage, waitForWaveformInk } from './support/waveform-ink';

/**
 * Patients on the wall, end to end in the real renderer against the real
 * station core: a charge nurse admits, transfers and discharges at the
 * station and the tiles follow without moving; a nurse cannot change the
 * census; care groups fit the wall to the group and bring other groups'
 * HIGH alarms into the "other beds" strip. Waits are on what the page shows.
 */
const charge = mintOperator({ userId: 'charge', role: 'charge-nurse', sessionId: 'test-setup', permission: 'census-edit' });

/** Empties a bed of the simulated unit (its pseudonymous patient) as test set-up. */
async function emptyBed(host: StationHost, bedId: string): Promise<void> {
  const encounterId = host.station.census.encounterIdIn(bedId);
  if (encounterId) await host.station.census.discharge(bedId, encounterId, charge);
}

/** Fills in the open bed's admission form as a charge nurse would and submits it; returns the patient section. */
async function admitThroughForm(page: Page, p: { family: string; given: string; mrn: string; dob: string }, beforeSubmit?: (form: Locator) => Promise<void>): Promise<Locator> {
  const patient = page.getByTestId('bed-patient');
  await patient.getByTestId('patient-admit').click();
  await patient.getByTestId('patient-family').fill(p.family);
  await patient.getByTestId('patient-given').fill(p.given);
  await patient.getByTestId('patient-mrn').fill(p.mrn);
  await patient.getByTestId('patient-dob').fill(p.dob);
  await beforeSubmit?.(patient);
  await patient.getByTestId('patient-submit').click();
  return patient;
}

const header = (page: Page, bedId: string) => page.locator(`[data-header-of="${bedId}"]`);
const tileBox = (page: Page, bedId: string) => page.locator(`[data-bed-id="${bedId}"]`).boundingBox();

test.describe('patients at a workstation', () => {
  let host: StationHost;
  test.beforeEach(async () => {
    host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 5 } } });
    await emptyBed(host, 'bed-02');
    await emptyBed(host, 'bed-03');
  });
  test.afterEach(async () => host?.close());

  test('a charge nurse admits a patient: the tile shows them, with category and age; neither admission nor discharge moves the tile or blanks its traces', async ({ page }) => {
    await page.goto(host.url);
    await expect(header(page, 'bed-02').getByTestId('tile-patient')).toHaveText('No patient');
    await waitForWaveformInk(page, 'bed-02', 0.5);
    const before = await tileBox(page, 'bed-02');
    const headerBefore = await header(page, 'bed-02').boundingBox();

    await signIn(page, 'charge', '1234');
    await openBed(page, 'bed-02');
    const patient = await admitThroughForm(page, { family: 'Okonkwo', given: 'Chidi', mrn: 'H-204431', dob: '2019-06-15' }, async (form) => {
      // The category follows the date of birth until someone picks one.
      await expect(form.getByTestId('patient-category')).toHaveValue('paediatric');
    });

    await expect(header(page, 'bed-02').getByTestId('tile-patient')).toHaveText('Okonkwo, Chidi');
    await expect(header(page, 'bed-02').getByTestId('tile-category')).toHaveText(/^Paed \d+ y$/);
    await expect(patient.getByTestId('patient-record')).toContainText('H-204431');
    // The bed's limits are the paediatric default now (reset on admission, audited).
    await expect(page.getByTestId('bed-limits')).toContainText('paediatric');
    expect(host.station.alarms.limitsOf('bed-02')?.profile).toBe('paediatric');
    expect(await tileBox(page, 'bed-02')).toEqual(before);
    expect(await header(page, 'bed-02').boundingBox()).toEqual(headerBefore);
    // The traces were not blanked: the sweep's ink is still across the tile.
    expect(await inkCoverage(page, 'bed-02')).toBeGreaterThan(0.4);

    // Discharge: the same tile, the same place, the same traces.
    await patient.getByTestId('patient-discharge').click();
    await page.getByTestId('patient-discharge-confirm').click();
    await expect(header(page, 'bed-02').getByTestId('tile-patient')).toHaveText('No patient');
    expect(await tileBox(page, 'bed-02')).toEqual(before);
    expect(await header(page, 'bed-02').boundingBox()).toEqual(headerBefore);
    expect(await inkCoverage(page, 'bed-02')).toBeGreaterThan(0.4);
  });

  test('a transfer moves the patient and their alarm history; a discharge leaves "No patient" (and the bed still alarms)', async ({ page }) => {
    await page.goto(host.url);
    await signIn(page, 'charge', '1234');
    await openBed(page, 'bed-02');
    const patient = await admitThroughForm(page, { family: 'Ferreira', given: 'Ines', mrn: 'H-300100', dob: '1958-02-11' });
    await expect(header(page, 'bed-02').getByTestId('tile-patient')).toHaveText('Ferreira, Ines');

    // An alarm while she is in bed 2.
    const alarmId = raiseDeviceAlarm(host, 'bed-02', { code: 'VT', message: 'V-Tach', priority: 'HIGH' });
    await expect(page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`)).toBeVisible();
    await host.station.audit.flush();

    await patient.getByTestId('patient-transfer').click();
    await patient.getByTestId('patient-transfer-target').selectOption('bed-03');
    await patient.getByTestId('patient-transfer-confirm').click();
    await expect(header(page, 'bed-03').getByTestId('tile-patient')).toHaveText('Ferreira, Ines');
    await expect(header(page, 'bed-02').getByTestId('tile-patient')).toHaveText('No patient');
    await page.keyboard.press('Escape');

    // Bed 3's history is hers, with the alarm from bed 2.
    await openBed(page, 'bed-03');
    const history = page.getByTestId('alarm-history');
    await expect(history).toHaveAttribute('data-scope', 'patient');
    const onset = history.locator(`[data-testid="history-row"][data-action="alarm.onset"][data-alarm-id="${alarmId}"]`);
    await expect(onset).toContainText('VT');
    await expect(onset.getByTestId('history-bed')).toHaveText('Bed 2');
    // Bed 2's own history still has it; bed 3's own history does not.
    await history.getByTestId('history-scope-bed').click();
    await expect(history.locator(`[data-alarm-id="${alarmId}"]`)).toHaveCount(0);

    await page.getByTestId('bed-patient').getByTestId('patient-discharge').click();
    await page.getByTestId('patient-discharge-confirm').click();
    await expect(header(page, 'bed-03').getByTestId('tile-patient')).toHaveText('No patient');
    await expect(header(page, 'bed-03').getByTestId('tile-patient')).toHaveAttribute('data-patient-state', 'empty');
    // No patient, still monitored: an alarm on the empty bed is shown on its tile.
    raiseDeviceAlarm(host, 'bed-03', { code: 'ASYSTOLE', message: 'Asystole', priority: 'HIGH' });
    await expect(header(page, 'bed-03').getByTestId('tile-alarm')).toContainText('Asystole');
  });

  test('a nurse sees the patient but cannot admit, and the station refuses it when asked directly', async ({ page }) => {
    await page.goto(host.url);
    await signIn(page, 'nurse', '1234');
    await openBed(page, 'bed-01');
    await expect(page.getByTestId('patient-record')).toBeVisible();
    await expect(page.getByTestId('patient-edit')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await openBed(page, 'bed-02');
    await expect(page.getByTestId('patient-summary')).toHaveText('No patient');
    await expect(page.getByTestId('patient-admit')).toHaveCount(0);
    const refused = await page.evaluate(() =>
      (window as unknown as { vigil: { invoke(c: string, r: unknown): Promise<{ ok: boolean; error?: string }> } }).vigil.invoke('census:admit', {
        bedId: 'bed-02',
        patient: { mrn: { id: 'H-1' }, family: 'Nope', given: 'Nope', dob: null, sex: 'U', category: 'adult' },
      }),
    );
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/nurse may not/i) });
    expect(host.station.census.occupant('bed-02')).toBeNull();
    await signOut(page);
  });
});

test.describe('care groups', () => {
  test('the wall fits its group; another group\'s HIGH alarm shows in the other-beds strip and one click opens that bed', async ({ page }) => {
    const host = await startStationHost({
      config: {
        feed: { kind: 'simulator', beds: 8, seed: 6 },
        careGroups: {
          groups: [
            { id: 'north', name: 'North', beds: ['bed-01', 'bed-02', 'bed-03', 'bed-04'] },
            { id: 'south', name: 'South', beds: ['bed-05', 'bed-06', 'bed-07', 'bed-08'] },
          ],
          show: 'north',
        },
      },
    });
    try {
      await page.goto(host.url);
      await expect(page.getByTestId('care-group-name')).toHaveText('North');
      await expect(page.getByTestId('bed-tile')).toHaveCount(4);
      await expect(page.locator('[data-bed-id="bed-06"]')).toHaveCount(0);
      const wallBox = (await page.getByTestId('wall').boundingBox())!;
      const tile = (await tileBox(page, 'bed-01'))!;
      // Four beds fill the wall: each tile takes about a quarter of it.
      expect(tile.width * tile.height).toBeGreaterThan((wallBox.width * wallBox.height) / 5);
      await expect(page.getByTestId('other-beds-quiet')).toBeVisible();
      const stripBox = await page.getByTestId('other-beds').boundingBox();

      // South's MEDIUM stays with South; its HIGH comes here.
      raiseDeviceAlarm(host, 'bed-07', { code: 'PVC_RUN', message: 'PVC run', priority: 'MEDIUM' });
      const asystole = raiseDeviceAlarm(host, 'bed-06', { code: 'ASYSTOLE', message: 'Asystole', priority: 'HIGH' });
      const entry = page.locator(`[data-testid="other-bed"][data-alarm-id="${asystole}"]`);
      await expect(entry).toContainText('*** Bed 6 Asystole');
      await expect(page.getByTestId('other-bed')).toHaveCount(1);
      await expect(page.locator(`[data-testid="alarm-row"][data-alarm-id="${asystole}"]`)).toHaveCount(0);
      // The strip never moves the wall.
      expect(await page.getByTestId('other-beds').boundingBox()).toEqual(stripBox);
      expect(await tileBox(page, 'bed-01')).toEqual(tile);

      // A nurse here may not acknowledge South's alarm; the strip offers her none.
      await signIn(page, 'nurse', '1234');
      await expect(entry.getByTestId('other-bed-acknowledge')).toHaveCount(0);
      await entry.getByTestId('other-bed-open').click();
      const detail = page.getByTestId('bed-detail');
      await expect(detail).toContainText('Bed 6');
      await expect(detail.getByTestId('other-group-bed')).toContainText('care group South');
      await expect(detail.getByTestId('other-group-alarm')).toContainText('Asystole');
      await page.screenshot({ path: 'test-results/care-group-wall.png' });
      await page.keyboard.press('Escape');
      await signOut(page);

      // A charge nurse may, from the strip.
      await signIn(page, 'charge', '1234');
      await entry.getByTestId('other-bed-acknowledge').click();
      await expect(page.getByTestId('other-bed')).toHaveCount(0);
      expect(host.station.alarms.list().find((a) => a.alarmId === asystole)?.acknowledged).toBe(true);
    } finally {
      await host.close();
    }
  });
});

test.describe('display modes', () => {
  test('an admin switches the station to bed-only: tiles keep category and age and lose the name (and the page never receives it)', async ({ page }) => {
    const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 9 } } });
    try {
      await page.goto(host.url);
      const family = host.station.census.occupant('bed-01')!.patient.family;
      await expect(header(page, 'bed-01').getByTestId('tile-patient')).toContainText(family);
      await signIn(page, 'admin', 'admin1234');
      await page.getByTestId('open-admin').click();
      await expect(page.getByTestId('admin-connections').or(page.getByText('No connections configured'))).toBeVisible();
      await page.getByTestId('patient-display-bed-only').click();
      await expect(header(page, 'bed-01').getByTestId('tile-patient')).toHaveText('');
      await expect(header(page, 'bed-01').getByTestId('tile-category')).toHaveText(/^Adult \d+ y$/);
      const snapshot = await page.evaluate(() =>
        (window as unknown as { vigil: { invoke(c: string, r: unknown): Promise<{ value: unknown }> } }).vigil.invoke('unit:get-snapshot', {}),
      );
      expect(JSON.stringify(snapshot)).not.toContain(family);
      await page.getByTestId('patient-display-initials-mrn').click();
      await expect(header(page, 'bed-01').getByTestId('tile-patient')).toHaveText(new RegExp(`^${family[0]}\\.[A-Z]\\. ·`));
    } finally {
      await host.close();
    }
  });
});
