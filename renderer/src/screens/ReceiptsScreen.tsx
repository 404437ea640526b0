/**
 * Receipts: the business's Gmail connection (receipts/GmailBox: connect with the OAuth
 * client saved in Settings, sync now, disconnect), and a virtualized, paged list of the
 * receipts kept on this computer with filters, multi-select, attachments to open
 * (receipts/Attachments), and deleting local copies, never mail in Gmail
 * (receipts/DeleteConfirm). Syncs and deletes run as tasks; their cards show progress here
 * and on Tasks.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessId, Receipt } from '../../../common/model.ts';
import { RECEIPTS_FILTER_TEXT_MAX, type ReceiptsFilter } from '../../../common/receipts-filter.ts';
import { type ReceiptsDeleteParams } from '../../../common/tasks/receipts-delete/params.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { SearchIcon } from '../components/Icons.tsx';
import { PagedRows, TaskCardList, useListTasks } from '../components/ListScreen.tsx';
import { useFormat } from '../i18n/format.ts';
import { isolate } from '../lib/bidi.ts';
import { useAction } from '../lib/use-action.ts';
import { EMPTY_RECEIPT_FILTER, isEmptyFilter, toReceiptsFilter, type ReceiptFilterDraft } from '../lib/receipts.ts';
import { useDebounced, usePagedRows } from '../lib/use-paged-rows.ts';
import { useApi, useAppStore } from '../store/index.ts';
import { Attachments } from './receipts/Attachments.tsx';
import { DeleteConfirm } from './receipts/DeleteConfirm.tsx';
import { GmailBox } from './receipts/GmailBox.tsx';

export function ReceiptsScreen({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const startTask = useAppStore((s) => s.startTask);
  const [draft, setDraft] = useState<ReceiptFilterDraft>(EMPTY_RECEIPT_FILTER);
  const settled = useDebounced(draft, 250);
  const { filter, error: filterError } = toReceiptsFilter(settled);
  const filterKey = JSON.stringify(filter);
  const filtered = !isEmptyFilter(filter);

  const fetchPage = useCallback(
    (offset: number, limit: number) => {
      const current = JSON.parse(filterKey) as ReceiptsFilter;
      return api.invoke('receipts:list', { businessId, offset, limit, ...(isEmptyFilter(current) ? {} : { filter: current }) });
    },
    [api, businessId, filterKey],
  );
  const cache = usePagedRows<Receipt>(`${businessId}|${filterKey}`, fetchPage);

  // Selection: single ids, or every receipt matching the filters.
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [filterKey]);
  const [expandedId, setExpandedId] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<ReceiptsDeleteParams | null>(null);

  // Syncs and deletes of this business (the running ones, and the latest finished one); a finished one changed the rows.
  const { taskIds, finished } = useListTasks(businessId, 'receipts', cache);

  function toggle(id: number) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function clearSelection() {
    setSelected(new Set());
    setAllMatching(false);
  }

  // The dialog closes when the delete task has started, or with the reason it could not.
  const removing = useAction(async (params: ReceiptsDeleteParams) => {
    try {
      await startTask({ businessId, kind: 'receipts-delete', input: params });
    } finally {
      setConfirm(null);
    }
    clearSelection();
  });

  const selectedCount = allMatching ? (cache.total ?? 0) : selected.size;
  const set = (key: keyof ReceiptFilterDraft) => (e: React.ChangeEvent<HTMLInputElement>) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  return (
    <section className="screen" aria-labelledby="receipts-title">
      <div className="screen__head">
        <h2 id="receipts-title" className="screen__title">
          {t('receipts.title')}
        </h2>
        <span className="panel__count" data-testid="receipts-count">
          {cache.total === null ? '' : t('receipts.count', { count: cache.total, n: fmt.integer(cache.total) })}
        </span>
      </div>

      <GmailBox businessId={businessId} changes={finished} />
      <TaskCardList businessId={businessId} taskIds={taskIds} />

      <section className="panel" aria-label={t('receipts.listLabel')}>
        <div className="toolbar receipts-filters">
          <div className="field field--inline">
            <label className="field__label" htmlFor="receipts-from">
              {t('receipts.filter.from')}
            </label>
            <input id="receipts-from" className="input input--small" type="date" value={draft.from} onChange={set('from')} />
          </div>
          <div className="field field--inline">
            <label className="field__label" htmlFor="receipts-to">
              {t('receipts.filter.to')}
            </label>
            <input id="receipts-to" className="input input--small" type="date" value={draft.to} onChange={set('to')} />
          </div>
          <div className="field field--inline">
            <label className="field__label" htmlFor="receipts-vendor">
              {t('receipts.filter.vendor')}
            </label>
            <input id="receipts-vendor" className="input input--small" value={draft.vendor} maxLength={RECEIPTS_FILTER_TEXT_MAX} onChange={set('vendor')} />
          </div>
          <label className="field field--inline field--grow search">
            <SearchIcon />
            <span className="visually-hidden">{t('receipts.filter.search')}</span>
            <input
              className="input input--small"
              type="search"
              placeholder={t('receipts.filter.searchPlaceholder')}
              value={draft.search}
              maxLength={RECEIPTS_FILTER_TEXT_MAX}
              onChange={set('search')}
            />
          </label>
          {Object.values(draft).some((v) => v !== '') ? (
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setDraft(EMPTY_RECEIPT_FILTER)}>
              {t('receipts.filter.clear')}
            </button>
          ) : null}
        </div>
        {filterError ? (
          <p className="field__error" role="alert">
            {t(`receipts.errors.${filterError}`)}
          </p>
        ) : null}

        <div className="toolbar receipts-actions">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={allMatching}
              disabled={!cache.total}
              onChange={(e) => {
                setAllMatching(e.target.checked);
                setSelected(new Set());
              }}
            />
            {t('receipts.selectAll', { count: cache.total ?? 0, n: fmt.integer(cache.total ?? 0) })}
          </label>
          <span className="muted" aria-live="polite" data-testid="receipts-selected">
            {selectedCount > 0 ? t('receipts.selected', { count: selectedCount, n: fmt.integer(selectedCount) }) : ''}
          </span>
          {selectedCount > 0 ? (
            <button type="button" className="btn btn--ghost btn--small" onClick={clearSelection}>
              {t('receipts.clearSelection')}
            </button>
          ) : null}
          <span className="toolbar__spacer" />
          <button
            type="button"
            className="btn btn--small btn--danger-outline"
            disabled={selectedCount === 0}
            onClick={() => setConfirm(allMatching ? { filter } : { ids: [...selected] })}
          >
            {t('receipts.deleteSelected')}
          </button>
          <button type="button" className="btn btn--small btn--danger-outline" disabled={!cache.total} onClick={() => setConfirm({ filter })}>
            {t('receipts.deleteMatching')}
          </button>
        </div>

        <ErrorNote error={cache.error} />
        <ErrorNote error={removing.error} onDismiss={removing.clearError} />
        <PagedRows
          empty={filtered ? t('receipts.noMatch') : t('receipts.empty')}
          cache={cache}
          rowHeight={52}
          label={t('receipts.listLabel')}
          className="receipts"
          head={
            <div className="receipt-row receipt-row--head">
              <span />
              <span>{t('receipts.col.date')}</span>
              <span>{t('receipts.col.vendor')}</span>
              <span>{t('receipts.col.subject')}</span>
              <span className="receipt-row__amount">{t('receipts.col.amount')}</span>
              <span>{t('receipts.col.files')}</span>
            </div>
          }
          renderRow={(receipt) => {
            const vendor = receipt.vendor ?? (receipt.fromName || receipt.fromAddress);
            return (
              <div className="receipt-row" data-testid="receipt-row" data-receipt-id={receipt.id}>
                <input
                  type="checkbox"
                  checked={allMatching || selected.has(receipt.id)}
                  disabled={allMatching}
                  aria-label={t('receipts.selectOne', { subject: isolate(receipt.subject || vendor) })}
                  onChange={() => toggle(receipt.id)}
                />
                <span className="receipt-row__date">{fmt.date(receipt.receivedAt)}</span>
                <bdi className="receipt-row__vendor">{vendor}</bdi>
                <bdi className="receipt-row__subject">{receipt.subject || t('receipts.noSubject')}</bdi>
                <span className="receipt-row__amount">
                  {receipt.amountMinor !== null && receipt.currency ? fmt.money(receipt.amountMinor, receipt.currency) : '—'}
                </span>
                {receipt.attachmentCount > 0 ? (
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    aria-expanded={expandedId === receipt.id}
                    aria-controls="receipt-attachments"
                    onClick={() => setExpandedId(expandedId === receipt.id ? null : receipt.id)}
                  >
                    {t('receipts.files', { count: receipt.attachmentCount, n: fmt.integer(receipt.attachmentCount) })}
                  </button>
                ) : (
                  <span className="muted">{t('receipts.noFiles')}</span>
                )}
              </div>
            );
          }}
        />
        {expandedId !== null ? (
          <Attachments key={expandedId} businessId={businessId} receiptId={expandedId} onClose={() => setExpandedId(null)} />
        ) : null}
      </section>

      {confirm ? (
        <DeleteConfirm
          businessId={businessId}
          params={confirm}
          busy={removing.busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void removing.run(confirm)}
        />
      ) : null}
    </section>
  );
}
