/**
 * Keeps the computer from sleeping while a task is running or waiting to go on
 * (a broadcast left overnight should not stall at the first idle sleep). The display
 * may still turn off: 'prevent-app-suspension' asks only that the system stays up.
 */
import { powerSaveBlocker } from 'electron';
import type { TaskSnapshot } from '../../common/model.ts';

type SubscribeSnapshots = (listener: (snapshot: TaskSnapshot) => void) => () => void;

export function keepAwakeWhileTasksRun(onSnapshot: SubscribeSnapshots): () => void {
  const busy = new Set<number>();
  let blockerId: number | null = null;

  const update = () => {
    if (busy.size > 0 && blockerId === null) {
      blockerId = powerSaveBlocker.start('prevent-app-suspension');
    } else if (busy.size === 0 && blockerId !== null) {
      powerSaveBlocker.stop(blockerId);
      blockerId = null;
    }
  };

  const unsubscribe = onSnapshot((task) => {
    if (task.status === 'running' || task.status === 'waiting') busy.add(task.id);
    else busy.delete(task.id);
    update();
  });

  return () => {
    unsubscribe();
    busy.clear();
    update();
  };
}
