/**
 * `app`: ready once Chromium is reachable, userData in a temp (or given) folder, the
 * single-instance lock, and Electron's quit sequence (before-quit → windows close →
 * will-quit → quit → exit), with `window-all-closed` when the last window goes.
 */
import { EventEmitter } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBrowser, disconnectBrowser } from './browser.ts';
import { userDataDir } from './config.ts';
import { preventableEvent } from './events.ts';
import { flushRecords, record } from './records.ts';
import { windows } from './registry.ts';

type QuitState = 'running' | 'closing-windows' | 'exiting';

class App extends EventEmitter {
  readonly isPackaged = false;
  readonly commandLine = { appendSwitch: () => undefined, appendArgument: () => undefined, hasSwitch: () => false, getSwitchValue: () => '' };
  private ready = false;
  private readonly readyPromise: Promise<void>;
  private state: QuitState = 'running';
  private readonly paths = new Map<string, string>();
  private lock: { server: Server | null; lockPath: string; socketPath: string } | null = null;
  private pendingNotice: Promise<void> | null = null;
  private name = 'Taskdeck';

  constructor() {
    super();
    this.readyPromise = connectBrowser().then(
      () => {
        this.ready = true;
        record('app', { event: 'ready' });
        this.emit('will-finish-launching');
        this.emit('ready', preventableEvent(), {});
      },
      (error: unknown) => {
        // Electron cannot start without its browser process either.
        console.error('[stand-in] could not reach Chromium:', error);
        void this.exitProcess(1);
        return new Promise<void>(() => undefined);
      },
    );
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  isReady(): boolean {
    return this.ready;
  }

  getName(): string {
    return this.name;
  }

  setName(name: string): void {
    this.name = name;
  }

  getVersion(): string {
    return '0.0.0-stand-in';
  }

  getLocale(): string {
    return 'en-US';
  }

  getAppPath(): string {
    return process.cwd();
  }

  getPath(name: string): string {
    const set = this.paths.get(name);
    if (set) return set;
    const userData = userDataDir();
    switch (name) {
      case 'userData':
      case 'appData':
        return userData;
      case 'sessionData':
        return userData;
      case 'logs':
        return join(userData, 'logs');
      case 'temp':
        return tmpdir();
      case 'home':
        return homedir();
      case 'desktop':
      case 'documents':
      case 'downloads':
        return join(homedir(), name);
      case 'exe':
        return process.execPath;
      default:
        throw new Error(`Failed to get '${name}' path`);
    }
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  setAppUserModelId(): void {}
  disableHardwareAcceleration(): void {}
  focus(): void {
    for (const window of windows) window.focus();
  }

  /**
   * Chromium's ProcessSingleton, simplified: a lock file naming the owner's pid
   * (a dead owner's lock is taken over) and a socket the second instance uses to hand
   * its argv to the first, which emits 'second-instance'.
   */
  requestSingleInstanceLock(additionalData?: unknown): boolean {
    if (this.lock) return true;
    const dir = this.getPath('userData');
    mkdirSync(dir, { recursive: true });
    const lockPath = join(dir, 'SingletonLock');
    const socketPath = join(dir, 'SingletonSocket');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lockPath, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.lock = { server: this.listenForSecondInstances(socketPath), lockPath, socketPath };
        record('app', { event: 'single-instance-lock', acquired: true });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(readFileSync(lockPath, 'utf8'));
        if (isAlive(owner) && owner !== process.pid) {
          record('app', { event: 'single-instance-lock', acquired: false, owner });
          this.pendingNotice = notifyFirstInstance(socketPath, { argv: process.argv, cwd: process.cwd(), additionalData });
          return false;
        }
        // Left by a process that is gone (a crash): take it over.
        rmSync(lockPath, { force: true });
      }
    }
    return false;
  }

  hasSingleInstanceLock(): boolean {
    return this.lock !== null;
  }

  releaseSingleInstanceLock(): void {
    if (!this.lock) return;
    this.lock.server?.close();
    rmSync(this.lock.lockPath, { force: true });
    rmSync(this.lock.socketPath, { force: true });
    this.lock = null;
  }

  private listenForSecondInstances(socketPath: string): Server | null {
    rmSync(socketPath, { force: true });
    const server = createServer((socket) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => {
        try {
          const notice = JSON.parse(text) as { argv: string[]; cwd: string; additionalData?: unknown };
          record('app', { event: 'second-instance', argv: notice.argv });
          this.emit('second-instance', preventableEvent(), notice.argv, notice.cwd, notice.additionalData);
        } catch {
          // Not a notice from a second instance.
        }
      });
    });
    server.on('error', (error) => console.error('[stand-in] single-instance socket:', error));
    server.listen(socketPath);
    server.unref();
    return server;
  }

  /** Electron's quit: each step may be prevented, and a prevented quit can be asked again. */
  quit(): void {
    if (this.state !== 'running') return;
    const beforeQuit = preventableEvent();
    this.emit('before-quit', beforeQuit);
    record('app', { event: 'before-quit', prevented: beforeQuit.defaultPrevented });
    if (beforeQuit.defaultPrevented) return;
    this.state = 'closing-windows';
    void this.finishQuit();
  }

  private async finishQuit(): Promise<void> {
    for (const window of [...windows]) {
      if (!window.closeForQuit()) {
        // A window refused to close: the quit is off, as in Electron.
        this.state = 'running';
        return;
      }
    }
    await Promise.all([...windows].map((window) => window.whenGone()));
    const willQuit = preventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.state = 'running';
      return;
    }
    this.emit('quit', preventableEvent(), 0);
    await this.exitProcess(0);
  }

  /** Leaves at once: windows are destroyed, before-quit and will-quit are not emitted. */
  exit(code = 0): void {
    for (const window of [...windows]) window.destroy();
    void this.exitProcess(code);
  }

  /** Called by BrowserWindow when the last window closed outside a quit. */
  lastWindowClosed(): void {
    if (this.state !== 'running') return;
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
    else this.quit();
  }

  isQuitting(): boolean {
    return this.state !== 'running';
  }

  private async exitProcess(code: number): Promise<void> {
    if (this.state === 'exiting') return;
    this.state = 'exiting';
    record('app', { event: 'exit', code });
    await this.pendingNotice?.catch(() => undefined);
    this.releaseSingleInstanceLock();
    await disconnectBrowser();
    await flushRecords();
    process.exit(code);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function notifyFirstInstance(socketPath: string, notice: unknown): Promise<void> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath, () => socket.end(JSON.stringify(notice)));
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
    setTimeout(resolve, 1000).unref();
  });
}

export const app = new App();
