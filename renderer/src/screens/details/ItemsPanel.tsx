/**
 * A task's items, paged on scroll in a virtualized list, in its kind's words and columns
 * (the kind's view): each item's subject and label, its state and reason. Items in doubt
 * can be settled one by one or all at once.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettleResolution } from '../../../../common/ipc/contract.ts';
import { ITEM_STATES, type ItemState, type TaskItem, type TaskSnapshot } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { AlertIcon, SearchIcon } from '../../components/Icons.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ReasonText } from '../../components/ReasonText.tsx';
import { VirtualRows } from '../../components/VirtualRows.tsx';
import { useFormat } from '../../i18n/format.ts';
import { isolate } from '../../lib/bidi.ts';
import type { PageCache } from '../../lib/page-cache.ts';
import { useAction } from '../../lib/use-action.ts';
import { useDebounced, usePagedRows } from '../../lib/use-paged-rows.ts';
import { useApi, useAppStore } from '../../store/index.ts';
import type { KindView } from '../../tasks/kind-view.ts';
import { useKindText } from '../../tasks/kind-words.ts';
import { useLiveRefresh } from './live-refresh.ts';

const ITEM_TONE: Record<ItemState, string> = {
  pending: 'neutral',
  claimed: 'progress',
  done: 'success',
  failed: 'danger',
  skipped: 'muted',
  cancelled: 'muted',
  in_doubt: 'warning',
};

export function ItemsPanel({ task, view, initialState }: { task: TaskSnapshot; view: KindView; initialState?: ItemState | undefined }) {
  const { t } = useTranslation();
  const w = useKindText(view);
  const fmt = useFormat();
  const doubt = w.inDoubt(task.counters.inDoubt, fmt.integer(task.counters.inDoubt));
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
  // Generic words, unless the kind has its own for a state ("Saved" rather than "Sent").
  const stateLabel = (s: ItemState) => w.itemState(s) ?? t(`itemState.${s}`);
  const shown = (count: number) => w.plural('shown', count, { n: fmt.integer(count) });
  /** What names an item: its label (a contact's name), else its subject (a phone number). */
  const nameOf = (item: TaskItem) => item.label || item.subject;

  return (
    <section className="panel" aria-labelledby="items-title">
      <div className="panel__head">
        <h2 id="items-title" className="panel__title">
          {w('items')}
        </h2>
        <span className="panel__count" aria-live="polite">
          {total === null ? t('common.loading') : shown(total)}
        </span>
      </div>

      {task.counters.inDoubt > 0 ? (
        <div className="note note--warning doubt-panel">
          <AlertIcon />
          <div className="note__body">
            <p className="note__title">{doubt?.title ?? t('details.doubtTitle', { count: task.counters.inDoubt, n: fmt.integer(task.counters.inDoubt) })}</p>
            <p>{doubt?.body ?? t('details.doubtBody')}</p>
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
          <span className="visually-hidden">{w('search')}</span>
          <input
            className="input input--small"
            type="search"
            placeholder={w('searchPlaceholder')}
            value={searchText}
            maxLength={200}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </label>
      </div>

      <ErrorNote error={cache.error} />

      {total === 0 ? (
        <p className="muted empty-list">{state === 'all' && !search ? w('noItemsYet') : w('noMatch')}</p>
      ) : (
        <VirtualRows
          cache={cache}
          rowHeight={52}
          label={w('items')}
          className="items"
          head={
            <div className="item-row item-row--head">
              <span>{t('details.col.seq')}</span>
              <span>{w('subject')}</span>
              <span>{t('details.col.state')}</span>
              <span>{t('details.col.reason')}</span>
            </div>
          }
          renderRow={(item) => (
            <div className="item-row" data-state={item.state}>
              <span className="item-row__seq">{fmt.integer(item.seq)}</span>
              <span className="item-row__who">
                <bdi className="item-row__name">{item.label || w('noLabel')}</bdi>
                <span className="item-row__phone" dir={view.columns.subjectDir}>
                  {item.subject}
                </span>
                {view.columns.result?.(item) ? <span className="item-row__result">{view.columns.result(item)}</span> : null}
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
                      onClick={() => request('send-again', [item.id], isolate(nameOf(item)))}
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
