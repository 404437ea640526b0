/**
 * Receipts: the business's Gmail connection (connect with the OAuth client saved in
 * Settings, sync now, disconnect), and a virtualized, paged list of the receipts kept on this computer with
 * filters, multi-select, attachments to open, and deleting local copies (never mail in
 * Gmail). Syncs and deletes run as tasks; their cards show progress here and on Tasks.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GmailConnection } from '../../../common/gmail.ts';
import type { BusinessId, Receipt, ReceiptAttachment } from '../../../common/model.ts';
import { RECEIPTS_FILTER_TEXT_MAX, type ReceiptsDeleteParams, type ReceiptsFilter } from '../../../common/tasks/params.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { GmailConnectForm } from '../components/GmailConnectForm.tsx';
import { SearchIcon } from '../components/Icons.tsx';
import { PagedRows, TaskCardList, useListTasks } from '../components/ListScreen.tsx';
import { Modal } from '../components/Modal.tsx';
import { useFormat } from '../i18n/format.ts';
import { isolate } from '../lib/bidi.ts';
import { toUiError, type UiError } from '../lib/errors.ts';
import { EMPTY_RECEIPT_FILTER, isEmptyFilter, toReceiptsFilter, type ReceiptFilterDraft } from '../lib/receipts.ts';
import { useDebounced, usePagedRows } from '../lib/use-paged-rows.ts';
import { useApi, useAppStore } from '../store/index.ts';

const RECEIPT_TASK_KINDS = ['receipts-sync', 'receipts-delete'] as const;

export function ReceiptsScreen({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const applySnapshot = useAppStore((s) => s.applySnapshot);
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
  const [actionError, setActionError] = useState<UiError | null>(null);

  // Syncs and deletes of this business (the running ones, and the latest finished one); a finished one changed the rows.
  const { taskIds, finished } = useListTasks(businessId, RECEIPT_TASK_KINDS, cache);

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

  async function remove(params: ReceiptsDeleteParams) {
    setActionError(null);
    try {
      const snapshot = await api.invoke('receipts:delete', { businessId, params });
      applySnapshot(snapshot);
      setConfirm(null);
      clearSelection();
    } catch (e) {
      setConfirm(null);
      setActionError(toUiError(e));
    }
  }

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
        <ErrorNote error={actionError} onDismiss={() => setActionError(null)} />
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

      {confirm ? <DeleteConfirm businessId={businessId} params={confirm} onCancel={() => setConfirm(null)} onConfirm={() => remove(confirm)} /> : null}
    </section>
  );
}

function Attachments({ businessId, receiptId, onClose }: { businessId: BusinessId; receiptId: number; onClose(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const [files, setFiles] = useState<ReceiptAttachment[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    let live = true;
    api.invoke('receipts:attachments', { businessId, receiptId }).then(
      (rows) => live && setFiles(rows),
      (e: unknown) => live && setError(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, businessId, receiptId]);

  async function open(attachmentId: number) {
    setError(null);
    try {
      await api.invoke('receipts:openAttachment', { businessId, attachmentId });
    } catch (e) {
      setError(toUiError(e));
    }
  }

  return (
    <section id="receipt-attachments" className="card receipt-files" aria-label={t('receipts.attachments')}>
      <div className="receipt-files__head">
        <h3 className="receipt-files__title">{t('receipts.attachments')}</h3>
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <ErrorNote error={error} />
      {files === null && !error ? <p className="muted">{t('common.loading')}</p> : null}
      {files && files.length === 0 ? <p className="muted">{t('receipts.noFiles')}</p> : null}
      {files && files.length > 0 ? (
        <ul className="receipt-files__list">
          {files.map((file) => (
            <li key={file.id} className="receipt-files__item">
              <bdi className="receipt-files__name">{file.filename}</bdi>
              <span className="muted">{t('receipts.size', { n: fmt.integer(Math.max(1, Math.round(file.size / 1024))) })}</span>
              {file.stored ? (
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={t('receipts.openFile', { name: isolate(file.filename) })}
                  onClick={() => void open(file.id)}
                >
                  {t('receipts.open')}
                </button>
              ) : (
                <span className="muted">{t('receipts.notDownloaded')}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function DeleteConfirm(props: { businessId: BusinessId; params: ReceiptsDeleteParams; onCancel(): void; onConfirm(): Promise<void> }) {
  const { businessId, params, onCancel, onConfirm } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const [count, setCount] = useState<number | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let live = true;
    api.invoke('receipts:countToDelete', { businessId, params }).then(
      (answer) => live && setCount(answer.count),
      (e: unknown) => live && setError(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, businessId, params]);

  return (
    <Modal
      title={t('receipts.delete.title')}
      tone="danger"
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={onCancel} data-autofocus>
            {t('receipts.delete.keep')}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={pending || count === null || count === 0}
            aria-busy={pending}
            onClick={() => {
              setPending(true);
              void onConfirm();
            }}
          >
            {count ? t('receipts.delete.confirm', { count, n: fmt.integer(count) }) : t('receipts.delete.confirmNone')}
          </button>
        </>
      }
    >
      <ErrorNote error={error} />
      <p aria-live="polite">
        {count === null ? (error ? '' : t('common.loading')) : count === 0 ? t('receipts.delete.none') : t('receipts.delete.count', { count, n: fmt.integer(count) })}
      </p>
      <p>{t('receipts.delete.localOnly')}</p>
      <p className="muted">{t('receipts.delete.notAgain')}</p>
    </Modal>
  );
}

/** `changes` grows when a sync or delete of this business finishes: the status is read again. */
function GmailBox({ businessId, changes }: { businessId: BusinessId; changes: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const applySnapshot = useAppStore((s) => s.applySnapshot);
  const [connection, setConnection] = useState<GmailConnection | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState<'sync' | 'disconnect' | 'reconnect' | null>(null);
  const [syncStarted, setSyncStarted] = useState(false);

  const load = useCallback(() => {
    setLoadError(null);
    api.invoke('gmail:status', { businessId }).then(setConnection, (e: unknown) => setLoadError(toUiError(e)));
  }, [api, businessId]);
  useEffect(load, [load, changes]);

  /** One action at a time: the buttons wait for it, and its failure is shown in the box. */
  async function act(kind: 'sync' | 'disconnect' | 'reconnect', action: () => Promise<void>) {
    setBusy(kind);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(null);
    }
  }

  /** `reimportDeleted`: copy again the receipts deleted here (a full listing). */
  const sync = (reimportDeleted = false) =>
    act('sync', async () => {
      setSyncStarted(false);
      applySnapshot(await api.invoke('receipts:sync', { businessId, ...(reimportDeleted ? { params: { reimportDeleted: true } } : {}) }));
      setSyncStarted(true);
    });

  /**
   * Google's consent again with the client this connection was made with: the fix for a
   * revoked or expired grant, in one step. Syncs waiting for it go on by themselves.
   */
  const reconnect = (clientId: string) =>
    act('reconnect', async () => setConnection(await api.invoke('gmail:connect', { businessId, clientId })));

  const disconnect = () =>
    act('disconnect', async () => {
      await api.invoke('gmail:disconnect', { businessId });
      setConnection(null);
      setSyncStarted(false);
    });

  if (loadError) {
    return (
      <section className="card gmail-box" aria-label={t('receipts.gmail.title')}>
        <ErrorNote error={loadError} />
        <button type="button" className="btn btn--small" onClick={load}>
          {t('common.retry')}
        </button>
      </section>
    );
  }
  if (connection === undefined) {
    return (
      <section className="card gmail-box" aria-label={t('receipts.gmail.title')}>
        <p className="muted">{t('common.loading')}</p>
      </section>
    );
  }

  if (connection) {
    return (
      <section className="card gmail-box" aria-label={t('receipts.gmail.title')}>
        <div className="gmail-box__row">
          <div>
            <h3 className="gmail-box__title">{t('receipts.gmail.title')}</h3>
            <p>
              {t('receipts.gmail.connectedAs')} <bdi dir="ltr">{connection.email}</bdi>
            </p>
            <p className="muted">
              {connection.lastFullSyncAt === null
                ? t('receipts.gmail.neverSynced')
                : t('receipts.gmail.lastSync', { time: fmt.dateTime(connection.lastFullSyncAt) })}
            </p>
          </div>
          <div className="gmail-box__actions">
            <button type="button" className="btn btn--primary" disabled={busy !== null} aria-busy={busy === 'sync'} onClick={() => void sync()}>
              {t('receipts.gmail.sync')}
            </button>
            <button type="button" className="btn" disabled={busy !== null} aria-busy={busy === 'reconnect'} onClick={() => void reconnect(connection.clientId)}>
              {busy === 'reconnect' ? t('receipts.gmail.waiting') : t('receipts.gmail.reconnect')}
            </button>
            <button type="button" className="btn btn--danger-outline" disabled={busy !== null} aria-busy={busy === 'disconnect'} onClick={() => void disconnect()}>
              {t('receipts.gmail.disconnect')}
            </button>
          </div>
        </div>
        {connection.deletedHere > 0 ? (
          <p className="gmail-box__deleted" data-testid="gmail-deleted-here">
            <span>{t('receipts.gmail.deletedHere', { count: connection.deletedHere, n: fmt.integer(connection.deletedHere) })}</span>
            <button type="button" className="btn btn--small btn--ghost" disabled={busy !== null} onClick={() => void sync(true)}>
              {t('receipts.gmail.reimportDeleted')}
            </button>
          </p>
        ) : null}
        {busy === 'reconnect' ? (
          <p className="muted" role="status">
            {t('receipts.gmail.waitingHint')}
          </p>
        ) : null}
        {syncStarted ? (
          <p className="muted" role="status">
            {t('receipts.gmail.syncStarted')}
          </p>
        ) : null}
        <p className="field__hint">{t('receipts.gmail.readOnly')}</p>
        <ErrorNote error={error} onDismiss={() => setError(null)} />
      </section>
    );
  }

  // Not connected: the form connects with the OAuth client saved in Settings (or asks for it once).
  return <GmailConnectForm businessId={businessId} onConnected={setConnection} />;
}
