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
  applySnapshot(snapshot: TaskSnapshot): void;
  applySnapshots(snapshots: readonly TaskSnapshot[]): void;
  loadTasks(businessId: BusinessId): Promise<void>;
  /** Sends a control request and applies the returned snapshot. These calls reject with a UiError. */
  controlTask(control: TaskControl, businessId: BusinessId, taskId: TaskId): Promise<TaskSnapshot>;
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

const CONTROL_CHANNEL = {
  pause: 'tasks:pause',
  resume: 'tasks:resume',
  cancel: 'tasks:cancel',
  retryFailed: 'tasks:retryFailed',
  dismiss: 'tasks:dismiss',
} as const;

export const createTasksSlice: SliceCreator<TasksSlice> = (api) => (set, get) => {
  const inflight = new Map<BusinessId, Promise<void>>();

  return {
    tasksByBusiness: {},
    taskListStatus: {},
    dismissedVersions: {},

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
      const snapshot = await api.invoke(CONTROL_CHANNEL[control], { businessId, taskId });
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
      return snapshot;
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

