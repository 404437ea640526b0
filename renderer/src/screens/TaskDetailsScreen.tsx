/**
 * A task's card as the header, then its items (a broadcast's recipients) or, for a
 * contacts import, its per-row errors: paged on scroll in a virtualized list. Items
 * in doubt can be settled one by one or all at once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettleResolution } from '../../../common/ipc/contract.ts';
import { ITEM_STATES, type BusinessId, type ImportRowError, type ItemState, type TaskItem, type TaskSnapshot } from '../../../common/model.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { AlertIcon, BackIcon, SearchIcon } from '../components/Icons.tsx';
import { Modal } from '../components/Modal.tsx';
import { ReasonText } from '../components/ReasonText.tsx';
import { TaskCard } from '../components/TaskCard.tsx';
import { VirtualRows } from '../components/VirtualRows.tsx';
import { useFormat } from '../i18n/format.ts';
import { isolate } from '../lib/bidi.ts';
import type { PageCache } from '../lib/page-cache.ts';
import { useAction } from '../lib/use-action.ts';
import { useDebounced, usePagedRows } from '../lib/use-paged-rows.ts';
import { useApi, useAppStore } from '../store/index.ts';
import { selectTask } from '../store/selectors.ts';

const ITEM_TONE: Record<ItemState, string> = {
  pending: 'neutral',
  claimed: 'progress',
  done: 'success',
  failed: 'danger',
  skipped: 'muted',
  cancelled: 'muted',
  in_doubt: 'warning',
};

/** How often, at most, visible rows are refetched while the task's snapshots move. */
const LIVE_REFRESH_MS = 1000;

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
          {task.kind === 'contacts-import' ? <ImportErrorsPanel task={task} /> : <ItemsPanel task={task} initialState={itemState} />}
        </>
      ) : (
        <p className="muted">{t('details.notFound')}</p>
      )}
    </section>
  );
}

/** Refetch what is on screen when the task's version moves, at most once a second. */
function useLiveRefresh(cache: PageCache<unknown>, version: number) {
  const lastRun = useRef(0);
  const seen = useRef(version);
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    const wait = Math.max(0, lastRun.current + LIVE_REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastRun.current = Date.now();
      cache.refresh();
    }, wait);
    return () => clearTimeout(timer);
  }, [cache, version]);
}

function ItemsPanel({ task, initialState }: { task: TaskSnapshot; initialState?: ItemState | undefined }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const settleInDoubt = useAppStore((s) => s.settleInDoubt);
  const [state, setState] = useState<ItemState | 'all'>(initialState ?? 'all');
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 250);
  const [confirm, setConfirm] = useState<{ itemIds?: number[]; who?: string } | null>(null);

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.invoke('tasks:items', {
        businessId: task.businessId,
        taskId: task.id,
        offset,
        limit,
        ...(state === 'all' ? {} : { state }),
        ...(search ? { search } : {}),
      }),
    [api, task.businessId, task.id, state, search],
  );
  const cache = usePagedRows<TaskItem>(`${task.id}|${state}|${search}`, fetchPage);
  useLiveRefresh(cache as PageCache<unknown>, task.version);

  const settling = useAction(async (resolution: SettleResolution, itemIds?: number[]) => {
    await settleInDoubt(task.businessId, task.id, resolution, itemIds);
    cache.refresh();
  });
  const { run: settle, busy: pending, error: settleError } = settling;

  const request = (resolution: SettleResolution, itemIds?: number[], who?: string) => {
    if (resolution === 'send-again') setConfirm({ ...(itemIds ? { itemIds } : {}), ...(who ? { who } : {}) });
    else void settle(resolution, itemIds);
  };

  const total = cache.total;
  // A receipt task's items are Gmail messages or receipts: its own words, the same panel.
  const receiptKind = task.kind === 'receipts-sync' || task.kind === 'receipts-delete' ? task.kind : null;
  const stateLabel = (s: ItemState) =>
    receiptKind && (s === 'done' || s === 'claimed') ? t(`receiptItems.${receiptKind}.${s}`) : t(`itemState.${s}`);
  /** The panel's words: a receipt task's own, or the recipients' (the keys are named alike). */
  const words = (key: 'items' | 'searchPlaceholder' | 'noItemsYet' | 'noMatch') =>
    receiptKind ? t(`receiptItems.${receiptKind}.${key}`) : t(`details.${key}`);
  const shown = (count: number) =>
    receiptKind ? t(`receiptItems.${receiptKind}.shown`, { count, n: fmt.integer(count) }) : t('details.shown', { count, n: fmt.integer(count) });

  return (
    <section className="panel" aria-labelledby="items-title">
      <div className="panel__head">
        <h2 id="items-title" className="panel__title">
          {words('items')}
        </h2>
        <span className="panel__count" aria-live="polite">
          {total === null ? t('common.loading') : shown(total)}
        </span>
      </div>

      {task.counters.inDoubt > 0 ? (
        <div className="note note--warning doubt-panel">
          <AlertIcon />
          <div className="note__body">
            <p className="note__title">{t('details.doubtTitle', { count: task.counters.inDoubt, n: fmt.integer(task.counters.inDoubt) })}</p>
            <p>{t('details.doubtBody')}</p>
            <div className="doubt-panel__actions">
              <button type="button" className="btn btn--small" disabled={pending} onClick={() => request('ask-provider')}>
                {t('settle.ask-provider')}
              </button>
              <button type="button" className="btn btn--small" disabled={pending} onClick={() => request('mark-sent')}>
                {t('settle.mark-sent')}
              </button>
              <button type="button" className="btn btn--small btn--danger-outline" disabled={pending} onClick={() => request('send-again')}>
                {t('settle.send-again')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
      <ErrorNote error={settleError} onDismiss={settling.clearError} />

      <div className="toolbar">
        <div className="field field--inline">
          <label className="field__label" htmlFor="item-state-filter">
            {t('details.stateFilter')}
          </label>
          <select id="item-state-filter" className="input input--small" value={state} onChange={(e) => setState(e.target.value as ItemState | 'all')}>
            <option value="all">{t('details.allStates')}</option>
            {ITEM_STATES.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <label className="field field--inline field--grow search">
          <SearchIcon />
          <span className="visually-hidden">{t('details.search')}</span>
          <input
            className="input input--small"
            type="search"
            placeholder={words('searchPlaceholder')}
            value={searchText}
            maxLength={200}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </label>
      </div>

      <ErrorNote error={cache.error} />

      {total === 0 ? (
        <p className="muted empty-list">{state === 'all' && !search ? words('noItemsYet') : words('noMatch')}</p>
      ) : (
        <VirtualRows
          cache={cache}
          rowHeight={52}
          label={words('items')}
          className="items"
          head={
            <div className="item-row item-row--head">
              <span>{t('details.col.seq')}</span>
              <span>{receiptKind ? t(`receiptItems.${receiptKind}.who`) : t('details.col.recipient')}</span>
              <span>{t('details.col.state')}</span>
              <span>{t('details.col.reason')}</span>
            </div>
          }
          renderRow={(item) => (
            <div className="item-row" data-state={item.state}>
              <span className="item-row__seq">{fmt.integer(item.seq)}</span>
              <span className="item-row__who">
                <bdi className="item-row__name">{item.name || (receiptKind ? t(`receiptItems.${receiptKind}.who`) : t('details.noName'))}</bdi>
                <span className="item-row__phone" dir="ltr">
                  {item.phone}
                </span>
              </span>
              <span>
                <span className={`badge badge--${ITEM_TONE[item.state]}`}>
                  <span className="badge__dot" aria-hidden="true" />
                  {stateLabel(item.state)}
                </span>
              </span>
              <span className="item-row__reason">
                {item.state === 'in_doubt' ? (
                  <span className="item-row__settle">
                    <button type="button" className="btn btn--tiny" disabled={pending} onClick={() => request('ask-provider', [item.id])}>
                      {t('settle.ask-provider')}
                    </button>
                    <button type="button" className="btn btn--tiny" disabled={pending} onClick={() => request('mark-sent', [item.id])}>
                      {t('settle.mark-sent')}
                    </button>
                    <button
                      type="button"
                      className="btn btn--tiny btn--danger-outline"
                      disabled={pending}
                      onClick={() => request('send-again', [item.id], isolate(item.name || item.phone))}
                    >
                      {t('settle.send-again')}
                    </button>
                  </span>
                ) : item.reason ? (
                  <ReasonText message={item.reason} />
                ) : null}
              </span>
            </div>
          )}
        />
      )}

      {confirm ? (
        <Modal
          tone="danger"
          title={t('settle.confirmTitle')}
          onClose={() => setConfirm(null)}
          actions={
            <>
              <button type="button" className="btn" data-autofocus onClick={() => setConfirm(null)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="btn btn--danger"
                onClick={() => {
                  const { itemIds } = confirm;
                  setConfirm(null);
                  void settle('send-again', itemIds);
                }}
              >
                {t('settle.send-again')}
              </button>
            </>
          }
        >
          <p>
            {confirm.itemIds
              ? t('settle.warningOne', { who: confirm.who ?? '' })
              : t('settle.warningAll', { count: task.counters.inDoubt, n: fmt.integer(task.counters.inDoubt) })}
          </p>
          <p>{t('settle.warningHint')}</p>
        </Modal>
      ) : null}
    </section>
  );
}

function ImportErrorsPanel({ task }: { task: TaskSnapshot }) {
  const { t } = useTranslation();
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
          {t('details.importErrors')}
        </h2>
        <span className="panel__count">{total === null ? t('common.loading') : t('details.errorCount', { count: total, n: fmt.integer(total) })}</span>
      </div>
      <ErrorNote error={cache.error} />
      {total === 0 ? (
        <p className="muted empty-list">{t('details.noImportErrors')}</p>
      ) : (
        <VirtualRows
          cache={cache}
          rowHeight={52}
          label={t('details.importErrors')}
          className="import-errors"
          head={
            <div className="error-row error-row--head">
              <span>{t('details.col.row')}</span>
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
