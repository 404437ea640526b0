/**
 * The buttons a task offers in its state (and its kind's facts). Cancel asks first, saying
 * how many are left in the kind's words.
 * Errors from main show inline under the buttons.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskSnapshot } from '../../../common/model.ts';
import { reason } from '../../../common/reasons.ts';
import { useFormat } from '../i18n/format.ts';
import { isolate } from '../lib/bidi.ts';
import { actionsFor, remainingOf } from '../lib/task-view.ts';
import { useAction } from '../lib/use-action.ts';
import { useAppStore } from '../store/index.ts';
import type { TaskControl } from '../store/tasks.ts';
import type { KindView } from '../tasks/kind-view.ts';
import { useKindText } from '../tasks/kind-words.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { DismissIcon, PauseIcon, PlayIcon, RetryIcon, StopIcon } from './Icons.tsx';
import { Modal } from './Modal.tsx';
import { ReasonText, useTaskTitle } from './ReasonText.tsx';

const ICONS: Record<TaskControl, () => React.JSX.Element> = {
  pause: PauseIcon,
  resume: PlayIcon,
  cancel: StopIcon,
  retryFailed: RetryIcon,
  dismiss: DismissIcon,
};

export function TaskActions({ task, view, children }: { task: TaskSnapshot; view: KindView; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const w = useKindText(view);
  const fmt = useFormat();
  const controlTask = useAppStore((s) => s.controlTask);
  const title = useTaskTitle(task.title);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const control = useAction((action: TaskControl) => controlTask(action, task.businessId, task.id));
  // Failed items Retry failed kept as they were (recipients who opted out), said under the buttons.
  const keptByRetry = useAppStore((s) => s.keptByRetry[task.id] ?? 0);
  const run = (action: TaskControl) => void control.run(action);

  const actions = actionsFor(task, view.facts);
  const left = remainingOf(task);

  return (
    <>
      <div className="task-actions">
        {children}
        {actions.map((action) => {
          const Icon = ICONS[action];
          return (
            <button
              key={action}
              type="button"
              className={`btn btn--small${action === 'cancel' ? ' btn--danger-outline' : ''}`}
              disabled={control.busy}
              aria-busy={control.running?.[0] === action}
              onClick={() => (action === 'cancel' ? setConfirmCancel(true) : run(action))}
            >
              <Icon />
              {t(`actions.${action}`)}
            </button>
          );
        })}
      </div>
      <ErrorNote error={control.error} onDismiss={control.clearError} />
      {keptByRetry > 0 ? (
        <p className="note note--info" data-testid="retry-left-alone" role="status">
          <ReasonText message={reason('retryLeftOptedOut', { count: keptByRetry })} />
        </p>
      ) : null}
      {confirmCancel ? (
        <Modal
          tone="danger"
          title={w('cancelTitle', { title: isolate(title) })}
          onClose={() => setConfirmCancel(false)}
          actions={
            <>
              <button type="button" className="btn" data-autofocus onClick={() => setConfirmCancel(false)}>
                {t('cancelDialog.keep')}
              </button>
              <button
                type="button"
                className="btn btn--danger"
                onClick={() => {
                  setConfirmCancel(false);
                  run('cancel');
                }}
              >
                {w('cancelConfirm')}
              </button>
            </>
          }
        >
          <p>{w.plural('cancelLeft', left, { n: fmt.integer(left) })}</p>
          <p>{t('cancelDialog.kept', { n: fmt.integer(task.counters.processed) })}</p>
        </Modal>
      ) : null}
    </>
  );
}
