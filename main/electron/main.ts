/**
 * The app entry (built to out/main/index.js): one instance, one window, the shared
 * app core with utility-process workers, and an orderly stop so workers checkpoint
 * before the process goes away.
 */
import { join } from 'node:path';
import { app, dialog, powerMonitor, shell, type BrowserWindow } from 'electron';
import { createAppCore, type AppCore } from '../app-core.ts';
import type { RendererLocation } from '../ipc/sender-policy.ts';
import { getSettings } from '../store/settings-repo.ts';
import { registerIpcBridge } from './ipc-bridge.ts';
import { notifyAboutTasks } from './notifications.ts';
import { keepAwakeWhileTasksRun } from './power.ts';
import { createTray } from './tray.ts';
import { watchConnectivity } from './connectivity.ts';
import { testEndpointsFrom, type TestEndpoints } from './consent-page-policy.ts';
import { openConsentPage } from './open-consent-page.ts';
import { SafeStorageBox } from './safe-storage-box.ts';
import { UtilityWorkerHost } from './utility-worker-host.ts';
import { createMainWindow, focusWindow } from './window.ts';

/** How long workers get to checkpoint and stop when the app quits. */
const SHUTDOWN_GRACE_MS = 3000;
/** Quit anyway if closing hangs beyond this (a stuck worker must not keep the app alive). */
const SHUTDOWN_DEADLINE_MS = 6000;

// This file is the entry chunk, so its folder is out/main whatever the bundler splits.
const OUT_DIR = join(import.meta.dirname, '..');
const PATHS = {
  preload: join(OUT_DIR, 'preload', 'index.cjs'),
  rendererDir: join(OUT_DIR, 'renderer'),
  rendererHtml: join(OUT_DIR, 'renderer', 'index.html'),
  worker: join(OUT_DIR, 'main', 'worker.js'),
};

let core: AppCore | null = null;
let mainWindow: BrowserWindow | null = null;
const cleanups: (() => void)[] = [];
let shutdown: 'no' | 'stopping' | 'done' = 'no';

function start(): void {
  // A packaged app never takes its page from the environment.
  const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  const location: RendererLocation = { rendererDir: PATHS.rendererDir, devServerUrl };

  app.on('second-instance', () => showWindow(devServerUrl));
  app.on('activate', () => showWindow(devServerUrl));
  app.on('window-all-closed', () => {
    // macOS keeps apps (and their running tasks) alive without windows; elsewhere, quit.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    void stopThenQuit();
  });

  const testEndpoints = gmailTestEndpoints();
  void app.whenReady().then(() => {
    try {
      core = createAppCore({
        dbPath: join(app.getPath('userData'), 'taskdeck.db'),
        host: new UtilityWorkerHost(PATHS.worker),
        secretBox: new SafeStorageBox(),
        // Google's consent page opens in the system browser, never in an app window.
        openBrowser: (url) => openConsentPage(url, testEndpoints?.consentOrigin ?? null),
        ...(testEndpoints ? { googleEndpoints: testEndpoints.endpoints } : {}),
        openPath: async (path) => {
          const problem = await shell.openPath(path);
          if (problem) throw new Error(problem);
        },
      });
    } catch (error) {
      console.error('[app] could not open the database', error);
      dialog.showErrorBox('Taskdeck could not start', `Its database could not be opened.\n\n${String(error)}`);
      app.exit(1);
      return;
    }
    const running = core;
    cleanups.push(registerIpcBridge(running, location));
    cleanups.push(keepAwakeWhileTasksRun(running.onSnapshot));
    cleanups.push(
      notifyAboutTasks({
        onSnapshot: running.onSnapshot,
        language: () => getSettings(running.db).language,
        onClick: () => showWindow(devServerUrl),
      }),
    );
    cleanups.push(
      watchConnectivity((online) => running.supervisor.networkChanged(online), { onWake: () => running.supervisor.woke() }),
    );
    cleanups.push(
      createTray({
        onSnapshot: running.onSnapshot,
        show: () => showWindow(devServerUrl),
        pauseAll: () => running.tasks.pauseAll(),
        quit: () => app.quit(),
      }),
    );
    // Linux and macOS announce a shutdown; delay it just long enough to stop cleanly.
    powerMonitor.on('shutdown', (event?: { preventDefault(): void }) => {
      event?.preventDefault();
      void stopThenQuit();
    });
    showWindow(devServerUrl);
  });
}

/**
 * Gmail's test endpoints (a local fake of Google), from the variables the CLI honours too:
 * only when the app is not packaged; a packaged app always talks to Google.
 */
function gmailTestEndpoints(): TestEndpoints | null {
  try {
    const test = testEndpointsFrom(app.isPackaged, process.env);
    if (test) console.warn(`[app] Gmail uses test endpoints (unpackaged build, TASKDECK_* variables): ${JSON.stringify(test.endpoints)}`);
    return test;
  } catch (error) {
    console.error(`[app] Gmail test endpoints ignored, Google's are used: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function showWindow(devServerUrl: string | undefined): void {
  if (!app.isReady() || shutdown !== 'no') return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    focusWindow(mainWindow);
    return;
  }
  mainWindow = createMainWindow({ preloadPath: PATHS.preload, rendererHtml: PATHS.rendererHtml, devServerUrl });
  // Windows ends the session without a before-quit; stop workers as far as time allows.
  mainWindow.on('session-end', () => void stopThenQuit());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function stopThenQuit(): Promise<void> {
  if (shutdown !== 'no') return;
  shutdown = 'stopping';
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch (error) {
      console.error('[app] cleanup failed', error);
    }
  }
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_DEADLINE_MS).unref());
  try {
    if (core) await Promise.race([core.close(SHUTDOWN_GRACE_MS), deadline]);
  } catch (error) {
    console.error('[app] stopping the workers failed', error);
  }
  shutdown = 'done';
  app.quit();
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
