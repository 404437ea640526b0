/**
 * One task: kind icon, title, status, progress, counters, pace and times, the last
 * error in plain words, and the buttons its state allows. Subscribes to its own task
 * only, so a snapshot for another task does not re-render it. Everything about its kind
 * (icon, words, extra counters, account shortcuts) comes from the kind's view; a kind this
 * build does not know gets the stand-in view and a line saying so.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessId, TaskId, TaskSnapshot } from '../../../common/model.ts';
import { useFormat } from '../i18n/format.ts';
import { isolate } from '../lib/bidi.ts';
import { etaSeconds, isFinished, progressOf, STATUS_TONE } from '../lib/task-view.ts';
import { useAppStore } from '../store/index.ts';
import { selectTask } from '../store/selectors.ts';
import type { KindView } from '../tasks/kind-view.ts';
import { useKindText } from '../tasks/kind-words.ts';
import { useKindView } from '../tasks/views-context.tsx';
import { AlertIcon, KindIcon, ListIcon } from './Icons.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { ReasonText, TitleText, useTaskTitle } from './ReasonText.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TaskActions } from './TaskActions.tsx';
import { TaskCounters } from './TaskCounters.tsx';

export interface TaskCardProps {
  businessId: BusinessId;
  taskId: TaskId;
  /** On the details page the card is the header: no "details" link. */
  variant?: 'list' | 'header';
}

export const TaskCard = memo(function TaskCard({ businessId, taskId, variant = 'list' }: TaskCardProps) {
  const task = useAppStore(selectTask(businessId, taskId));
  if (!task) return null;
  return <TaskCardView task={task} variant={variant} />;
});

function TaskCardView({ task, variant }: { task: TaskSnapshot; variant: 'list' | 'header' }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useAppStore((s) => s.navigate);
  const view = useKindView(task.kind);
  const w = useKindText(view);
  const tone = STATUS_TONE[task.status];
  const eta = etaSeconds(task);
  const titleId = `task-${task.id}-title`;
  const title = useTaskTitle(task.title);
  const Heading = variant === 'header' ? 'h1' : 'h3';

  return (
    <article className={`card task-card task-card--${variant}`} data-status={task.status} aria-labelledby={titleId}>
      <header className="task-card__head">
        <KindIcon icon={view.icon} tone={view.iconTone} />
        <div className="task-card__title">
          <Heading id={titleId}>
            <TitleText message={task.title} />
          </Heading>
          <span className="task-card__kind">{view.unknown ? <bdi dir="ltr">{task.kind}</bdi> : w('name')}</span>
        </div>
        <StatusBadge task={task} />
      </header>

      <div className="task-card__progress">
        <ProgressBar value={progressOf(task)} tone={tone} label={t('task.progressLabel', { title: isolate(title) })} />
        <div className="task-card__progress-meta">
          <span className="task-card__processed" data-counter="processed">
            {task.counters.total === 0 && !isFinished(task.status)
              ? w('preparing')
              : t('counters.processedOf', { done: fmt.integer(task.counters.processed), total: fmt.integer(task.counters.total) })}
          </span>
          {task.status === 'running' ? (
            <span className="task-card__pace" data-testid="pace">
              {task.rate !== null ? w('rate', { rate: fmt.decimal(task.rate) }) : t('task.measuring')}
              {eta !== null ? (
                <>
                  <span className="meta-sep" aria-hidden="true">
                    ·
                  </span>
                  {t('task.eta', { time: fmt.duration(eta) })}
                </>
              ) : null}
            </span>
          ) : null}
        </div>
      </div>

      {view.unknown ? (
        <p className="note note--info task-card__unknown" data-testid="unknown-kind">
          <AlertIcon />
          <span className="note__body">{t('task.unknownKind', { kind: task.kind })}</span>
        </p>
      ) : null}

      <TaskCounters task={task} view={view} />

      {task.status === 'waiting' ? <WaitNote task={task} view={view} /> : task.lastError ? (
        <p className={`note ${task.status === 'failed' ? 'note--danger' : 'note--warning'} task-card__error`}>
          <AlertIcon />
          <span className="note__body">
            <ReasonText data-testid="last-error" message={task.lastError} />
          </span>
        </p>
      ) : null}

      {task.counters.inDoubt > 0 && variant === 'list' ? (
        <div className="note note--warning task-card__doubt">
          <AlertIcon />
          <span className="note__body">
            {w.inDoubt(task.counters.inDoubt, fmt.integer(task.counters.inDoubt))?.notice ??
              t('task.inDoubtNotice', { count: task.counters.inDoubt, n: fmt.integer(task.counters.inDoubt) })}
          </span>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => navigate({ screen: 'task', taskId: task.id, itemState: 'in_doubt' })}
          >
            {t('task.reviewInDoubt')}
          </button>
        </div>
      ) : null}

      <footer className="task-card__foot">
        <p className="task-card__times">
          {task.startedAt ? (
            <span>{t('task.started', { time: fmt.when(task.startedAt) })}</span>
          ) : (
            <span>{t('task.created', { time: fmt.when(task.createdAt) })}</span>
          )}
          {task.finishedAt && isFinished(task.status) ? <span>{t('task.finished', { time: fmt.when(task.finishedAt) })}</span> : null}
        </p>
        <TaskActions task={task} view={view}>
          {variant === 'list' ? (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => navigate({ screen: 'task', taskId: task.id })}>
              <ListIcon />
              {w('detailsLink')}
            </button>
          ) : null}
        </TaskActions>
      </footer>
    </article>
  );
}

/**
 * Why a task waits. main's reason says it all when it can be shown in the window's
 * language (always in English; otherwise when it is a sentence of main's catalogue); when
 * it cannot, a translated line leads. A rate limit always says it slows down by itself.
 * Waiting for the account: main's reason and what to do, then the kind's shortcuts to where
 * it is done (its view's `accountShortcuts`: Gmail's connection, a WhatsApp token…).
 */
function WaitNote({ task, view }: { task: TaskSnapshot; view: KindView }) {
  const { t, i18n } = useTranslation();
  const forAccount = task.waitReason === 'account';
  const Shortcuts = view.accountShortcuts;

  // Main's words explain the wait; text it could not put in the window's language gets a headline above it.
  const shown = !!task.lastError && (i18n.language === 'en' || task.lastError.key !== 'verbatim');
  const lead = !shown || task.waitReason === 'rate_limit';
  return (
    <div className={`note note--warning task-card__error${forAccount ? ' task-card__wait--account' : ''}`} data-testid="wait-reason">
      <AlertIcon />
      <span className="note__body">
        {lead ? <span className="note__title">{t(`waitingHelp.${task.waitReason ?? 'unknown'}`)}</span> : null}
        {task.lastError ? <ReasonText className="note__detail" data-testid="last-error" message={task.lastError} /> : null}
        {forAccount ? <span className="note__detail">{t('task.accountResume')}</span> : null}
        {forAccount && Shortcuts ? <Shortcuts task={task} /> : null}
      </span>
    </div>
  );
}
