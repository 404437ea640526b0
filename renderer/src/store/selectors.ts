/**
 * Selectors. A card subscribes to its own task only (the snapshot object changes only
 * when that task gets a newer version); lists subscribe to id arrays compared shallowly.
 */
import type { BusinessId, TaskId, TaskKindId, TaskSnapshot, TaskStatus } from '../../../common/model.ts';
import { compareTasks, isFinished } from '../lib/task-view.ts';
import type { AppState } from './types.ts';

const NO_TASKS: Readonly<Record<TaskId, TaskSnapshot>> = Object.freeze({});

export const selectTask =
  (businessId: BusinessId, taskId: TaskId) =>
  (state: AppState): TaskSnapshot | undefined =>
    state.tasksByBusiness[businessId]?.[taskId];

export const selectBusinessTasks = (businessId: BusinessId | null) => (state: AppState) =>
  businessId === null ? NO_TASKS : (state.tasksByBusiness[businessId] ?? NO_TASKS);

/** null: any kind, any status. */
export interface TaskFilter {
  kind: TaskKindId | null;
  status: TaskStatus | null;
}

/** Ids in display order: active work first, then history, newest first within each. */
export const selectTaskIds =
  (businessId: BusinessId | null, filter: TaskFilter) =>
  (state: AppState): { active: TaskId[]; history: TaskId[] } => {
    const tasks = Object.values(selectBusinessTasks(businessId)(state))
      .filter((t) => (filter.kind === null || t.kind === filter.kind) && (filter.status === null || t.status === filter.status))
      .sort(compareTasks);
    return {
      active: tasks.filter((t) => !isFinished(t.status)).map((t) => t.id),
      history: tasks.filter((t) => isFinished(t.status)).map((t) => t.id),
    };
  };

export const selectStatusCount = (businessId: BusinessId | null, statuses: readonly TaskStatus[]) => (state: AppState) => {
  let n = 0;
  for (const task of Object.values(selectBusinessTasks(businessId)(state))) if (statuses.includes(task.status)) n++;
  return n;
};

export const selectSelectedBusiness = (state: AppState) =>
  state.businesses.find((b) => b.id === state.selectedBusinessId) ?? null;
