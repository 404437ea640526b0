import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/guarantees/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Worker processes and SQLite files: keep files in separate forks.
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.tsx'],
          testTimeout: 30_000,
        },
      },
      // End to end: the built app under Node with `electron` replaced by a stand-in,
      // the real renderer and preload in Debian Chromium (tests/e2e/README.md).
      'tests/e2e/vitest.config.ts',
    ],
  },
});
