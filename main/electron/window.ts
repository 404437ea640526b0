/**
 * The main window: sandboxed, context-isolated, no Node in the page, our preload
 * only. It never navigates away from the renderer and never opens another window.
 */
import { app, BrowserWindow } from 'electron';
import { isSameDocument } from '../ipc/sender-policy.ts';
import { hardenSession } from './session-policy.ts';
import { windowIconPath } from './window-icon.ts';

export interface WindowOptions {
  preloadPath: string;
  rendererHtml: string;
  /** The Vite dev server; only passed by an unpackaged app. */
  devServerUrl?: string | undefined;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  // build/icons/256x256.png on Linux (and unpackaged on Windows), packed by electron-builder.yml's `files`.
  const icon = windowIconPath(app.getAppPath(), process.platform, app.isPackaged);
  const window = new BrowserWindow({
    title: 'Taskdeck',
    ...(icon ? { icon } : {}),
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click (auxclick) on a link must not even ask for a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = window.webContents;
  hardenSession(contents.session, options.devServerUrl);

  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Covers the main frame and any sub-frame: only in-page moves (hash, query) pass.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isSameDocument(event.url, contents.getURL())) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[window] renderer gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  window.once('ready-to-show', () => window.show());

  if (options.devServerUrl) void window.loadURL(options.devServerUrl);
  else void window.loadFile(options.rendererHtml);
  return window;
}

/** Brings the window to the front (second launch, notification click). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
