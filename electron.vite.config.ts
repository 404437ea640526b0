/**
 * Build of the three Electron parts into out/:
 * - main: two ES-module entries, the app (index.js) and the task worker (worker.js)
 *   that utility processes run; shared code and lazily loaded task runners become
 *   chunks. Everything is bundled except Electron and the native better-sqlite3.
 * - preload: one self-contained CommonJS file, as sandboxed preloads require.
 * - renderer: the React app, with its own strict CSP.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // Bundle the pure-JS dependencies so the packaged app ships only the native one.
      externalizeDeps: false,
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/electron/main.ts'),
          worker: resolve(root, 'main/worker/entry.ts'),
        },
        external: ['better-sqlite3'],
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: resolve(root, 'renderer/index.html'),
      },
    },
  },
});
