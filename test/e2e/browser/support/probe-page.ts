import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';

/**
 * A blank Chromium page with burst-probe.ts (and sounder-tap.ts) loaded: the
 * app's audio code plus the meter, callable from the specs. No station: the
 * audio tests judge the sound, not the alarm path that asks for it. The page
 * is answered by Playwright itself at a localhost address, because AudioWorklet
 * (the recorder of the real-time tests) exists only in a secure context.
 */
const PROBE_URL = 'http://localhost:9/audio-probe';
let bundle: Promise<string> | null = null;

export async function openProbePage(page: Page): Promise<void> {
  bundle ??= build({ entryPoints: [join(__dirname, 'burst-probe.ts')], bundle: true, write: false, format: 'iife', logLevel: 'silent' }).then((out) => out.outputFiles[0]!.text);
  await page.route(PROBE_URL, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>audio probe</title>' }));
  await page.goto(PROBE_URL);
  await page.addScriptTag({ content: await bundle });
}
