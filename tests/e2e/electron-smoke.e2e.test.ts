/**
 * The one test with the real Electron binary (Playwright's _electron): launch the
 * built app, see the task list, run a test-mode broadcast to the end. Where no
 * Electron binary is installed (these machines cannot download it) it is skipped,
 * and says so and why on the console, not silently.
 *
 * The binary is found as `npm start` finds it (scripts/electron-binary.ts: path.txt of
 * the electron package, or ELECTRON_OVERRIDE_DIST_PATH), without require('electron'):
 * that would try to download the binary when it is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { locateElectron } from '../../scripts/electron-binary.ts';
import * as db from './harness/db.ts';
import { writeContactsCsv } from './harness/fixtures.ts';
import { ARTIFACTS, REPO } from './harness/paths.ts';
import { Ui } from './harness/ui.ts';

function electronBinary(): { path: string | null; reason: string | null } {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const location = locateElectron(packageDir);
  if (location.kind === 'missing') return { path: null, reason: `no Electron binary: ${location.why} (npm start downloads it)` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { path: null, reason: `Electron is at ${location.executable}, but there is no display (run under xvfb-run)` };
  }
  return { path: location.executable, reason: null };
}

const { path: binary, reason } = electronBinary();
if (reason) {
  console.warn(`\n[e2e] SKIPPED the real-Electron smoke test: ${reason}.\n      The stand-in scenarios ran the app instead; see tests/e2e/README.md.\n`);
}

const temp = mkdtempSync(join(tmpdir(), 'taskdeck-electron-smoke-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the app in real Electron', () => {
  it.skipIf(reason !== null)(`launches, shows the task list and runs a test-mode broadcast${reason ? ` (skipped: ${reason})` : ''}`, async () => {
    const csv = writeContactsCsv(join(temp, 'customers.csv'), { valid: 10 });
    const app = await _electron.launch({
      executablePath: binary!,
      args: [REPO],
      cwd: REPO,
      // userData lives under XDG_CONFIG_HOME on Linux: a fresh one per run.
      env: { ...process.env, XDG_CONFIG_HOME: join(temp, 'config'), ELECTRON_ENABLE_LOGGING: '1' },
      timeout: 60_000,
    });
    try {
      const page = await app.firstWindow();
      const ui = new Ui(page);
      await ui.createFirstBusiness('Smoke Test Bakery');
      await page.getByRole('heading', { name: ui.words.tasks.title, exact: true }).waitFor();
      await ui.importContacts(csv);
      const userData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
      const dbPath = join(userData, 'taskdeck.db');
      await ui.card(db.latestTask(dbPath, 'contacts-import').title).waitForStatus(ui.words.status.completed);

      await ui.startBroadcast({ message: 'Hello {{name}}', title: 'Smoke broadcast', rate: 50, expectRecipients: 10 });
      await ui.card('Smoke broadcast').waitForStatus(ui.words.status.completed, 30_000);
      await page.screenshot({ path: join(ARTIFACTS, 'electron-smoke.png') });
      const task = db.taskByTitle(dbPath, 'Smoke broadcast');
      expect(task).toMatchObject({ status: 'completed', succeeded: 10 });
      expect(db.outbox(dbPath, task.id)).toEqual({ rows: 10, distinctItems: 10, duplicates: [] });
    } finally {
      await app.close();
    }
  });
});
