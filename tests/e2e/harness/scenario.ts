/**
 * One e2e scenario's world: a Chromium, a user-data folder, artifacts, and the app
 * launches made in it (all torn down by `close`). Free of vitest, so the screenshot
 * script uses it too.
 */
import { launchApp, runSecondInstance, type LaunchedApp, type LaunchOptions } from './app.ts';
import { startChromium, type ChromiumInstance } from './chromium.ts';
import { scenarioDirs, type ScenarioDirs } from './fixtures.ts';

export interface Scenario extends ScenarioDirs {
  chromium: ChromiumInstance;
  /** Launches the app on this scenario's user-data folder. */
  launch(options?: Partial<Omit<LaunchOptions, 'chromium' | 'userData' | 'logDir'>>): Promise<LaunchedApp>;
  /** Stops every app launched so far that still runs (between tests sharing the folder). */
  stopApps(): Promise<void>;
  /** A second launch on the same user-data folder; resolves with its exit code. */
  launchSecond(): Promise<number | null>;
  close(): Promise<void>;
}

export async function openScenario(name: string): Promise<Scenario> {
  const dirs = scenarioDirs(name);
  const chromium = await startChromium();
  const launched: LaunchedApp[] = [];
  return {
    ...dirs,
    chromium,
    launch: async (options = {}) => {
      const app = await launchApp({ chromium, userData: dirs.userData, logDir: dirs.artifacts, ...options });
      launched.push(app);
      return app;
    },
    launchSecond: () => runSecondInstance({ chromium, userData: dirs.userData, logDir: dirs.artifacts }),
    stopApps: async () => {
      for (const app of launched.splice(0)) await app.dispose().catch(() => undefined);
    },
    close: async () => {
      for (const app of launched.splice(0)) await app.dispose().catch(() => undefined);
      await chromium.close();
      if (process.env['TASKDECK_E2E_KEEP'] !== '1') dirs.cleanup();
    },
  };
}
