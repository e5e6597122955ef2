import { expect, test, type Page } from '@playwright/test';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import { startStationHost, type StationHost } from '../../host/station-host';
import { hexColour, screenPixel } from './support/screen-pixel';

/**
 * Alarms end to end: the main process decides (the real engine in the test
 * host), the real renderer shows them and sounds them on a real-time
 * AudioContext in Chromium, and operator actions are audited. Scenario time
 * runs faster by advancing the station's clock, never by sleeping.
 */

interface AudioDiagnostics {
  contextState: string;
  playing: { alarmId: string; priority: string; escalationLevel: number } | null;
  burstsScheduled: number;
  outputRms: number;
}

function diagnostics(page: Page): Promise<AudioDiagnostics> {
  return page.evaluate(() => (window as unknown as { __vigilDiagnostics: { audio(): AudioDiagnostics } }).__vigilDiagnostics.audio());
}

/** Real (wall-clock) time at which the station first lists a HIGH SpO2 alarm on `bedId`. */
function whenHighSpo2(host: StationHost, bedId: string): Promise<{ alarm: AlarmCondition; realAt: number }> {
  return new Promise((resolve) => {
    const stop = host.station.alarms.onChange((update) => {
      const alarm = update.changed.find((a) => a.bedId === bedId && a.code === 'SPO2_EXTREME_LOW');
      if (!alarm) return;
      stop();
      resolve({ alarm, realAt: Date.now() });
    });
  });
}

/** Runs the desaturation scenario on `bedId` in fast-forward until its HIGH alarm is raised. */
async function desaturate(host: StationHost, bedId: string): Promise<{ alarm: AlarmCondition; realAt: number }> {
  const raised = whenHighSpo2(host, bedId);
  host.station.triggerScenario({ scenario: 'desaturation', bedId, seed: 5 });
  let done = false;
  void raised.then(() => (done = true));
  // 2 s of station time per real 50 ms: the 30-60 s ramp plus the condition delay pass in a few seconds.
  for (let i = 0; i < 200 && !done; i++) {
    host.advanceClock(2000);
    await new Promise((r) => setTimeout(r, 50));
  }
  return raised;
}

/** Resolves after the station has run `count` more ticks (each sends a waveform frame). */
function stationTicks(host: StationHost, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const { detach } = host.station.attach({
      event: () => undefined,
      waveformFrame: () => {
        if (++seen < count) return;
        detach();
        resolve();
      },
    });
  });
}

async function signIn(page: Page, user: string, pin: string): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.getByLabel('User or badge').fill(user);
  await form.getByLabel('PIN or password').fill(pin);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toContainText(user === 'nurse' ? 'Training Nurse' : user);
}

test.describe('workstation', () => {
  let host: StationHost;
  test.beforeEach(async () => {
    host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 2 } } });
  });
  test.afterEach(async () => host?.close());

  test('desaturation: the HIGH alarm is shown and sounding within 1 s; a nurse acknowledges it; the audit says who', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    await expect.poll(async () => (await diagnostics(page)).contextState).toBe('running');

    const { alarm, realAt } = await desaturate(host, 'bed-02');
    const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarm.alarmId}"]`);
    // Visible and sounding: poll in the page itself so the moment is measured there.
    const annunciatedAt = await page.waitForFunction(
      (alarmId) => {
        const shown = document.querySelector(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
        const audio = (window as unknown as { __vigilDiagnostics: { audio(): AudioDiagnostics } }).__vigilDiagnostics.audio();
        return shown && audio.playing?.alarmId === alarmId && audio.playing.priority === 'HIGH' && audio.burstsScheduled > 0 && audio.outputRms > 0 ? Date.now() : null;
      },
      alarm.alarmId,
      { polling: 'raf', timeout: 5000 },
    );
    expect((await annunciatedAt.jsonValue())! - realAt).toBeLessThanOrEqual(1000);
    await expect(row).toHaveAttribute('data-priority', 'HIGH');
    await expect(row).toContainText('***');
    await expect(page.locator('[data-header-of="bed-02"]')).toHaveAttribute('data-alarm-priority', 'HIGH');
    await page.screenshot({ path: 'test-results/alarm-high.png' });

    // Nobody signed in: no acknowledge button.
    await expect(row.getByTestId('acknowledge')).toHaveCount(0);
    await signIn(page, 'nurse', '1234');
    await row.getByTestId('acknowledge').click();
    await expect(row).toHaveAttribute('data-state', 'acknowledged');
    await expect(row.locator('.alarm-ack')).toHaveText('ACK');
    // The tone for it stops; the alarm stays on screen.
    await expect.poll(async () => (await diagnostics(page)).playing?.alarmId ?? null).not.toBe(alarm.alarmId);
    await expect(row).toBeVisible();

    const rows = (await host.station.audit.query({ action: 'alarm.acknowledged', alarmId: alarm.alarmId, limit: 10 })).rows;
    expect(rows).toEqual([expect.objectContaining({ userId: 'nurse', role: 'nurse', bedId: 'bed-02' })]);
  });

  test('a brief VF nobody attended: latched, sounding and escalating after it ended; a nurse acknowledges it and the latched row stays until reset', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    const vf = { bedId: 'bed-01', code: 'VF', message: 'V-Fib', priority: 'HIGH', source: 'device', deviceAlarmId: 'mon-1-vf' } as const;
    host.station.alarms.deviceAlarm({ ...vf, phase: 'start' });
    host.advanceClock(5000);
    host.station.alarms.deviceAlarm({ ...vf, phase: 'end' });
    const alarm = host.station.alarms.list().find((a) => a.code === 'VF')!;
    const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarm.alarmId}"]`);
    await expect(row).toHaveAttribute('data-state', 'resolved');
    await expect.poll(async () => (await diagnostics(page)).playing?.alarmId ?? null).toBe(alarm.alarmId);
    // Still nobody: at 30 s from onset it escalates like one that lasted.
    host.advanceClock(26_000);
    await expect(row).toHaveAttribute('data-escalation-level', '2');

    await signIn(page, 'nurse', '1234');
    await row.getByTestId('acknowledge').click();
    await expect(row.locator('.alarm-ack')).toHaveText('ACK');
    await expect(row).toHaveAttribute('data-state', 'resolved');
    await expect.poll(async () => (await diagnostics(page)).playing?.alarmId ?? null).not.toBe(alarm.alarmId);
    host.advanceClock(60_000);
    await stationTicks(host, 3);
    await expect(row).toHaveAttribute('data-escalation-level', '2');
    await expect(row).toBeVisible();
    const rows = (await host.station.audit.query({ action: 'alarm.acknowledged', alarmId: alarm.alarmId, limit: 10 })).rows;
    expect(rows).toEqual([expect.objectContaining({ userId: 'nurse', role: 'nurse', bedId: 'bed-01' })]);
  });

  test('an unacknowledged HIGH alarm reaches escalation level 2 at 30 s, not before', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    const { alarm } = await desaturate(host, 'bed-03');
    const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarm.alarmId}"]`);
    await expect(row).toHaveAttribute('data-escalation-level', '1');

    // Fast-forward stopped just after onset; go to 29 s after it and let the station tick.
    const sinceOnset = host.station.snapshot().generatedAt - alarm.onsetAt;
    expect(sinceOnset).toBeLessThan(29_000);
    host.advanceClock(29_000 - sinceOnset);
    await stationTicks(host, 3);
    await expect(row).toHaveAttribute('data-escalation-level', '1');

    host.advanceClock(1500);
    await expect(row).toHaveAttribute('data-escalation-level', '2');
    await expect(row).toContainText('ESCALATED L2');
    await expect.poll(async () => (await diagnostics(page)).playing?.escalationLevel).toBe(2);
    await host.station.audit.flush();
    const escalations = (await host.station.audit.query({ action: 'alarm.escalated', alarmId: alarm.alarmId, limit: 10 })).rows;
    expect(escalations.map((r) => JSON.parse(r.details).level)).toEqual([2]);
  });
});

test.describe('visual alarm signals (IEC 60601-1-8 Table 1)', () => {
  test('HIGH flashes at 1.4-2.8 Hz and MEDIUM at 0.4-0.8 Hz, both 20-60 % on; LOW is steady; every one has a text prefix and an icon', async ({ page }) => {
    const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 2 } } });
    try {
      await page.goto(host.url);
      await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
      const priorities = ['HIGH', 'MEDIUM', 'LOW'] as const;
      priorities.forEach((priority, i) =>
        host.station.ingestDeviceAlarm({ bedId: `bed-0${i + 1}`, code: `TEST_${priority}`, message: `Test ${priority}`, priority, source: 'device', phase: 'start', deviceAlarmId: `t-${i}`, latching: false }),
      );
      await expect(page.getByTestId('alarm-row')).toHaveCount(3);
      // What the screen shows, sampled every frame for 4 s: whether each banner and row is filled
      // (on) or hollow (off). Two full MEDIUM periods fit; the clock started with the alarms.
      const flashes = await page.evaluate(async () => {
        const elements = ['HIGH', 'MEDIUM', 'LOW'].flatMap((p, i) => [
          document.querySelector(`[data-testid="alarm-row"][data-priority="${p}"]`)!,
          document.querySelector(`[data-header-of="bed-0${i + 1}"] [data-testid="tile-alarm"]`)!,
        ]);
        const samples: Array<{ at: number; on: boolean[] }> = [];
        const started = performance.now();
        await new Promise<void>((done) => {
          const sample = (at: number) => {
            samples.push({ at, on: elements.map((e) => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)') });
            if (at - started < 4000) requestAnimationFrame(sample);
            else done();
          };
          requestAnimationFrame(sample);
        });
        return elements.map((_, k) => {
          const rises = samples.filter((s, n) => n > 0 && s.on[k] && !samples[n - 1]!.on[k]).map((s) => s.at);
          if (rises.length < 2) return { hz: 0, onShare: samples.every((s) => s.on[k]) ? 1 : samples.filter((s) => s.on[k]).length / samples.length };
          // Whole cycles only: from the first rising edge to the last.
          const cycle = samples.filter((s) => s.at >= rises[0]! && s.at < rises.at(-1)!);
          return { hz: ((rises.length - 1) * 1000) / (rises.at(-1)! - rises[0]!), onShare: cycle.filter((s) => s.on[k]).length / cycle.length };
        });
      });
      const signals = await page.evaluate(() => {
        const sameBox = (a: Element, b: Element) => JSON.stringify(a.getBoundingClientRect()) === JSON.stringify(b.getBoundingClientRect());
        return ['HIGH', 'MEDIUM', 'LOW'].map((p, i) => {
          const row = document.querySelector(`[data-testid="alarm-row"][data-priority="${p}"]`);
          const header = document.querySelector(`[data-header-of="bed-0${i + 1}"]`)!;
          const banner = header.querySelector('[data-testid="tile-alarm"]');
          const frame = document.querySelector(`[data-frame-of="bed-0${i + 1}"]`);
          return {
            priority: p,
            text: row?.textContent ?? '',
            bannerText: banner?.textContent ?? '',
            tileFrame: frame ? getComputedStyle(frame).borderTopColor : null,
            framesTile: frame ? sameBox(frame, document.querySelector(`[data-bed-id="bed-0${i + 1}"]`)!) : false,
            bannerColour: banner ? getComputedStyle(banner).getPropertyValue('--flash-on').trim() : '',
          };
        });
      });
      // The affected tile is highlighted in its priority's colour, and its banner carries the same colour; a quiet tile is not.
      const colours = await page.evaluate(() => {
        const css = getComputedStyle(document.documentElement);
        const rgb = (value: string) => {
          const probe = document.createElement('i');
          probe.style.color = value;
          document.body.append(probe);
          const out = getComputedStyle(probe).color;
          probe.remove();
          return out;
        };
        return {
          tokens: { HIGH: css.getPropertyValue('--alarm-high').trim(), MEDIUM: css.getPropertyValue('--alarm-medium').trim(), LOW: css.getPropertyValue('--alarm-low').trim() },
          HIGH: rgb(css.getPropertyValue('--alarm-high')),
          MEDIUM: rgb(css.getPropertyValue('--alarm-medium')),
          LOW: rgb(css.getPropertyValue('--alarm-low')),
          quietFrames: document.querySelectorAll('[data-frame-of="bed-04"]').length,
        };
      });
      for (const s of signals) {
        expect(s.tileFrame, `${s.priority} tile frame`).toBe(colours[s.priority as 'HIGH' | 'MEDIUM' | 'LOW']);
        expect(s.framesTile, `${s.priority} frame covers its tile`).toBe(true);
        expect(s.bannerColour, `${s.priority} banner colour`).toBe(colours.tokens[s.priority as 'HIGH' | 'MEDIUM' | 'LOW']);
      }
      expect(colours.quietFrames).toBe(0);
      // And on the screen itself, over the tiles: the steady LOW banner's fill and its tile's frame are
      // cyan where they are drawn, and the quiet tile's edge is not. The edge is sampled on the
      // numerics side: the left edge meets the waveform area, where the pleth trace is drawn in the
      // same cyan (the SpO2 colour), so a quiet tile's left edge is cyan whenever the trace passes.
      const low = hexColour(colours.tokens.LOW);
      const near = (p: { r: number; g: number; b: number }, q: typeof p) => Math.abs(p.r - q.r) + Math.abs(p.g - q.g) + Math.abs(p.b - q.b) < 40;
      const rightEdge = (box: { x: number; width: number }) => Math.floor(box.x + box.width) - 1;
      const bannerBox = (await page.locator('[data-header-of="bed-03"] [data-testid="tile-alarm"]').boundingBox())!;
      const lowTile = (await page.locator('[data-bed-id="bed-03"]').boundingBox())!;
      const quietTile = (await page.locator('[data-bed-id="bed-04"]').boundingBox())!;
      expect(near(await screenPixel(page, bannerBox.x + 1, bannerBox.y + bannerBox.height / 2), low), 'LOW banner on screen').toBe(true);
      expect(near(await screenPixel(page, rightEdge(lowTile), lowTile.y + lowTile.height / 2), low), 'LOW tile frame on screen').toBe(true);
      expect(near(await screenPixel(page, rightEdge(quietTile), quietTile.y + quietTile.height / 2), low), 'quiet tile edge').toBe(false);
      for (const [i, priority] of (['HIGH', 'MEDIUM'] as const).entries()) {
        const [lo, hi] = priority === 'HIGH' ? [1.4, 2.8] : [0.4, 0.8];
        for (const [j, what] of ['row', 'banner'].entries()) {
          const f = flashes[i * 2 + j]!;
          expect(f.hz, `${priority} ${what} flash rate`).toBeGreaterThanOrEqual(lo);
          expect(f.hz, `${priority} ${what} flash rate`).toBeLessThanOrEqual(hi);
          expect(f.onShare, `${priority} ${what} on share`).toBeGreaterThanOrEqual(0.2);
          expect(f.onShare, `${priority} ${what} on share`).toBeLessThanOrEqual(0.6);
        }
      }
      // LOW: steady, filled the whole time.
      expect(flashes.slice(4)).toEqual([
        { hz: 0, onShare: 1 },
        { hz: 0, onShare: 1 },
      ]);
      expect(signals[0]!.text).toMatch(/^▲\*\*\* Bed 1 Test HIGH/);
      expect(signals[1]!.text).toMatch(/^◆\*\* Bed 2 Test MEDIUM/);
      expect(signals[2]!.text).toMatch(/^●\* Bed 3 Test LOW/);
      expect(signals.map((s) => s.bannerText.split(' ')[0])).toEqual(['***', '**', '*']);
    } finally {
      await host.close();
    }
  });
});

test.describe('a burst on every bed', () => {
  test('every tile shows its alarm; the bar lists the most urgent and counts the rest', async ({ page }) => {
    const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 16, seed: 4 } } });
    try {
      await page.goto(host.url);
      await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(16);
      for (const [i, bed] of host.station.beds.entries()) {
        const priority = i < 2 ? 'HIGH' : 'MEDIUM';
        host.station.ingestDeviceAlarm({ bedId: bed.bedId, code: 'POWER_GLITCH', message: 'Monitor restarted', priority, source: 'technical', phase: 'start', deviceAlarmId: `pg-${i}` });
      }
      await expect(page.locator('[data-testid="tile-header"][data-alarm-priority]:not([data-alarm-priority=""])')).toHaveCount(16);
      // The two most urgent, and the count of the rest in view: the bar does not scroll until asked.
      await expect(page.getByTestId('alarm-row')).toHaveCount(2);
      expect(await page.getByTestId('alarm-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-priority')))).toEqual(['HIGH', 'HIGH']);
      await expect(page.getByTestId('alarm-more')).toHaveText(/^\+14 more alarms/);
      const overflow = await page.getByTestId('alarm-bar').evaluate((bar) => bar.scrollHeight - bar.clientHeight);
      expect(overflow, 'collapsed bar fits its height').toBeLessThanOrEqual(0);
      // A nurse works down the bar. Acknowledging does not move rows (another bed's button must
      // not slide under the pointer), and the next rows come on request, so every alarm of the
      // burst can be reached and acknowledged from the bar.
      await signIn(page, 'nurse', '1234');
      const rowOrder = () => page.getByTestId('alarm-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alarm-id')));
      const acknowledged = () => host.station.alarms.list().filter((a) => a.code === 'POWER_GLITCH' && a.acknowledged).length;
      for (let handled = 1; handled <= 16; handled++) {
        if ((await page.getByTestId('acknowledge').count()) === 0) await page.getByTestId('alarm-more-button').click();
        const shown = await rowOrder();
        const row = page.locator('[data-testid="alarm-row"]:has([data-testid="acknowledge"])').first();
        const alarmId = await row.getAttribute('data-alarm-id');
        await row.getByTestId('acknowledge').click();
        await expect.poll(acknowledged).toBe(handled);
        // Shown as acknowledged (its button gone) before the next one is picked.
        await expect(page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`)).toHaveAttribute('data-state', 'acknowledged');
        expect((await rowOrder()).slice(0, shown.length), `rows in place after acknowledgement ${handled}`).toEqual(shown);
      }
      await expect(page.getByTestId('alarm-row')).toHaveCount(16);
      await expect(page.getByTestId('acknowledge')).toHaveCount(0);
    } finally {
      await host.close();
    }
  });
});

test.describe('kiosk wall', () => {
  test('a wall IT has allowed clinical actions on offers sign-in and acknowledgement', async ({ page }) => {
    const host = await startStationHost({ wallMode: true, config: { feed: { kind: 'simulator', beds: 4, seed: 2 }, wall: { allowClinicalActions: true } } });
    try {
      await page.goto(host.url);
      await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
      await expect(page.getByText('WALL · VIEW ONLY')).toHaveCount(0);
      host.station.ingestDeviceAlarm({ bedId: 'bed-02', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'w-vt' });
      const row = page.getByTestId('alarm-row').filter({ hasText: 'V-Tach' });
      await signIn(page, 'nurse', '1234');
      await row.getByTestId('acknowledge').click();
      await expect(row).toHaveAttribute('data-state', 'acknowledged');
    } finally {
      await host.close();
    }
  });

  test('is view-only: no sign-in or acknowledge controls, and the API refuses an acknowledgement', async ({ page }) => {
    const host = await startStationHost({ wallMode: true, config: { feed: { kind: 'simulator', beds: 4, seed: 2 } } });
    try {
      await page.goto(host.url);
      await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
      // Scenario controls are off on a wall: the alarm comes as a monitor would report it.
      host.station.alarms.deviceAlarm({ bedId: 'bed-01', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'mon-1-vt' });
      const alarm = host.station.alarms.list().find((a) => a.code === 'VT')!;
      const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarm.alarmId}"]`);
      await expect(row).toBeVisible();
      await expect(page.getByTestId('sign-in')).toHaveCount(0);
      await expect(row.getByTestId('acknowledge')).toHaveCount(0);

      // Even a page that calls the API directly, as a signed-in charge nurse, is refused.
      const outcome = await page.evaluate(async (alarmId) => {
        const api = (window as unknown as { vigil: { invoke(c: string, r: unknown): Promise<{ ok: boolean; error?: string }> } }).vigil;
        const signedIn = await api.invoke('session:sign-in', { identifier: 'charge', secret: '1234' });
        const acknowledged = await api.invoke('alarm:acknowledge', { alarmId });
        return { signedIn: signedIn.ok, acknowledged };
      }, alarm.alarmId);
      expect(outcome).toEqual({ signedIn: true, acknowledged: { ok: false, error: 'This wall display is view-only.' } });
      expect(host.station.alarms.list().find((a) => a.alarmId === alarm.alarmId)?.state).toBe('active');
    } finally {
      await host.close();
    }
  });
});
