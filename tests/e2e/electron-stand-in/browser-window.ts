/**
 * `BrowserWindow` and its `webContents`: each window is a Playwright page in its own
 * browser context on headless Chromium, sized like the window, showing what main loads
 * (loadFile → file://, so the built renderer runs as it ships), with the preload from
 * webPreferences.preload injected before page scripts (see page-preload.ts).
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { app } from './app.ts';
import { connectBrowser } from './browser.ts';
import { windowSizeOverride } from './config.ts';
import { preventableEvent } from './events.ts';
import { ipcMain, type InvokeEvent } from './ipc-main.ts';
import { DELIVER_FUNCTION, INVOKE_BINDING, preloadInitScript } from './page-preload.ts';
import { record } from './records.ts';
import { windows } from './registry.ts';
import { session, type Session } from './session.ts';

interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  partition?: string;
  [other: string]: unknown;
}

interface WindowOptions {
  title?: string;
  width?: number;
  height?: number;
  show?: boolean;
  webPreferences?: WebPreferences;
  [other: string]: unknown;
}

let nextId = 1;

/** Electron's WebFrameMain, as far as main reads it. */
export class WebFrameMain {
  readonly processId: number;
  readonly routingId: number;
  readonly parent: WebFrameMain | null;
  private readonly frame: () => Frame | null;

  constructor(processId: number, routingId: number, parent: WebFrameMain | null, frame: () => Frame | null) {
    this.processId = processId;
    this.routingId = routingId;
    this.parent = parent;
    this.frame = frame;
  }

  get url(): string {
    return this.frame()?.url() ?? '';
  }

  get detached(): boolean {
    const frame = this.frame();
    return !frame || frame.isDetached();
  }

  get top(): WebFrameMain {
    return this.parent ? this.parent.top : this;
  }

  isDestroyed(): boolean {
    return this.detached;
  }
}

export class WebContents extends EventEmitter {
  readonly id: number;
  readonly session: Session;
  readonly mainFrame: WebFrameMain;
  readonly owner: BrowserWindow;
  readonly webPreferences: WebPreferences;
  private page: Page | null = null;
  private context: BrowserContext | null = null;
  private readonly opened: Promise<Page | null>;
  private committedUrl = '';
  private destroyed = false;
  private loading = false;
  private sendChain: Promise<unknown> = Promise.resolve();
  private windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  private readonly subFrames = new WeakMap<Frame, WebFrameMain>();
  private nextRoutingId = 2;

  constructor(owner: BrowserWindow, preferences: WebPreferences, size: { width: number; height: number }) {
    super();
    this.id = owner.id;
    this.owner = owner;
    this.webPreferences = preferences;
    this.session = session.fromPartition(preferences.partition ?? '');
    this.mainFrame = new WebFrameMain(1000 + this.id, 1, null, () => this.page?.mainFrame() ?? null);
    this.opened = this.open(size).catch((error: unknown) => {
      console.error('[stand-in] could not open the window page:', error);
      return null;
    });
  }

  private async open(size: { width: number; height: number }): Promise<Page | null> {
    const browser = await connectBrowser();
    const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, locale: 'en-US', colorScheme: 'light' });
    this.context = context;
    const page = await context.newPage();
    // ipcRenderer → ipcMain, with the sender's frame as Electron reports it.
    await page.exposeBinding(INVOKE_BINDING, (source, kind: unknown, channel: unknown, args: unknown) => {
      const event = this.invokeEvent(source.frame);
      const list = Array.isArray(args) ? args : [];
      if (kind === 'send') {
        ipcMain.sendFromPage(event, String(channel), list);
        return undefined;
      }
      return ipcMain.invokeFromPage(event, String(channel), list);
    });
    const preloadPath = this.webPreferences.preload;
    if (preloadPath) {
      await page.addInitScript({
        content: preloadInitScript({
          source: readFileSync(preloadPath, 'utf8'),
          sourcePath: preloadPath,
          platform: process.platform,
          versions: { node: process.versions.node, chrome: browser.version(), electron: 'stand-in' },
        }),
      });
    }
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      this.committedUrl = frame.url();
      this.emit('did-navigate', preventableEvent(), frame.url());
    });
    page.on('domcontentloaded', () => this.emit('dom-ready', preventableEvent()));
    page.on('load', () => {
      this.loading = false;
      this.emit('did-finish-load', preventableEvent());
    });
    page.on('crash', () => {
      record('window', { id: this.id, event: 'render-process-gone' });
      this.emit('render-process-gone', preventableEvent(), { reason: 'crashed', exitCode: 1 });
    });
    page.on('popup', (popup) => void this.onPopup(popup));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') record('console', { id: this.id, type: message.type(), text: message.text() });
    });
    page.on('pageerror', (error) => record('console', { id: this.id, type: 'pageerror', text: String(error) }));
    // The page went away without main closing it (the user closed it, Chromium quit).
    page.on('close', () => this.owner.pageClosed());
    this.page = page;
    return page;
  }

  private invokeEvent(frame: Frame): InvokeEvent {
    return { type: 'frame', sender: this, senderFrame: this.frameFor(frame), frameId: this.frameFor(frame).routingId, processId: this.mainFrame.processId };
  }

  private frameFor(frame: Frame): WebFrameMain {
    if (this.page && frame === this.page.mainFrame()) return this.mainFrame;
    let found = this.subFrames.get(frame);
    if (!found) {
      found = new WebFrameMain(this.mainFrame.processId, this.nextRoutingId++, this.mainFrame, () => (frame.isDetached() ? null : frame));
      this.subFrames.set(frame, found);
    }
    return found;
  }

  private async onPopup(popup: Page): Promise<void> {
    const url = popup.url();
    const verdict = this.windowOpenHandler?.({ url }) ?? { action: 'allow' };
    record('window', { id: this.id, event: 'window-open', url, action: verdict.action });
    if (verdict.action === 'deny') await popup.close().catch(() => undefined);
  }

  /** Resolves when the page exists (null if it could not be opened). */
  whenOpen(): Promise<Page | null> {
    return this.opened;
  }

  async loadURL(url: string): Promise<void> {
    const page = await this.opened;
    if (!page || this.destroyed) return;
    this.loading = true;
    record('window', { id: this.id, event: 'load', url });
    try {
      await page.goto(url, { waitUntil: 'load' });
      record('window', { id: this.id, event: 'loaded', url: page.url() });
    } catch (error) {
      this.loading = false;
      this.emit('did-fail-load', preventableEvent(), -2, String(error), url);
      throw error;
    }
  }

  loadFile(path: string): Promise<void> {
    return this.loadURL(pathToFileURL(path).href);
  }

  getURL(): string {
    return this.committedUrl === 'about:blank' ? '' : this.committedUrl;
  }

  getTitle(): string {
    return '';
  }

  isLoading(): boolean {
    return this.loading;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isCrashed(): boolean {
    return false;
  }

  /** main → page, in order, structured-cloned now (later changes to the objects do not travel). */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copy = structuredClone(args);
    record('send', { id: this.id, channel, payload: copy.length === 1 ? copy[0] : copy });
    this.sendChain = this.sendChain.then(async () => {
      const page = await this.opened;
      if (!page || page.isClosed()) return;
      await page
        .evaluate(({ fn, c, a }) => (globalThis as unknown as Record<string, (c: string, a: unknown[]) => number>)[fn]?.(c, a), {
          fn: DELIVER_FUNCTION,
          c: channel,
          a: copy,
        })
        .catch(() => undefined);
    });
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
    record('window', { id: this.id, event: 'set-window-open-handler' });
  }

  focus(): void {
    void this.opened.then((page) => page?.bringToFront().catch(() => undefined));
  }

  async executeJavaScript(code: string): Promise<unknown> {
    const page = await this.opened;
    if (!page) throw new Error('The window has no page');
    return page.evaluate(code);
  }

  openDevTools(): void {}
  closeDevTools(): void {}

  reload(): void {
    void this.opened.then((page) => page?.reload().catch(() => undefined));
  }

  /** Closes the page and its context; no events (BrowserWindow emits them). */
  async dispose(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.opened;
    await this.context?.close().catch(() => undefined);
    this.emit('destroyed');
  }
}

export class BrowserWindow extends EventEmitter {
  readonly id: number;
  readonly webContents: WebContents;
  private title: string;
  private visible: boolean;
  private readonly size: { width: number; height: number };
  private gone: Promise<void> | null = null;
  private isClosedFlag = false;

  static getAllWindows(): BrowserWindow[] {
    return [...windows].filter((w): w is BrowserWindow => w instanceof BrowserWindow);
  }

  static fromWebContents(contents: unknown): BrowserWindow | null {
    return BrowserWindow.getAllWindows().find((w) => w.webContents === contents && !w.isDestroyed()) ?? null;
  }

  static fromId(id: number): BrowserWindow | null {
    return BrowserWindow.getAllWindows().find((w) => w.id === id) ?? null;
  }

  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.getAllWindows()[0] ?? null;
  }

  constructor(options: WindowOptions = {}) {
    super();
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.id = nextId++;
    this.title = options.title ?? 'Taskdeck';
    this.visible = options.show !== false;
    this.size = windowSizeOverride() ?? { width: options.width ?? 800, height: options.height ?? 600 };
    const preferences = { ...(options.webPreferences ?? {}) };
    // What main asked for, so tests can check the window is locked down.
    record('window', {
      id: this.id,
      event: 'created',
      size: this.size,
      webPreferences: {
        ...preferences,
        contextIsolation: preferences.contextIsolation ?? true,
        sandbox: preferences.sandbox ?? true,
        nodeIntegration: preferences.nodeIntegration ?? false,
      },
    });
    this.webContents = new WebContents(this, preferences, this.size);
    windows.add(this);
    // Electron emits ready-to-show once the first paint is ready; here: once the page loaded.
    this.webContents.once('did-finish-load', () => this.emit('ready-to-show'));
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  loadFile(path: string): Promise<void> {
    return this.webContents.loadFile(path);
  }

  show(): void {
    this.visible = true;
    record('window', { id: this.id, event: 'show' });
    this.emit('show');
    this.focus();
  }

  hide(): void {
    this.visible = false;
    this.emit('hide');
  }

  isVisible(): boolean {
    return this.visible;
  }

  focus(): void {
    this.webContents.focus();
    this.emit('focus');
  }

  blur(): void {
    this.emit('blur');
  }

  isFocused(): boolean {
    return this.visible;
  }

  isMinimized(): boolean {
    return false;
  }

  minimize(): void {}
  maximize(): void {}

  restore(): void {
    this.emit('restore');
  }

  setTitle(title: string): void {
    this.title = title;
  }

  getTitle(): string {
    return this.title;
  }

  getBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 0, y: 0, ...this.size };
  }

  getContentSize(): [number, number] {
    return [this.size.width, this.size.height];
  }

  setMenuBarVisibility(): void {}
  removeMenu(): void {}

  isDestroyed(): boolean {
    return this.isClosedFlag;
  }

  /** Like the user closing it: 'close' may be prevented; otherwise it closes. */
  close(): void {
    if (this.isClosedFlag) return;
    const event = preventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.teardown();
  }

  destroy(): void {
    this.teardown();
  }

  closeForQuit(): boolean {
    if (this.isClosedFlag) return true;
    const event = preventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.teardown();
    return true;
  }

  whenGone(): Promise<void> {
    return this.gone ?? Promise.resolve();
  }

  /** The page closed under us (a user closing it, Chromium quitting). */
  pageClosed(): void {
    if (this.isClosedFlag) return;
    this.emit('close', preventableEvent());
    this.teardown();
  }

  private teardown(): void {
    if (this.gone) return;
    this.isClosedFlag = true;
    this.gone = this.webContents.dispose().then(() => {
      windows.delete(this);
      record('window', { id: this.id, event: 'closed' });
      this.emit('closed');
      if (BrowserWindow.getAllWindows().length === 0) app.lastWindowClosed();
    });
  }
}

export const webContents = {
  getAllWebContents: (): WebContents[] => BrowserWindow.getAllWindows().map((w) => w.webContents),
  fromId: (id: number): WebContents | undefined => BrowserWindow.getAllWindows().find((w) => w.id === id)?.webContents,
  getFocusedWebContents: (): WebContents | null => BrowserWindow.getFocusedWindow()?.webContents ?? null,
};
