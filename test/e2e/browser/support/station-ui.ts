import { expect, type Page } from '@playwright/test';
import type { StationHost } from '../../../host/station-host';

/** What the browser specs do at a workstation the way a nurse would (shared by the specs). */
const DISPLAY_NAME: Record<string, string> = {
  nurse: 'Training Nurse',
  charge: 'Training Charge Nurse',
  admin: 'Training Admin',
  viewer: 'Training Viewer',
};

/** `displayName`: who the header then names (default: the training account's). */
export async function signIn(page: Page, user: string, pin: string, displayName = DISPLAY_NAME[user]!): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.getByLabel('User or badge').fill(user);
  await form.getByLabel('PIN or password').fill(pin);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toContainText(displayName);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
}

/** An alarm as a bedside monitor would report it (a MEDIUM PVC run unless told otherwise); returns its station alarm id. */
export function raiseDeviceAlarm(
  host: StationHost,
  bedId: string,
  alarm: { code?: string; message?: string; priority?: 'HIGH' | 'MEDIUM' | 'LOW'; deviceAlarmId?: string } = {},
): string {
  const code = alarm.code ?? 'PVC_RUN';
  const deviceAlarmId = alarm.deviceAlarmId ?? `mon-${bedId}-${code.toLowerCase()}`;
  expect(
    host.station.ingestDeviceAlarm({ bedId, code, message: alarm.message ?? 'PVC run', priority: alarm.priority ?? 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId }),
  ).toBe(true);
  return host.station.alarms.list().filter((a) => a.bedId === bedId && a.code === code).at(-1)!.alarmId;
}

export async function acknowledgeInAlarmBar(page: Page, alarmId: string): Promise<void> {
  const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
  await row.getByTestId('acknowledge').click();
  await expect(row).toHaveAttribute('data-state', 'acknowledged');
}

export async function openBed(page: Page, bedId: string): Promise<void> {
  await clickTileHeader(page, bedId);
  await expect(page.getByTestId('bed-detail')).toBeVisible();
}

/**
 * Clicks a tile where a nurse would, on its header line. The header is drawn
 * in the wall's header layer over the tile and lets the pointer through, so
 * the click must land on the tile (Playwright checks the element hit).
 */
export async function clickTileHeader(page: Page, bedId: string): Promise<void> {
  const header = await page.locator(`[data-header-of="${bedId}"]`).boundingBox();
  await page.locator(`[data-bed-id="${bedId}"]`).click({ position: { x: header!.width / 2, y: header!.height / 2 } });
}

