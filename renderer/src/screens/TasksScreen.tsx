/** One card per task; filters by kind and status; active work first, then history. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TASK_STATUSES, type BusinessId, type TaskStatus } from '../../../common/model.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { PlusIcon, UsersIcon } from '../components/Icons.tsx';
import { TaskCard } from '../components/TaskCard.tsx';
import { useAppStore, useAppStoreEq } from '../store/index.ts';
import { selectTaskIds, type TaskFilter } from '../store/selectors.ts';
import { kindText } from '../tasks/kind-words.ts';
import { useKindViews } from '../tasks/views-context.tsx';

/** The select's value for "all kinds" / "all statuses". */
const ANY = 'all';

const sameIds = (a: { active: number[]; history: number[] }, b: { active: number[]; history: number[] }) =>
  a.active.length === b.active.length &&
  a.history.length === b.history.length &&
  a.active.every((id, i) => id === b.active[i]) &&
  a.history.every((id, i) => id === b.history[i]);

export function TasksScreen({ businessId }: { businessId: BusinessId }) {
  const { t, i18n } = useTranslation();
  const views = useKindViews();
  const [filter, setFilter] = useState<TaskFilter>({ kind: null, status: null });
  const ids = useAppStoreEq(selectTaskIds(businessId, filter), sameIds);
  const status = useAppStore((s) => s.taskListStatus[businessId]);
  const loadTasks = useAppStore((s) => s.loadTasks);
  const navigate = useAppStore((s) => s.navigate);
  const hasAny = useAppStore((s) => Object.keys(s.tasksByBusiness[businessId] ?? {}).length > 0);
  const filtered = filter.kind !== null || filter.status !== null;

  return (
    <section className="screen" aria-labelledby="tasks-title">
      <div className="screen__head">
        <h2 id="tasks-title" className="screen__title">
          {t('tasks.title')}
        </h2>
        <div className="filters" role="group" aria-label={t('tasks.filters')}>
          <div className="field field--inline">
            <label className="field__label" htmlFor="task-kind-filter">
              {t('tasks.kindFilter')}
            </label>
            <select
              id="task-kind-filter"
              className="input input--small"
              value={filter.kind ?? ANY}
              onChange={(e) => setFilter({ ...filter, kind: e.target.value === ANY ? null : e.target.value })}
            >
              <option value={ANY}>{t('tasks.allKinds')}</option>
              {views.all().map((view) => (
                <option key={view.facts.id} value={view.facts.id}>
                  {kindText(view, i18n.language)('name')}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--inline">
            <label className="field__label" htmlFor="task-status-filter">
              {t('tasks.statusFilter')}
            </label>
            <select
              id="task-status-filter"
              className="input input--small"
              value={filter.status ?? ANY}
              onChange={(e) => setFilter({ ...filter, status: e.target.value === ANY ? null : (e.target.value as TaskStatus) })}
            >
              <option value={ANY}>{t('tasks.allStatuses')}</option>
              {TASK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      {status?.state === 'error' ? (
        <div className="stack">
          <ErrorNote error={status.error} />
          <button type="button" className="btn btn--small" onClick={() => void loadTasks(businessId)}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}

      {status?.state === 'loading' && !hasAny ? <p className="muted">{t('common.loading')}</p> : null}

      {status?.state === 'ready' && !hasAny ? (
        <div className="empty">
          <p className="empty__title">{t('tasks.emptyTitle')}</p>
          <p className="muted">{t('tasks.emptyBody')}</p>
          <div className="empty__actions">
            <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: 'compose' })}>
              <PlusIcon />
              {t('nav.compose')}
            </button>
            <button type="button" className="btn" onClick={() => navigate({ screen: 'contacts' })}>
              <UsersIcon />
              {t('contacts.import')}
            </button>
          </div>
        </div>
      ) : null}

      {hasAny && filtered && ids.active.length + ids.history.length === 0 ? (
        <p className="muted">{t('tasks.noneMatch')}</p>
      ) : null}

      {ids.active.length > 0 ? (
        <section aria-labelledby="tasks-active" className="task-group">
          <h3 id="tasks-active" className="group-title">
            {t('tasks.active')}
          </h3>
          <div className="task-list">
            {ids.active.map((id) => (
              <TaskCard key={id} businessId={businessId} taskId={id} />
            ))}
          </div>
        </section>
      ) : null}

      {ids.history.length > 0 ? (
        <section aria-labelledby="tasks-history" className="task-group">
          <h3 id="tasks-history" className="group-title">
            {t('tasks.history')}
          </h3>
          <div className="task-list">
            {ids.history.map((id) => (
              <TaskCard key={id} businessId={businessId} taskId={id} />
            ))}
          </div>
        </section>
      ) : null}
    </section>
  );
}
