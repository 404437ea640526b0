/**
 * Wires the IPC contract to Electron: one ipcMain.handle per request channel
 * (sender check, then dispatch), and task snapshots pushed to the windows,
 * coalesced per task. The rules themselves live in Electron-free modules.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { REQUEST_CHANNELS } from '../../common/ipc/channels.ts';
import type { TaskSnapshot } from '../../common/model.ts';
import { fail } from '../../common/result.ts';
import type { AppCore } from '../app-core.ts';
import { dispatch } from '../ipc/dispatch.ts';
import { checkSender, isRendererUrl, type RendererLocation, type SenderFacts } from '../ipc/sender-policy.ts';
import { createSnapshotThrottle } from '../ipc/snapshot-throttle.ts';

const SNAPSHOT_EVENT = 'tasks:snapshot';

export function registerIpcBridge(core: Pick<AppCore, 'handlers' | 'onSnapshot'>, location: RendererLocation): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const verdict = checkSender(senderFacts(event), location);
      if (!verdict.ok) {
        console.warn(`[ipc] refused ${channel}: ${verdict.reason}`);
        return fail('forbidden', 'This request did not come from the Taskdeck window.');
      }
      return dispatch(core.handlers, channel, payload);
    });
  }

  const throttle = createSnapshotThrottle<TaskSnapshot>((snapshot) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (contents.isDestroyed() || !showsRenderer(contents, location)) continue;
      contents.send(SNAPSHOT_EVENT, snapshot);
    }
  });
  const unsubscribe = core.onSnapshot((snapshot) => throttle.push(snapshot));

  return () => {
    unsubscribe();
    throttle.dispose();
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

function senderFacts(event: IpcMainInvokeEvent): SenderFacts {
  const frame = event.senderFrame;
  const contents = event.sender;
  if (!frame || frame.detached || contents.isDestroyed()) return { hasFrame: false, isMainFrame: false, isAppWindow: false, url: '' };
  const main = contents.mainFrame;
  return {
    hasFrame: true,
    isMainFrame: frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId,
    isAppWindow: BrowserWindow.fromWebContents(contents) !== null,
    url: frame.url,
  };
}

function showsRenderer(contents: WebContents, location: RendererLocation): boolean {
  // A window that is still loading has no URL yet; it asks for a fresh list once loaded.
  return isRendererUrl(contents.getURL(), location);
}
