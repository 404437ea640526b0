import { useTranslation } from 'react-i18next';
import type { TaskSnapshot } from '../../../common/model.ts';
import { STATUS_TONE } from '../lib/task-view.ts';

/** The status in words, with the wait reason, and "cancelling…"/"pausing…" while requested. */
export function StatusBadge({ task }: { task: TaskSnapshot }) {
  const { t } = useTranslation();
  let label: string;
  if (task.cancelRequested && task.status !== 'cancelled') label = t('status.cancelling');
  else if (task.pauseRequested && task.status !== 'paused') label = t('status.pausing');
  else if (task.status === 'waiting') label = t(`waiting.${task.waitReason ?? 'unknown'}`);
  else if (task.status === 'completed' && task.counters.inDoubt > 0) label = t('status.completedNeedsCheck');
  else label = t(`status.${task.status}`);
  // Finished with items in doubt is not a green "done": the owner has something to decide.
  const tone = task.status === 'completed' && task.counters.inDoubt > 0 ? 'warning' : STATUS_TONE[task.status];
  return (
    <span className={`badge badge--${tone}`} data-testid="status-badge">
      <span className="badge__dot" aria-hidden="true" />
      {label}
    </span>
  );
}
