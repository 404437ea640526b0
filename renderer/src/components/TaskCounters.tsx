import { useTranslation } from 'react-i18next';
import type { TaskSnapshot } from '../../../common/model.ts';
import { useFormat } from '../i18n/format.ts';

/** sent / failed / skipped / cancelled / in doubt: one even strip, always in the same places. */
export function TaskCounters({ task }: { task: TaskSnapshot }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = task.counters;
  const cells: { key: string; label: string; value: number; tone?: string }[] = [
    { key: 'succeeded', label: t(`counters.succeeded.${task.kind}`), value: c.succeeded, tone: 'success' },
    { key: 'failed', label: t('counters.failed'), value: c.failed, tone: 'danger' },
    { key: 'skipped', label: t('counters.skipped'), value: c.skipped },
    { key: 'cancelled', label: t('counters.cancelled'), value: c.cancelled },
  ];
  if (task.kind === 'broadcast') cells.push({ key: 'inDoubt', label: t('counters.inDoubt'), value: c.inDoubt, tone: 'warning' });
  return (
    <dl className="counters" style={{ gridTemplateColumns: `repeat(${cells.length}, minmax(0, 1fr))` }}>
      {cells.map((cell) => (
        <div
          key={cell.key}
          className={`counter${cell.tone ? ` counter--${cell.tone}` : ''}${cell.value === 0 ? ' counter--zero' : ''}`}
          data-counter={cell.key}
        >
          <dt>{cell.label}</dt>
          <dd>{fmt.integer(cell.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
