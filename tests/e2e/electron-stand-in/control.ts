/**
 * The harness's hand on the app, over the host's IPC channel: quit (as the menu
 * would), close the windows (as the user would), click the tray or its menu, emit
 * power events. SIGTERM/SIGINT quit gracefully, and a harness that goes away quits
 * the app too.
 */
import { app } from './app.ts';
import { BrowserWindow } from './browser-window.ts';
import { preventableEvent } from './events.ts';
import { powerMonitor } from './os-integration.ts';
import { isCommand, record } from './records.ts';
import { trays } from './tray-menu.ts';

export function listenForCommands(): void {
  if (process.send) {
    process.on('message', (message: unknown) => {
      if (!isCommand(message)) return;
      switch (message.command) {
        case 'quit':
          app.quit();
          break;
        case 'close-windows':
          for (const window of BrowserWindow.getAllWindows()) window.close();
          break;
        case 'power':
          powerMonitor.emit(message.event, preventableEvent());
          break;
        case 'tray-click':
          for (const tray of trays) tray.userClick();
          break;
        case 'tray-menu':
          if (![...trays].some((tray) => tray.userChoose(message.label))) record('tray', { event: 'no-such-item', label: message.label });
          break;
      }
    });
    process.on('disconnect', () => app.quit());
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => app.quit());
}
