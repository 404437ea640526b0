/**
 * A task's card as the header, then what its kind's facts say the details are: its items,
 * or (a contact import) the rows that failed. The panels read the kind's view for its words
 * and columns; a kind this build does not know shows its items in neutral words.
 */
import { useTranslation } from 'react-i18next';
import type { BusinessId, ItemState, TaskSnapshot } from '../../../common/model.ts';
import { BackIcon } from '../components/Icons.tsx';
import { TaskCard } from '../components/TaskCard.tsx';
import { useAppStore } from '../store/index.ts';
import { selectTask } from '../store/selectors.ts';
import { useKindView } from '../tasks/views-context.tsx';
import { ItemsPanel } from './details/ItemsPanel.tsx';
import { RowErrorsPanel } from './details/RowErrorsPanel.tsx';

export function TaskDetailsScreen({ businessId, taskId, itemState }: { businessId: BusinessId; taskId: number; itemState?: ItemState | undefined }) {
  const { t } = useTranslation();
  const task = useAppStore(selectTask(businessId, taskId));
  const navigate = useAppStore((s) => s.navigate);

  return (
    <section className="screen screen--details">
      <button type="button" className="btn btn--ghost btn--small back-link" onClick={() => navigate({ screen: 'tasks' })}>
        <BackIcon />
        {t('details.back')}
      </button>
      {task ? (
        <>
          <TaskCard businessId={businessId} taskId={taskId} variant="header" />
          <TaskDetails task={task} initialState={itemState} />
        </>
      ) : (
        <p className="muted">{t('details.notFound')}</p>
      )}
    </section>
  );
}

function TaskDetails({ task, initialState }: { task: TaskSnapshot; initialState?: ItemState | undefined }) {
  const view = useKindView(task.kind);
  return view.facts.details === 'row-errors' ? (
    <RowErrorsPanel task={task} view={view} />
  ) : (
    <ItemsPanel task={task} view={view} initialState={initialState} />
  );
}
