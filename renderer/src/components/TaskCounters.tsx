import { useTranslation } from 'react-i18next';
import type { TaskSnapshot } from '../../../common/model.ts';
import { useFormat } from '../i18n/format.ts';
import type { KindView } from '../tasks/kind-view.ts';
import { useKindText } from '../tasks/kind-words.ts';

/**
 * succeeded / failed / skipped / cancelled, then the kind's own cells (a broadcast's in
 * doubt): one even strip, always in the same places. "Succeeded" is the kind's word.
 */
export function TaskCounters({ task, view }: { task: TaskSnapshot; view: KindView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useKindText(view);
  const c = task.counters;
  const cells: { key: string; label: string; value: number; tone?: string | undefined }[] = [
    { key: 'succeeded', label: w('succeeded'), value: c.succeeded, tone: 'success' },
    { key: 'failed', label: t('counters.failed'), value: c.failed, tone: 'danger' },
    { key: 'skipped', label: t('counters.skipped'), value: c.skipped },
    { key: 'cancelled', label: t('counters.cancelled'), value: c.cancelled },
  ];
  for (const extra of view.extraCounters ?? []) {
    cells.push({ key: extra.key, label: t(`counters.${extra.key}`), value: c[extra.key], tone: extra.tone });
  }
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
