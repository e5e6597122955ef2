import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test, type Page } from '@playwright/test';
import { BURST_PATTERNS } from '../../../renderer/src/audio/iec-burst-patterns';
import { startStationHost } from '../../host/station-host';
import { burstViolations, IEC_AUDITORY } from '../../support/iec-auditory-signals';
import type { AppRecording } from './support/app-audio-tap';
import { fastForwardUntilAlarm } from './support/fast-forward';
import { screenPixel } from './support/screen-pixel';

/**
 * A LOW alarm end to end, from the simulator's `fever` scenario (triggered at
 * the test host's scenario endpoint, as CI and trainers do) through the real
 * alarm engine to the real renderer: its visual signal (IEC 60601-1-8 Table 1:
 * cyan, steady, `*`) and its tone, recorded from the app's own AudioContext on
 * the audio thread (support/app-audio-tap.ts) and measured from the samples.
 */
let tap = '';
test.beforeAll(async () => {
  const out = await build({ entryPoints: [join(__dirname, 'support/app-audio-tap.ts')], bundle: true, write: false, format: 'iife', logLevel: 'silent' });
  tap = out.outputFiles[0]!.text;
});
// The recorder is an AudioWorklet loaded from a blob: URL, which the app's CSP rightly forbids.
test.use({ bypassCSP: true });

const audio = (page: Page) => page.evaluate(() => (window as unknown as { __vigilDiagnostics: { audio(): { contextState: string; playing: { alarmId: string; priority: string } | null } } }).__vigilDiagnostics.audio());
const measure = (page: Page) => page.evaluate(() => (window as unknown as { __audioTap: { measure(): Promise<AppRecording> } }).__audioTap.measure());
const contextMs = (page: Page) => page.evaluate(() => (window as unknown as { __audioTap: { contextMs(): number } }).__audioTap.contextMs());
const isCyan = ({ r, g, b }: { r: number; g: number; b: number }) => r <= 60 && g >= 180 && b >= 200;

// One retry for this file only: its recording of the audio thread can lose a block when the
// machine stalls (the test then refuses to judge, `r.lost`, rather than pass on a hole). A retry
// runs every assertion again, so a tone that is really wrong still fails.
test.describe.configure({ retries: 1 });

test('fever raises a LOW alarm: steady cyan signal with a * prefix, and one LOW pulse that does not repeat within 15 s', async ({ page }) => {
  test.setTimeout(120_000);
  // The station's clock runs ~40 times faster than the page's heartbeat while the fever develops:
  // the view watchdog (tested in its own specs) would call the page unresponsive.
  const host = await startStationHost({ config: { feed: { kind: 'simulator', beds: 4, seed: 2 } }, viewTimeoutMs: 3_600_000 });
  try {
    await page.addInitScript({ content: tap });
    await page.goto(host.url);
    await expect(page.locator('[data-testid="bed-tile"][data-state="live"]')).toHaveCount(4);
    await expect.poll(async () => (await audio(page)).contextState).toBe('running');

    const triggered = await page.request.post(`${host.url}__vigil/test/scenario`, { data: { scenario: 'fever', bedId: 'bed-03' } });
    expect(triggered.status()).toBe(200);
    const alarm = await fastForwardUntilAlarm(host, (a) => a.bedId === 'bed-03' && a.code === 'TEMP_HIGH');
    expect(alarm.priority).toBe('LOW');
    // Nothing else: the scenario demonstrates LOW alone.
    expect(host.station.alarms.list().map((a) => a.code)).toEqual(['TEMP_HIGH']);

    // Visual: the row and the tile's banner, `*` prefix, cyan, steady.
    const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarm.alarmId}"]`);
    await expect(row).toHaveAttribute('data-priority', 'LOW');
    await expect(row).toHaveText(/^●\* Bed 3 Temp high/);
    const banner = page.locator('[data-header-of="bed-03"] [data-testid="tile-alarm"]');
    await expect(banner).toHaveText(/^\* /);
    const steady = await page.evaluate(async (alarmId) => {
      const elements = [document.querySelector(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`)!, document.querySelector('[data-header-of="bed-03"] [data-testid="tile-alarm"]')!];
      const seen = new Set<string>();
      const started = performance.now();
      // Longer than a MEDIUM flash period (1.6 s): a flashing signal would show both states.
      while (performance.now() - started < 3000) {
        for (const e of elements) seen.add(getComputedStyle(e).backgroundColor);
        await new Promise(requestAnimationFrame);
      }
      return [...seen];
    }, alarm.alarmId);
    expect(steady).toEqual(['rgb(0, 229, 255)']);
    const rowBox = (await row.boundingBox())!;
    const bannerBox = (await banner.boundingBox())!;
    expect(isCyan(await screenPixel(page, rowBox.x + 3, rowBox.y + rowBox.height / 2)), 'LOW row on screen').toBe(true);
    expect(isCyan(await screenPixel(page, bannerBox.x + 1, bannerBox.y + bannerBox.height / 2)), 'LOW banner on screen').toBe(true);

    // Tone: the app sounds it; record until 15.5 s after its pulse, then measure.
    await expect.poll(async () => (await audio(page)).playing).toMatchObject({ alarmId: alarm.alarmId, priority: 'LOW' });
    // (The recording starts with the page, so it may also hold whatever sounded before the fever:
    // the LOW signal is its pulse at LOW's fundamental and everything after it.)
    const lowHz = BURST_PATTERNS.LOW.fundamentalHz;
    let first: AppRecording;
    await expect.poll(async () => (first = await measure(page)).pulses.some((p) => p.fundamentalHz === lowHz), { timeout: 5000 }).toBe(true);
    const lowStartMs = first!.pulses.find((p) => p.fundamentalHz === lowHz)!.riseAtMs[0]!;
    await expect.poll(() => contextMs(page), { timeout: 25_000, intervals: [500] }).toBeGreaterThan(first!.startMs + lowStartMs + IEC_AUDITORY.burstIntervalMs.LOW[0] + 1000);
    const r = await measure(page);
    // The recorder heard everything from just before the pulse on (a hole would hide a pulse).
    expect(r.lost.filter((l) => l.atMs + l.ms > lowStartMs - 100)).toEqual([]);
    const heard = r.pulses.filter((p) => p.riseAtMs[0]! >= lowStartMs - 1);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.fundamentalHz).toBe(lowHz);
    expect(burstViolations('LOW', heard, 'LOW burst')).toEqual([]);
    // No repeat within 15 s (LOW: burst interval > 15 s): the recording runs on past that, silent.
    expect(r.nowMs - (r.startMs + heard[0]!.fallAtMs[0]!)).toBeGreaterThan(IEC_AUDITORY.burstIntervalMs.LOW[0]);
  } finally {
    await host.close();
  }
});
