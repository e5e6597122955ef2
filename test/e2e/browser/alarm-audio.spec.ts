import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';
import type { BurstMeasurement } from './support/burst-probe';

/**
 * IEC 60601-1-8 auditory signals, measured from samples rendered in Chromium
 * by the same synthesis code the app plays (renderer/src/audio).
 * Ranges: clinical-reference.md, "Auditory alarm signals: burst characteristics".
 */
let probe = '';
test.beforeAll(async () => {
  const out = await build({ entryPoints: [join(__dirname, 'support/burst-probe.ts')], bundle: true, write: false, format: 'iife', logLevel: 'silent' });
  probe = out.outputFiles[0]!.text;
});

async function measure(page: import('@playwright/test').Page, priority: string): Promise<BurstMeasurement> {
  await page.goto('about:blank');
  await page.addScriptTag({ content: probe });
  return page.evaluate((p) => (window as unknown as { measureBurst(p: string): Promise<BurstMeasurement> }).measureBurst(p), priority);
}

function expectHarmonics(m: BurstMeasurement): void {
  expect(m.fundamentalHz).toBeGreaterThanOrEqual(150);
  expect(m.fundamentalHz).toBeLessThanOrEqual(1000);
  const inBand = m.harmonicLevelsDb.filter((h) => h.hz >= 300 && h.hz <= 4000 && Math.abs(h.db) <= 15);
  expect(inBand.length).toBeGreaterThanOrEqual(4);
  // Any two pulses of a burst within 10 dB of each other.
  expect(Math.max(...m.pulsePeakDb) - Math.min(...m.pulsePeakDb)).toBeLessThanOrEqual(10);
}

test('HIGH priority: 10 pulses, x/x/2x+td/x rhythm, burst interval 2.5–15 s, harmonic tone', async ({ page }) => {
  const m = await measure(page, 'HIGH');
  expect(m.pulses).toHaveLength(20); // two bursts
  for (const p of m.pulses) {
    expect(p.durationMs).toBeGreaterThanOrEqual(75);
    expect(p.durationMs).toBeLessThanOrEqual(200);
  }
  const td = m.pulses[0]!.durationMs;
  const [a, b, c, d, gap, e, f, g, h] = m.spacingsMs as [number, number, number, number, number, number, number, number, number];
  for (const x of [a, b, d, e, f, h]) {
    expect(x).toBeGreaterThanOrEqual(50);
    expect(x).toBeLessThanOrEqual(125);
  }
  for (const twoXPlusTd of [c, g]) expect(twoXPlusTd).toBeCloseTo(2 * a + td, -1);
  expect(gap).toBeGreaterThanOrEqual(350);
  expect(gap).toBeLessThanOrEqual(1300);
  expect(m.burstIntervalMs).toBeGreaterThanOrEqual(2500);
  expect(m.burstIntervalMs).toBeLessThanOrEqual(15000);
  expectHarmonics(m);
});

test('MEDIUM priority: 3 pulses 125–250 ms, spacing 125–250 ms, burst interval 2.5–30 s', async ({ page }) => {
  const m = await measure(page, 'MEDIUM');
  expect(m.pulses).toHaveLength(6);
  for (const p of m.pulses) {
    expect(p.durationMs).toBeGreaterThanOrEqual(125);
    expect(p.durationMs).toBeLessThanOrEqual(250);
  }
  for (const y of m.spacingsMs) {
    expect(y).toBeGreaterThanOrEqual(125);
    expect(y).toBeLessThanOrEqual(250);
  }
  expect(m.burstIntervalMs).toBeGreaterThanOrEqual(2500);
  expect(m.burstIntervalMs).toBeLessThanOrEqual(30000);
  expectHarmonics(m);
});

test('LOW priority: 1 pulse 125–250 ms, repeating after more than 15 s', async ({ page }) => {
  const m = await measure(page, 'LOW');
  expect(m.pulses).toHaveLength(2);
  expect(m.pulses[0]!.durationMs).toBeGreaterThanOrEqual(125);
  expect(m.pulses[0]!.durationMs).toBeLessThanOrEqual(250);
  expect(m.burstIntervalMs).toBeGreaterThan(15000);
  expectHarmonics(m);
});
