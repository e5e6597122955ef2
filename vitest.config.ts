import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node: the main-process core never
// imports `electron`, so it is exercised here with its real dependencies.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
