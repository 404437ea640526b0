/**
 * Tasks keyed by business, then task id. The window holds no truth: snapshots arrive
 * from tasks:list on load and from main's pushes, and each one replaces the task only
 * when its version is newer than the one held.
 */
import type { SettleResolution } from '../../../common/ipc/contract.ts';
import type { StartRequest } from '../../../common/ipc/start-request.ts';
import type { BusinessId, TaskId, TaskSnapshot } from '../../../common/model.ts';
import { toUiError } from '../lib/errors.ts';
import type { AppState, LoadStatus, SliceCreator } from './types.ts';

export type TaskControl = 'pause' | 'resume' | 'cancel' | 'retryFailed' | 'dismiss';

export interface TasksSlice {
  tasksByBusiness: Readonly<Record<BusinessId, Readonly<Record<TaskId, TaskSnapshot>>>>;
  taskListStatus: Readonly<Record<BusinessId, LoadStatus>>;
  /** Dismissed tasks: the version at dismissal, so a late snapshot cannot bring one back. */
  dismissedVersions: Readonly<Record<TaskId, number>>;
  /**
   * Failed items the last Retry failed of a task kept as they were (recipients who opted
   * out), shown under its buttons until the next control of that task. Kept here, not in the
   * card: the card moves from the finished list to the active one when the retry queues it.
   */
  keptByRetry: Readonly<Record<TaskId, number>>;
  applySnapshot(snapshot: TaskSnapshot): void;
  applySnapshots(snapshots: readonly TaskSnapshot[]): void;
  loadTasks(businessId: BusinessId): Promise<void>;
  /**
   * Sends a control request and applies the returned snapshot; `leftAlone` is how many failed
   * items Retry failed kept as they were (0 for the other controls). Rejects with a UiError.
   */
  controlTask(control: TaskControl, businessId: BusinessId, taskId: TaskId): Promise<{ snapshot: TaskSnapshot; leftAlone: number }>;
  settleInDoubt(
    businessId: BusinessId,
    taskId: TaskId,
    resolution: SettleResolution,
    itemIds?: number[],
  ): Promise<TaskSnapshot>;
  /**
   * Starts a task of any kind (`tasks:start`) and applies its first snapshot. The request is
   * typed per kind by the contract: its `input` is the kind's input schema. A title, when
   * given, is the owner's; leave it out for the kind's own (main rejects a blank one).
   */
  startTask(request: StartRequest): Promise<TaskSnapshot>;
}

/** Pure: the state after applying snapshots, or the same object when none was newer. */
export function withSnapshots(state: AppState, snapshots: readonly TaskSnapshot[]): Partial<AppState> | AppState {
  let byBusiness: Record<BusinessId, Record<TaskId, TaskSnapshot>> | null = null;
  for (const snapshot of snapshots) {
    const source = byBusiness ?? state.tasksByBusiness;
    const held = source[snapshot.businessId]?.[snapshot.id];
    if (held && snapshot.version <= held.version) continue;
    const dismissedAt = state.dismissedVersions[snapshot.id];
    if (dismissedAt !== undefined && snapshot.version <= dismissedAt) continue;
    byBusiness ??= { ...state.tasksByBusiness };
    byBusiness[snapshot.businessId] = { ...byBusiness[snapshot.businessId], [snapshot.id]: snapshot };
  }
  return byBusiness ? { tasksByBusiness: byBusiness } : state;
}

/** The controls answered with the task's snapshot alone (Retry failed also says what it kept). */
const CONTROL_CHANNEL = {
  pause: 'tasks:pause',
  resume: 'tasks:resume',
  cancel: 'tasks:cancel',
  dismiss: 'tasks:dismiss',
} as const satisfies Record<Exclude<TaskControl, 'retryFailed'>, string>;

export const createTasksSlice: SliceCreator<TasksSlice> = (api) => (set, get) => {
  const inflight = new Map<BusinessId, Promise<void>>();

  return {
    tasksByBusiness: {},
    taskListStatus: {},
    dismissedVersions: {},
    keptByRetry: {},

    applySnapshot: (snapshot) => set((state) => withSnapshots(state, [snapshot])),
    applySnapshots: (snapshots) => set((state) => withSnapshots(state, snapshots)),

    loadTasks(businessId) {
      const running = inflight.get(businessId);
      if (running) return running;
      set((s) => ({ taskListStatus: { ...s.taskListStatus, [businessId]: { state: 'loading' } } }));
      const load = api
        .invoke('tasks:list', { businessId })
        .then(
          (list) => {
            set((s) => ({
              ...withSnapshots(s, list),
              taskListStatus: { ...s.taskListStatus, [businessId]: { state: 'ready' } },
            }));
          },
          (error: unknown) => {
            set((s) => ({
              taskListStatus: { ...s.taskListStatus, [businessId]: { state: 'error', error: toUiError(error) } },
            }));
          },
        )
        .finally(() => inflight.delete(businessId));
      inflight.set(businessId, load);
      return load;
    },

    async controlTask(control, businessId, taskId) {
      let snapshot: TaskSnapshot;
      let leftAlone = 0;
      if (get().keptByRetry[taskId] !== undefined) {
        set((s) => {
          const kept = { ...s.keptByRetry };
          delete kept[taskId];
          return { keptByRetry: kept };
        });
      }
      if (control === 'retryFailed') {
        const answer = await api.invoke('tasks:retryFailed', { businessId, taskId });
        snapshot = answer.task;
        leftAlone = answer.leftAlone;
        if (leftAlone > 0) set((s) => ({ keptByRetry: { ...s.keptByRetry, [taskId]: leftAlone } }));
      } else {
        snapshot = await api.invoke(CONTROL_CHANNEL[control], { businessId, taskId });
      }
      if (control === 'dismiss') {
        set((s) => {
          const tasks = { ...s.tasksByBusiness[businessId] };
          delete tasks[taskId];
          const held = s.tasksByBusiness[businessId]?.[taskId]?.version ?? 0;
          return {
            tasksByBusiness: { ...s.tasksByBusiness, [businessId]: tasks },
            dismissedVersions: { ...s.dismissedVersions, [taskId]: Math.max(held, snapshot.version) },
          };
        });
      } else {
        get().applySnapshot(snapshot);
      }
      return { snapshot, leftAlone };
    },

    async settleInDoubt(businessId, taskId, resolution, itemIds) {
      const request = itemIds?.length
        ? { businessId, taskId, resolution, itemIds }
        : { businessId, taskId, resolution };
      const snapshot = await api.invoke('tasks:settleInDoubt', request);
      get().applySnapshot(snapshot);
      return snapshot;
    },

    // The one place the window starts a task: every kind's form, composer and button comes here.
    async startTask(request) {
      const snapshot = await api.invoke('tasks:start', request);
      get().applySnapshot(snapshot);
      return snapshot;
    },
  };
};

