/**
 * Coalesces task snapshots on their way to the windows: at most one per task per
 * interval (10 a second by default), and the latest one always arrives. A burst
 * from a fast worker costs the renderer one update per interval, not one per item.
 *
 * Per task: the first snapshot after a quiet spell goes out at once (leading edge);
 * later ones within the interval replace each other and the newest goes out when the
 * interval ends (trailing edge). Tasks are throttled independently, so a busy task
 * never delays another task's update.
 */

export interface VersionedSnapshot {
  id: number;
  version: number;
}

export interface SnapshotThrottle<T extends VersionedSnapshot> {
  push(snapshot: T): void;
  /** Delivers everything pending now (e.g. before quitting). */
  flush(): void;
  /** Drops pending snapshots and timers. */
  dispose(): void;
}

interface Slot<T> {
  pending: T | null;
  lastVersion: number;
  timer: ReturnType<typeof setTimeout>;
}

export const DEFAULT_SNAPSHOT_INTERVAL_MS = 100;

export function createSnapshotThrottle<T extends VersionedSnapshot>(
  deliver: (snapshot: T) => void,
  intervalMs = DEFAULT_SNAPSHOT_INTERVAL_MS,
): SnapshotThrottle<T> {
  const slots = new Map<number, Slot<T>>();
  let disposed = false;

  const send = (snapshot: T) => {
    try {
      deliver(snapshot);
    } catch (error) {
      // One failing window must not stop the updates of every other task.
      console.error('[ipc] delivering a task snapshot failed', error);
    }
  };

  // Each slot lives while its task is busy: the timer either sends what piled up
  // and re-arms, or, after a quiet interval, forgets the task.
  const onTimer = (id: number) => {
    const slot = slots.get(id);
    if (!slot) return;
    if (!slot.pending) {
      slots.delete(id);
      return;
    }
    const snapshot = slot.pending;
    slot.pending = null;
    slot.lastVersion = snapshot.version;
    slot.timer = setTimeout(onTimer, intervalMs, id);
    send(snapshot);
  };

  return {
    push(snapshot) {
      if (disposed) return;
      const slot = slots.get(snapshot.id);
      if (!slot) {
        slots.set(snapshot.id, { pending: null, lastVersion: snapshot.version, timer: setTimeout(onTimer, intervalMs, snapshot.id) });
        send(snapshot);
        return;
      }
      // Never replace newer news with older news (the renderer would ignore it anyway).
      if (snapshot.version < slot.lastVersion) return;
      if (slot.pending && snapshot.version < slot.pending.version) return;
      slot.pending = snapshot;
    },
    flush() {
      for (const [id, slot] of slots) {
        clearTimeout(slot.timer);
        slots.delete(id);
        if (slot.pending) send(slot.pending);
      }
    },
    dispose() {
      disposed = true;
      for (const slot of slots.values()) clearTimeout(slot.timer);
      slots.clear();
    },
  };
}
