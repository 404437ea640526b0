/**
 * What the paged list screens (Contacts, Receipts) share: the cards of the tasks that change
 * the list (the kinds whose view is `listedOn` the page: imports; syncs and deletes), a
 * refetch when one of them finishes, and the list's body (its empty state, or the virtual rows).
 */
import { useEffect, useMemo, useRef } from 'react';
import type { BusinessId, TaskId } from '../../../common/model.ts';
import { isFinished } from '../lib/task-view.ts';
import { useAppStore, useAppStoreEq } from '../store/index.ts';
import type { KindView } from '../tasks/kind-view.ts';
import { useKindViews } from '../tasks/views-context.tsx';
import { TaskCard } from './TaskCard.tsx';
import { VirtualRows, type VirtualRowsProps } from './VirtualRows.tsx';

const sameList = (a: TaskId[], b: TaskId[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Tasks of the kinds listed on `page` in this business: `taskIds` are the running ones, newest
 * first, then the latest finished one. `finished` counts the finished ones; when it grows, one
 * has just finished and changed the rows, so `list` fetches what is on screen again.
 */
export function useListTasks(
  businessId: BusinessId,
  page: NonNullable<KindView['listedOn']>,
  list: { refresh(): void },
): { taskIds: TaskId[]; finished: number } {
  const views = useKindViews();
  const kinds = useMemo(() => views.all().filter((view) => view.listedOn === page).map((view) => view.facts.id), [views, page]);
  const taskIds = useAppStoreEq((s) => {
    const tasks = Object.values(s.tasksByBusiness[businessId] ?? {})
      .filter((task) => kinds.includes(task.kind))
      .sort((a, b) => b.id - a.id);
    const active = tasks.filter((task) => !isFinished(task.status));
    const latestDone = tasks.find((task) => isFinished(task.status));
    return [...active, ...(latestDone ? [latestDone] : [])].map((task) => task.id);
  }, sameList);
  const finished = useAppStore(
    (s) => Object.values(s.tasksByBusiness[businessId] ?? {}).filter((task) => kinds.includes(task.kind) && isFinished(task.status)).length,
  );
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    list.refresh();
  }, [list, finished]);
  return { taskIds, finished };
}

export function TaskCardList({ businessId, taskIds }: { businessId: BusinessId; taskIds: readonly TaskId[] }) {
  if (taskIds.length === 0) return null;
  return (
    <div className="task-list">
      {taskIds.map((id) => (
        <TaskCard key={id} businessId={businessId} taskId={id} />
      ))}
    </div>
  );
}

/** `empty` when the query has no rows at all, else the virtual rows. */
export function PagedRows<T>({ empty, ...rows }: VirtualRowsProps<T> & { empty: string }) {
  return rows.cache.total === 0 ? <p className="muted empty-list">{empty}</p> : <VirtualRows {...rows} />;
}
