/**
 * The e2e project: the built app under Node with the Electron stand-in, driven in
 * Debian's Chromium. Files run one after another (each starts Chromium, the app and
 * its workers; this is a 2-core machine). Referenced from the root vitest.config.ts
 * projects list, or run alone: vitest run --config tests/e2e/vitest.config.ts
 */
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  // With root at tests/e2e, keep Vite's cache where the other projects keep theirs.
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite', import.meta.url)),
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'node',
    include: ['**/*.e2e.test.ts'],
    globalSetup: ['./harness/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
