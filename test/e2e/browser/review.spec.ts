import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { recordFromCsv, recordFromJsonLine, splitCsvLine, type ExportManifest } from '../../../electron/main/audit/export-format';
import { startStationHost, type StationHost } from '../../host/station-host';
import type { Hl7ListenerConnection } from '../../../electron/main/connections/hl7/hl7-listener-connection';
import { MllpClient, pcd04 } from '../../electron/main/connections/hl7/hl7-test-kit';
import { screenPixel } from './support/screen-pixel';
import { acknowledgeInAlarmBar, clickTileHeader, openBed, raiseDeviceAlarm, signIn, signOut } from './support/station-ui';

/**
 * The review screens end to end: bed detail (limits, confirmation, alarm
 * history), the audit viewer (filter, detail, verify, export) and the
 * station status screen, in the real renderer against the real station
 * core. Every wait is on something the page shows; none on time.
 */

function csvRows(text: string) {
  const lines = text.split('\r\n').filter((l) => l.length > 0);
  const header = splitCsvLine(lines[0]!);
  return lines.slice(1).map((line) => recordFromCsv(header, splitCsvLine(line)));
}

function jsonRows(text: string) {
  // One row per line between the opening and closing lines (and it parses as a whole, too).
  expect(() => JSON.parse(text)).not.toThrow();
  return text
    .split('\n')
    .filter((line) => line.startsWith('{"seq"'))
    .map(recordFromJsonLine);
}

test.describe('review screens at a workstation', () => {
  let host: StationHost;
  test.beforeEach(async ({ page }) => {
    host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 2 } } });
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
  });
  test.afterEach(async () => host?.close());

  test('a nurse’s acknowledgement is found in the audit viewer, verified and exported to CSV and JSON', async ({ page }) => {
    const alarmId = raiseDeviceAlarm(host, 'bed-02');
    await signIn(page, 'nurse', '1234');
    // A nurse may not review the audit trail: no button.
    await expect(page.getByTestId('open-audit')).toHaveCount(0);
    await acknowledgeInAlarmBar(page, alarmId);
    await signOut(page);

    await signIn(page, 'charge', '1234');
    await expect(page.getByTestId('open-admin')).toHaveCount(0);
    await page.getByTestId('open-audit').click();
    const viewer = page.getByTestId('audit-viewer');
    await expect(viewer).toBeVisible();
    await expect(viewer.getByTestId('chain-verified')).toContainText('Chain verified up to seq');

    // By alarm id: its onset (the station) and its acknowledgement (the nurse).
    await viewer.getByTestId('filter-alarm').fill(alarmId);
    await viewer.getByTestId('apply-filter').click();
    await expect(viewer.getByTestId('audit-total')).toHaveAttribute('data-total', '2');
    const ackRow = viewer.locator('[data-testid="audit-row"][data-action="alarm.acknowledged"][data-user="nurse"]');
    await expect(ackRow).toHaveCount(1);
    await expect(viewer.locator('[data-testid="audit-row"][data-action="alarm.onset"]')).toHaveCount(1);
    const ackSeq = Number(await ackRow.getAttribute('data-seq'));

    await ackRow.click();
    const detail = viewer.getByTestId('audit-detail');
    await expect(detail).toHaveAttribute('data-seq', String(ackSeq));
    await expect(detail).toContainText('alarm.acknowledged');
    await expect(detail).toContainText(alarmId);
    await expect(detail.getByTestId('audit-detail-json')).toContainText('"code": "PVC_RUN"');
    await expect(detail.getByTestId('audit-hash')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(detail.getByTestId('audit-prev-hash')).toHaveText(/^[0-9a-f]{64}$/);

    // And by action: the same row, alone.
    await viewer.getByTestId('filter-action').selectOption('alarm.acknowledged');
    await viewer.getByTestId('apply-filter').click();
    await expect(viewer.getByTestId('audit-total')).toHaveAttribute('data-total', '1');
    await expect(viewer.locator('[data-testid="audit-row"]')).toHaveCount(1);
    await viewer.getByTestId('filter-action').selectOption('');
    await viewer.getByTestId('apply-filter').click();
    await expect(viewer.getByTestId('audit-total')).toHaveAttribute('data-total', '2');
    await viewer.locator(`[data-testid="audit-row"][data-seq="${ackSeq}"]`).click();

    await viewer.getByTestId('verify-chain').click();
    await expect(viewer.getByTestId('verify-result')).toContainText('rows checked');
    await expect(viewer.getByTestId('chain-broken')).toHaveCount(0);
    await expect
      .poll(async () => Number(await viewer.getByTestId('chain-verified').getAttribute('data-verified-up-to')))
      .toBeGreaterThanOrEqual(ackSeq);
    await page.screenshot({ path: 'test-results/review-audit-viewer.png' });

    for (const format of ['csv', 'json'] as const) {
      await viewer.getByTestId(`export-${format}`).click();
      const result = viewer.getByTestId('export-result');
      await expect(result.getByTestId('export-rows')).toHaveText('2');
      const file = (await result.getByTestId('export-file').textContent())!;
      expect(file.endsWith(`.${format}`)).toBe(true);
      const text = readFileSync(file, 'utf8');
      const rows = format === 'csv' ? csvRows(text) : jsonRows(text);
      expect(rows.map((r) => r.action)).toEqual(['alarm.onset', 'alarm.acknowledged']);
      expect(rows[1]).toMatchObject({ seq: ackSeq, user_id: 'nurse', role: 'nurse', bed_id: 'bed-02', alarm_id: alarmId });

      const manifestFile = (await result.getByTestId('export-manifest-file').textContent())!;
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ExportManifest;
      expect(manifest).toMatchObject({
        format,
        rowCount: 2,
        firstSeq: rows[0]!.seq,
        lastSeq: ackSeq,
        firstHash: rows[0]!.hash,
        lastHash: rows[1]!.hash,
        fileSha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      });
      // What the screen showed is what the manifest says.
      await expect(result.getByTestId('export-first-hash')).toHaveText(manifest.firstHash!);
      await expect(result.getByTestId('export-last-hash')).toHaveText(manifest.lastHash!);
    }
    await page.screenshot({ path: 'test-results/review-audit-export.png' });

    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
  });

  test('a charge nurse changes the HR high limit through a confirmation; a nurse sees limits but cannot edit', async ({ page }) => {
    await signIn(page, 'charge', '1234');
    await openBed(page, 'bed-03');
    const detail = page.getByTestId('bed-detail');
    await expect(detail).toContainText('Bed 3');
    await expect(detail.getByTestId('limit-profile')).toHaveText('adult');
    const hrRow = () => detail.locator('[data-testid="limit-row"][data-parameter="hr"]');
    await expect(hrRow().getByTestId('limit-high')).toHaveText('120');
    await expect(hrRow().getByTestId('limit-low')).toHaveText('50');

    await hrRow().getByTestId('edit-limit').click();
    const editor = detail.getByTestId('limit-editor');
    await editor.getByTestId('edit-high').fill('130');
    await editor.getByTestId('review-limit').click();

    // Nothing is sent yet: the confirmation shows before → after.
    const confirmation = detail.getByTestId('change-confirmation');
    await expect(confirmation).toContainText('Confirm limit change – Bed 3');
    const changed = confirmation.locator('.change-line--changed');
    await expect(changed).toHaveCount(1);
    await expect(changed.locator('th')).toHaveText('HR high');
    await expect(changed.getByTestId('change-before')).toHaveText('120 bpm');
    await expect(changed.getByTestId('change-after')).toHaveText('130 bpm');
    expect(host.station.alarms.limitsOf('bed-03')!.parameters.hr.high).toBe(120);
    await page.screenshot({ path: 'test-results/review-bed-confirm.png' });

    await confirmation.getByTestId('confirm-change').click();
    await expect(detail.getByTestId('change-done')).toContainText('HR high 120 bpm → 130 bpm');
    await expect(hrRow().getByTestId('limit-high')).toHaveText('130');
    expect(host.station.alarms.limitsOf('bed-03')!.parameters.hr.high).toBe(130);
    await page.screenshot({ path: 'test-results/review-bed-detail.png' });

    // The audit viewer has the change with its before and after values.
    await page.getByTestId('open-audit').click();
    const viewer = page.getByTestId('audit-viewer');
    await viewer.getByTestId('filter-action').selectOption('limits.changed');
    await viewer.getByTestId('filter-bed').fill('bed-03');
    await viewer.getByTestId('apply-filter').click();
    await expect(viewer.getByTestId('audit-total')).toHaveAttribute('data-total', '1');
    await viewer.locator('[data-testid="audit-row"][data-action="limits.changed"][data-user="charge"]').click();
    const json = viewer.getByTestId('audit-detail-json');
    await expect(json).toContainText('"parameter": "hr"');
    await expect(json).toContainText('"high_before": 120');
    await expect(json).toContainText('"high_after": 130');
    await viewer.getByTestId('close-panel').click();

    await signOut(page);
    await signIn(page, 'nurse', '1234');
    await openBed(page, 'bed-03');
    await expect(hrRow().getByTestId('limit-high')).toHaveText('130');
    await expect(detail.getByTestId('edit-limit')).toHaveCount(0);
    await expect(detail.getByTestId('profile-select')).toHaveCount(0);
    // The station refuses a nurse's change even when the page asks directly.
    const refused = await page.evaluate(() =>
      (window as unknown as { vigil: { invoke(c: string, r: unknown): Promise<{ ok: boolean }> } }).vigil.invoke('limits:change', {
        bedId: 'bed-03',
        parameter: 'hr',
        high: 140,
        confirmed: true,
      }),
    );
    expect(refused.ok).toBe(false);
    expect(host.station.alarms.limitsOf('bed-03')!.parameters.hr.high).toBe(130);
  });

  test('the bed’s alarm history lists the onset and the nurse’s acknowledgement', async ({ page }) => {
    const alarmId = raiseDeviceAlarm(host, 'bed-01');
    await signIn(page, 'nurse', '1234');
    await acknowledgeInAlarmBar(page, alarmId);

    await openBed(page, 'bed-01');
    const history = page.getByTestId('alarm-history');
    const onset = history.locator(`[data-testid="history-row"][data-action="alarm.onset"][data-alarm-id="${alarmId}"]`);
    const acknowledged = history.locator(`[data-testid="history-row"][data-action="alarm.acknowledged"][data-alarm-id="${alarmId}"]`);
    await expect(onset).toContainText('Onset');
    await expect(onset).toContainText('PVC_RUN');
    await expect(onset).toContainText('** MEDIUM');
    await expect(onset).toContainText('Station');
    await expect(acknowledged).toContainText('Acknowledged');
    await expect(acknowledged).toContainText('nurse (nurse)');
    await expect(acknowledged.locator('.history-time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // A time range that ends before the alarm shows nothing.
    await history.getByTestId('history-to').fill('2000-01-01T00:00');
    await history.getByTestId('history-apply').click();
    await expect(history.getByTestId('history-row')).toHaveCount(0);
    // (The simulated bed has a patient: the history is the patient's by default.)
    await expect(history).toContainText(/No alarms (on this bed|for this patient) in this time range/);

    // Escape closes the detail; the wall never stopped.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('bed-detail')).toHaveCount(0);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
  });

  test('the station status screen counts a malformed request sent through the page’s API', async ({ page }) => {
    const send = () =>
      page.evaluate(() =>
        (window as unknown as { vigil: { invoke(c: string, r: unknown): Promise<{ ok: boolean; error?: string }> } }).vigil.invoke('alarm:acknowledge', { bogus: 1 }),
      );
    expect((await send()).ok).toBe(false);

    await signIn(page, 'viewer', '1234');
    await expect(page.getByTestId('open-audit')).toHaveCount(0);
    await expect(page.getByTestId('open-admin')).toHaveCount(0);
    await signOut(page);

    await signIn(page, 'admin', 'admin1234');
    await page.getByTestId('open-admin').click();
    const status = page.getByTestId('admin-status');
    const rejection = status.locator('[data-testid="admin-rejection"][data-source="ipc"]').filter({ hasText: 'alarm:acknowledge' });
    await expect(rejection.getByTestId('admin-rejection-count')).toHaveText('1');
    await expect(status.getByTestId('admin-audit-health')).toHaveText('OK');
    await expect(status.getByTestId('admin-connections-ok')).toBeVisible();
    await expect(status.getByTestId('admin-views')).toHaveText('1');
    await expect(status.getByTestId('admin-clock-ok')).toBeVisible();

    // Someone sets the station's clock an hour forward: listed (and audited), while the wall stays live.
    host.stepWallClock(3_600_000);
    await expect(status.getByTestId('admin-clock-change')).toHaveCount(1);
    await expect(status.getByTestId('admin-clock-change')).toContainText('clock changed by +3600 s');
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    await host.station.audit.flush();
    const clockRows = (await host.station.audit.query({ action: 'clock.changed', limit: 5 })).rows;
    // step_ms is measured (wall against monotonic), so it may be a millisecond off the step.
    expect(clockRows.map((r) => JSON.parse(r.details) as { change: string; step_ms: number })).toEqual([{ change: 'clock changed by +3600 s', step_ms: expect.closeTo(3_600_000, -1) }]);

    // The screen refreshes itself while open.
    expect((await send()).ok).toBe(false);
    await expect(rejection.getByTestId('admin-rejection-count')).toHaveText('2');
    await page.screenshot({ path: 'test-results/review-admin-status.png' });

    await status.getByTestId('close-panel').click();
    await expect(status).toHaveCount(0);
  });

  test('a bed whose devices flood: its HIGH still shows at once, and IT sees the bed throttled and named', async ({ page }) => {
    for (let i = 0; i < 150; i++) {
      host.station.ingestDeviceAlarm({ bedId: 'bed-03', code: `FLOOD_${i}`, message: `Flood ${i}`, priority: 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId: `flood-${i}` });
    }
    expect(host.station.alarms.list().filter((a) => a.code === 'ALARM_FLOOD').map((a) => a.bedId)).toEqual(['bed-03']);
    host.station.ingestDeviceAlarm({ bedId: 'bed-03', code: 'VF', message: 'V-Fib', priority: 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId: 'flood-vf' });
    await expect(page.locator('[data-header-of="bed-03"] [data-testid="tile-alarm"]')).toContainText('V-Fib');
    // The page's list is the station's: every alarm is in the bar (rows and the count of the rest).
    const shown = host.station.alarms.list().filter((a) => a.state !== 'resolved' || a.latching).length;
    await expect(page.getByTestId('alarm-more')).toContainText(`+${shown - 2} more alarms`);

    await signIn(page, 'admin', 'admin1234');
    await page.getByTestId('open-admin').click();
    const flood = page.getByTestId('admin-alarm-flood');
    const bed = flood.locator('[data-testid="admin-alarm-flood-bed"][data-bed="bed-03"]');
    await expect(bed).toContainText('THROTTLED');
    await expect(flood.getByTestId('admin-alarm-delayed')).toContainText(/^\d+ \/ \d+$/);
    expect(host.station.status().alarmFlood.delayed).toBeGreaterThan(0);
  });

  test('a tile in alarm reached with the keyboard shows its focus ring round it and opens with Enter', async ({ page }) => {
    host.station.ingestDeviceAlarm({ bedId: 'bed-02', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'focus-vt' });
    await expect(page.locator('[data-frame-of="bed-02"]')).toHaveCount(1);
    const tile = page.locator('[data-bed-id="bed-02"]');
    await tile.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(tile).toBeFocused();
    // The ring is drawn in the gap round the tile: inside it, the alarm frame would cover it.
    const box = (await tile.boundingBox())!;
    const ring = await screenPixel(page, box.x + box.width / 2, box.y + box.height + 1.5);
    expect(Math.min(ring.r, ring.g, ring.b), 'focus ring is white').toBeGreaterThan(200);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('bed-detail')).toContainText('Bed 2');
  });

  test('signing out closes the audit viewer', async ({ page }) => {
    await signIn(page, 'charge', '1234');
    await page.getByTestId('open-audit').click();
    await expect(page.getByTestId('audit-viewer')).toBeVisible();
    await signOut(page);
    await expect(page.getByTestId('audit-viewer')).toHaveCount(0);
    await signIn(page, 'admin', 'admin1234');
    await expect(page.getByTestId('audit-viewer')).toHaveCount(0);
  });
});

test('the station status screen lists every connection in one shape: the back end, the HL7 device listener and the ADT feed, each with its state, facts and warnings', async ({ page }) => {
  const beds = [1, 2].map((n) => ({ bedId: `icu4-0${n}`, label: `Bed ${n}`, patient: null }));
  const host = await startStationHost({
    config: {
      // A back end nobody answers: a real unit (no training accounts) whose gateway is down.
      feed: { kind: 'gateway', urls: ['http://127.0.0.1:1'], token: 'token-123456' },
      beds,
      hl7: { port: 0, rateLimit: { messagesPerSecond: 1, burst: 1 }, bedMap: [{ bedId: 'icu4-01', location: 'ICU4^^BED20' }] },
      adt: { port: 0, bedMap: [{ bedId: 'icu4-02', location: 'ICU4^^BED02' }] },
    },
  });
  // The real unit's first admin, as `--init-admin` makes one.
  await host.station.users.addUser({ userId: 'it-admin', displayName: 'IT Admin', role: 'admin', badgeId: null, secret: 'it-admin-password' }, 'initial-setup');
  const client = await MllpClient.connect((host.station.connections.get('hl7-listener') as Hl7ListenerConnection).port!);
  try {
    // A monitor over its rate: the second alarm is refused (AE) and must be resent.
    expect((await client.request(pcd04('RATE-1', { alertId: 'r-1' }))).code).toBe('AA');
    expect((await client.request(pcd04('RATE-2', { alertId: 'r-2' }))).code).toBe('AE');
    await page.goto(host.url);
    await signIn(page, 'it-admin', 'it-admin-password', 'IT Admin');
    await page.getByTestId('open-admin').click();
    const status = page.getByTestId('admin-status');
    const connection = (name: string) => status.locator(`[data-testid="admin-connection"][data-connection="${name}"]`);
    await expect(connection('gateway')).toHaveAttribute('data-state', 'down');
    await expect(connection('gateway')).toContainText('Hospital back end');
    await expect(connection('gateway')).toContainText('Journal position kept in');
    await expect(connection('hl7-listener')).toHaveAttribute('data-state', 'up');
    await expect(connection('hl7-listener')).toContainText('HL7 devices (PCD-01/PCD-04)');
    await expect(connection('hl7-listener')).toContainText('plain MLLP, this machine only');
    await expect(connection('hl7-listener').getByTestId('admin-connection-warning')).toHaveText('Sender 127.0.0.1 is over its message rate: 1 message refused (AE, to be sent again)');
    await expect(connection('adt')).toHaveAttribute('data-state', 'up');
    await expect(connection('adt')).toContainText('ADT feed (admissions)');
    await expect(connection('adt')).toContainText('Events applied (changed the census / nothing to do here)');
    await expect(connection('adt').getByTestId('admin-connection-warning')).toHaveCount(0);
  } finally {
    await client.close();
    await host.close();
  }
});

test.describe('kiosk wall', () => {
  test('a tile opens nothing and there are no review buttons', async ({ page }) => {
    const host = await startStationHost({ wallMode: true, config: { feed: { kind: 'simulator', beds: 4, seed: 2 } } });
    try {
      await page.goto(host.url);
      await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
      await clickTileHeader(page, 'bed-01');
      await expect(page.locator('[data-bed-id="bed-01"]')).not.toHaveAttribute('role', 'button');
      await expect(page.getByTestId('bed-detail')).toHaveCount(0);
      await expect(page.getByTestId('open-audit')).toHaveCount(0);
    } finally {
      await host.close();
    }
  });
});

/**
 * The widest NIBP reading (three 3-digit pressures) at the wall sizes where
 * it used to be cut off, and at the 64-bed limit: every numeric must fit its
 * box. Values come in through the station like a PCD-01 feed's would.
 */
for (const { beds, width, height } of [
  { beds: 4, width: 1600, height: 900 },
  { beds: 16, width: 1600, height: 900 },
  { beds: 16, width: 1920, height: 1080 },
  { beds: 64, width: 1920, height: 1080 },
]) {
  test(`NIBP fits its tile: ${beds} beds at ${width}×${height}`, async ({ page }) => {
    const host = await startStationHost({ config: { feed: { kind: 'simulator', beds, seed: 4 } } });
    try {
      await page.setViewportSize({ width, height });
      await page.goto(host.url);
      await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(beds);
      const widest = page.locator('[data-testid="numeric-nibp"] .numeric-value', { hasText: '188/128 (148)' });
      // Sent again on each poll: the simulator's own cuff readings may replace some meanwhile.
      await expect
        .poll(async () => {
          const measuredAt = host.station.snapshot().generatedAt;
          for (const bed of host.station.beds) {
            host.station.ingestNumerics(
              bed.bedId,
              [
                { kind: 'nibpSys', value: 188, measuredAt },
                { kind: 'nibpDia', value: 128, measuredAt },
                { kind: 'nibpMean', value: 148, measuredAt },
              ],
              { sender: 'e2e:cuff', sentAt: measuredAt },
            );
          }
          return widest.count();
        })
        .toBe(beds);
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.numerics .numeric')]
          .filter((e) => e.scrollWidth > e.clientWidth + 0.5 || e.scrollHeight > e.clientHeight + 0.5)
          .map((e) => `${e.closest('[data-bed-id]')?.getAttribute('data-bed-id')}:${e.dataset['testid']} ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`),
      );
      expect(clipped).toEqual([]);
      await page.screenshot({ path: `test-results/nibp-fit-${beds}-beds-${width}.png` });
    } finally {
      await host.close();
    }
  });
}
