/**
 * The harness runs the app as it ships: out/main, out/preload, out/renderer. The
 * build takes about a second, so it is simply redone once per run (the renderer and
 * main may have changed since the last one). TASKDECK_E2E_SKIP_BUILD=1 skips it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_ENTRY, PRELOAD, REPO, RENDERER_HTML } from './paths.ts';

export function assertNode24(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    throw new Error(
      `The e2e harness needs Node 24 (type stripping, better-sqlite3's build); this is Node ${process.versions.node}. ` +
        'Run with PATH=$PWD/node_modules/.bin:$PATH.',
    );
  }
}

export function buildApp(): void {
  assertNode24();
  if (process.env['TASKDECK_E2E_SKIP_BUILD'] !== '1') {
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  for (const file of [MAIN_ENTRY, PRELOAD, RENDERER_HTML]) {
    if (!existsSync(file)) throw new Error(`${file} is missing after the build`);
  }
}
