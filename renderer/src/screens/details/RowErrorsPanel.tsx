/**
 * The rows a task could not take (facts.details 'row-errors': a contact import's file), each
 * with its line, its reason and what it held; paged on scroll in a virtualized list.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRowError, TaskSnapshot } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { ReasonText } from '../../components/ReasonText.tsx';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { useFormat } from '../../i18n/format.ts';
import type { PageCache } from '../../lib/page-cache.ts';
import { usePagedRows } from '../../lib/use-paged-rows.ts';
import { useApi } from '../../store/index.ts';
import type { KindView } from '../../tasks/kind-view.ts';
import { useKindText } from '../../tasks/kind-words.ts';
import { useLiveRefresh } from './live-refresh.ts';

export function RowErrorsPanel({ task, view }: { task: TaskSnapshot; view: KindView }) {
  const { t } = useTranslation();
  const w = useKindText(view);
  const fmt = useFormat();
  const api = useApi();
  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.invoke('contacts:importErrors', { businessId: task.businessId, taskId: task.id, offset, limit }),
    [api, task.businessId, task.id],
  );
  const cache = usePagedRows<ImportRowError>(`${task.id}`, fetchPage);
  useLiveRefresh(cache as PageCache<unknown>, task.version);
  const total = cache.total;

  return (
    <section className="panel" aria-labelledby="errors-title">
      <div className="panel__head">
        <h2 id="errors-title" className="panel__title">
          {w('items')}
        </h2>
        <span className="panel__count">{total === null ? t('common.loading') : w.plural('shown', total, { n: fmt.integer(total) })}</span>
      </div>
      <ErrorNote error={cache.error} />
      {total === 0 ? (
        <p className="muted empty-list">{w('noItemsYet')}</p>
      ) : (
        <VirtualRows
          cache={cache}
          rowHeight={52}
          label={w('items')}
          className="import-errors"
          head={
            <div className="error-row error-row--head">
              <span>{w('subject')}</span>
              <span>{t('details.col.reason')}</span>
              <span>{t('details.col.raw')}</span>
            </div>
          }
          renderRow={(row) => (
            <div className="error-row">
              <span className="item-row__seq">{fmt.integer(row.row)}</span>
              <ReasonText message={row.reason} />
              <code className="error-row__raw" dir="ltr">
                {row.raw}
              </code>
            </div>
          )}
        />
      )}
    </section>
  );
}
