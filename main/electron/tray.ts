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
  let shown = -1;

  const render = () => {
    if (running.size === shown) return;
    shown = running.size;
    const label = running.size === 0 ? 'No tasks running' : running.size === 1 ? '1 task running' : `${running.size} tasks running`;
    tray.setToolTip(`Taskdeck — ${label}`);
    tray.setImage(trayIcon(running.size > 0));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: false },
        { type: 'separator' },
        { label: 'Show Taskdeck', click: () => actions.show() },
        { label: 'Pause all', enabled: running.size > 0, click: () => actions.pauseAll() },
        { type: 'separator' },
        { label: 'Quit Taskdeck', click: () => actions.quit() },
      ]),
    );
  };

  tray.on('click', () => actions.show());
  const unsubscribe = actions.onSnapshot((task) => {
    if (task.status === 'running' || task.status === 'waiting') running.add(task.id);
    else running.delete(task.id);
    render();
  });
  render();

  return () => {
    unsubscribe();
    tray.destroy();
  };
}
