/**
 * How the stand-in is configured: environment variables, set by the e2e harness
 * (tests/e2e/harness/app.ts) or by hand when running the app under Node yourself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_BASE_ARGS, DEFAULT_CHROMIUM } from '../../../scripts/chromium-args.ts';

export const ENV = {
  /** Folder app.getPath('userData') returns (the database lives there). Default: a new temp folder. */
  userData: 'TASKDECK_STANDIN_USER_DATA',
  /** DevTools endpoint (ws://…) of a Chromium started by the harness. Unset: the stand-in launches its own. */
  cdpEndpoint: 'TASKDECK_STANDIN_CDP',
  /** Chromium to launch when there is no endpoint. Default /usr/bin/chromium. */
  chromium: 'TASKDECK_STANDIN_CHROMIUM',
  /** Overrides every window's content size, e.g. "1280x800" for the documentation screenshots. */
  windowSize: 'TASKDECK_STANDIN_WINDOW_SIZE',
  /** "1": show the window (own Chromium only, needs a display). */
  headed: 'TASKDECK_STANDIN_HEADED',
} as const;

/**
 * Debian Chromium's switches for a quiet, reproducible headless run, plus
 * --allow-file-access-from-files: Electron registers file: as a privileged scheme, so a
 * loadFile() page may load its own module scripts; plain Chromium blocks module scripts
 * from file:// as cross-origin unless this switch is given.
 */
export const CHROMIUM_ARGS = [
  ...CHROMIUM_BASE_ARGS,
  '--allow-file-access-from-files',
];

export { DEFAULT_CHROMIUM };

let userData: string | null = null;

export function userDataDir(): string {
  userData ??= process.env[ENV.userData] || mkdtempSync(join(tmpdir(), 'taskdeck-standin-'));
  return userData;
}

export function windowSizeOverride(): { width: number; height: number } | null {
  const match = /^(\d+)x(\d+)$/.exec(process.env[ENV.windowSize] ?? '');
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}
