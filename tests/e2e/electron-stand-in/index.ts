/**
 * A stand-in for the `electron` module of the main process: just what main/electron/
 * uses, over headless Chromium (windows), Node child processes (utility processes) and
 * recorders (OS integration). Loaded instead of Electron by register.ts.
 */
import { app } from './app.ts';
import { BrowserWindow, webContents } from './browser-window.ts';
import { listenForCommands } from './control.ts';
import { ipcMain } from './ipc-main.ts';
import { dialog, nativeTheme, Notification, powerMonitor, powerSaveBlocker, safeStorage, shell } from './os-integration.ts';
import { session } from './session.ts';
import { Menu, MenuItem, nativeImage, Tray } from './tray-menu.ts';
import { utilityProcess } from './utility-process.ts';

listenForCommands();

/** net: the machine running the tests is always "online"; offline is simulated by the app's test-mode setting. */
const net = {
  isOnline(): boolean {
    return true;
  },
};

export {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MenuItem,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  safeStorage,
  session,
  shell,
  Tray,
  utilityProcess,
  webContents,
};
export { records } from './records.ts';

const electron = {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MenuItem,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  safeStorage,
  session,
  shell,
  Tray,
  utilityProcess,
  webContents,
};
export default electron;
