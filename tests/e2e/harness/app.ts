/**
 * Launches the app as it ships (out/main/index.js) in a Node child process, with
 * `electron` resolved to the stand-in, on a given user-data folder; finds its window
 * in the test's Chromium connection; and offers what a test needs: the stand-in's
 * records, a graceful quit, closing the window, and SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ENV } from '../electron-stand-in/config.ts';
import { COMMAND_TAG, RECORD_TAG, type StandInCommand, type StandInRecord } from '../electron-stand-in/records.ts';
import type { ChromiumInstance } from './chromium.ts';
import { MAIN_ENTRY, REPO, RENDERER_HTML, STAND_IN_REGISTER } from './paths.ts';

export interface LaunchOptions {
  chromium: ChromiumInstance;
  userData: string;
  /** Host output goes here (a file per launch). */
  logDir: string;
  /** Content size of every window, e.g. { width: 1280, height: 800 }. */
  windowSize?: { width: number; height: number };
  env?: NodeJS.ProcessEnv;
}

export interface LaunchedApp {
  /** The app's window, as the test's own Chromium connection sees it. */
  page: Page;
  host: ChildProcess;
  pid: number;
  /** Everything the stand-in recorded so far (streamed from the host). */
  records: StandInRecord[];
  logFile: string;
  waitForRecord(match: (record: StandInRecord) => boolean, timeoutMs?: number, what?: string): Promise<StandInRecord>;
  /** As the user closing the window: main's window-all-closed → quit path. Resolves with the exit code. */
  closeWindow(timeoutMs?: number): Promise<number | null>;
  /** app.quit(), as a menu would. Resolves with the exit code. */
  quit(timeoutMs?: number): Promise<number | null>;
  /** A user's click on a tray menu item, by its label (rejects when there is no such enabled item). */
  trayMenu(label: string): Promise<void>;
  /** SIGKILL the host (the whole main process). Resolves once it is gone and its window closed. */
  kill(): Promise<void>;
  /** Whatever state it is in: make sure the host and its workers are gone. */
  dispose(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const RENDERER_URL = pathToFileURL(RENDERER_HTML).href;
/** A command without its envelope tag (Omit per union member). */
type CommandBody = StandInCommand extends infer C ? (C extends StandInCommand ? Omit<C, 'tag'> : never) : never;
let launches = 0;

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `host-${++launches}.log`);
  const log = createWriteStream(logFile);
  const known = new Set(options.chromium.browser.contexts().flatMap((context) => context.pages()));

  const host = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', pathToFileURL(STAND_IN_REGISTER).href, MAIN_ENTRY], {
    cwd: REPO,
    env: {
      ...process.env,
      ...options.env,
      [ENV.userData]: options.userData,
      [ENV.cdpEndpoint]: options.chromium.endpoint,
      ...(options.windowSize ? { [ENV.windowSize]: `${options.windowSize.width}x${options.windowSize.height}` } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: dispose() can take stray workers along.
    detached: true,
  });
  host.stdout?.pipe(log, { end: false });
  host.stderr?.pipe(log, { end: false });
  const pid = host.pid;
  if (pid === undefined) throw new Error('The host process did not start');

  const records: StandInRecord[] = [];
  const waiters = new Set<() => void>();
  host.on('message', (message: unknown) => {
    const m = message as { tag?: unknown; record?: StandInRecord };
    if (m?.tag !== RECORD_TAG || !m.record) return;
    records.push(m.record);
    for (const wake of [...waiters]) wake();
  });
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    host.once('exit', (code, signal) => {
      hasExited = true;
      log.end(`\n[harness] host exited: code ${code}, signal ${signal}\n`);
      for (const wake of [...waiters]) wake();
      resolve({ code, signal });
    }),
  );

  const waitForRecord = (match: (record: StandInRecord) => boolean, timeoutMs = 15_000, what = 'a stand-in record') =>
    new Promise<StandInRecord>((resolve, reject) => {
      const check = () => {
        const found = records.find(match);
        if (found) {
          cleanup();
          resolve(found);
        } else if (hasExited) {
          cleanup();
          reject(new Error(`The host exited while waiting for ${what}; see ${logFile}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; see ${logFile}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const command = (message: CommandBody) => {
    if (host.connected) host.send({ tag: COMMAND_TAG, ...message });
  };
  const exitCode = async (timeoutMs: number) => {
    const result = await Promise.race([exited, delay(timeoutMs, null)]);
    if (!result) throw new Error(`The host did not exit within ${timeoutMs} ms; see ${logFile}`);
    return result.code;
  };
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  // The window: main loads the renderer; find that page from the test's side.
  await waitForRecord((r) => r.kind === 'window' && r.event === 'loaded', 30_000, 'the window to load the renderer');
  const page = await findPage(options.chromium, known, 10_000);

  return {
    page,
    host,
    pid,
    records,
    logFile,
    waitForRecord,
    exited,
    closeWindow: async (timeoutMs = 15_000) => {
      command({ command: 'close-windows' });
      return exitCode(timeoutMs);
    },
    quit: async (timeoutMs = 15_000) => {
      command({ command: 'quit' });
      return exitCode(timeoutMs);
    },
    trayMenu: async (label) => {
      const since = records.length;
      command({ command: 'tray-menu', label });
      const outcome = await waitForRecord(
        (r) => records.indexOf(r) >= since && r.kind === 'tray' && r.label === label && (r.event === 'chosen' || r.event === 'no-such-item'),
        5000,
        `the tray menu item "${label}"`,
      );
      if (outcome.event !== 'chosen') {
        const menus = records.filter((r) => r.kind === 'tray' && r.event === 'menu');
        throw new Error(`The tray menu has no enabled "${label}"; last menu: ${JSON.stringify(menus.at(-1)?.items)}`);
      }
    },
    kill: async () => {
      host.kill('SIGKILL');
      await exited;
      // Chromium disposes the contexts of a client that went away: the window closes.
      if (!page.isClosed()) await page.waitForEvent('close', { timeout: 10_000 });
    },
    dispose: async () => {
      if (!hasExited) {
        command({ command: 'quit' });
        await Promise.race([exited, delay(8000, null)]);
      }
      killGroup();
      await exited;
    },
  };
}

/**
 * Starts the app once more on the same user-data folder, as a second launch from the
 * desktop would, and resolves with its exit code (it should hand over and quit).
 */
export async function runSecondInstance(options: Omit<LaunchOptions, 'windowSize'>, timeoutMs = 15_000): Promise<number | null> {
  const host = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', pathToFileURL(STAND_IN_REGISTER).href, MAIN_ENTRY], {
    cwd: REPO,
    env: { ...process.env, ...options.env, [ENV.userData]: options.userData, [ENV.cdpEndpoint]: options.chromium.endpoint },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const timer = setTimeout(() => host.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(host, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

/** A timer that does not keep the process alive. */
function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}

async function findPage(chromium: ChromiumInstance, known: Set<Page>, timeoutMs: number): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const context of chromium.browser.contexts()) {
      for (const page of context.pages()) {
        if (!known.has(page) && !page.isClosed() && page.url() === RENDERER_URL) return page;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No page showing ${RENDERER_URL} appeared in Chromium`);
}
