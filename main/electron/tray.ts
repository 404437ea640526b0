/**
 * The tray: the number of running tasks at a glance, and Show / Pause all / Quit,
 * so tasks can keep going with the window closed.
 */
import { Menu, Tray } from 'electron';
import type { TaskSnapshot } from '../../common/model.ts';
import { trayIcon } from './tray-icon.ts';

type SubscribeSnapshots = (listener: (snapshot: TaskSnapshot) => void) => () => void;

export interface TrayActions {
  onSnapshot: SubscribeSnapshots;
  show(): void;
  pauseAll(): void;
  quit(): void;
}

export function createTray(actions: TrayActions): () => void {
  const tray = new Tray(trayIcon(false));
  const running = new Set<number>();
  const waiting = new Set<number>();
  let shown = '';

  const render = () => {
    // Same words as the window's header: running and waiting are counted apart.
    const parts = [];
    if (running.size) parts.push(`${running.size} running`);
    if (waiting.size) parts.push(`${waiting.size} waiting`);
    const label = parts.length ? parts.join(' · ') : 'Nothing running';
    if (label === shown) return;
    shown = label;
    const busy = running.size + waiting.size;
    tray.setToolTip(`Taskdeck — ${label}`);
    tray.setImage(trayIcon(busy > 0));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: false },
        { type: 'separator' },
        { label: 'Show Taskdeck', click: () => actions.show() },
        { label: 'Pause all', enabled: busy > 0, click: () => actions.pauseAll() },
        { type: 'separator' },
        { label: 'Quit Taskdeck', click: () => actions.quit() },
      ]),
    );
  };

  tray.on('click', () => actions.show());
  const unsubscribe = actions.onSnapshot((task) => {
    running.delete(task.id);
    waiting.delete(task.id);
    if (task.status === 'running') running.add(task.id);
    else if (task.status === 'waiting') waiting.add(task.id);
    render();
  });
  render();

  return () => {
    unsubscribe();
    tray.destroy();
  };
}
