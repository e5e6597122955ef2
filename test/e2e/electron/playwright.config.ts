import { defineConfig } from '@playwright/test';

/** The packaged-app path: needs the Electron binary, skips cleanly without it. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../../test-results/e2e-electron',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
});
