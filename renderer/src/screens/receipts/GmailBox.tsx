/**
 * The Receipts page's Gmail box: connected as whom and when it last synced, with "Sync now",
 * "Reconnect" and "Disconnect" (one at a time, a failure shown in the box); not connected,
 * the connect form. `changes` grows when a sync or delete of this business finishes: the
 * status is read again.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GmailConnection } from '../../../../common/gmail.ts';
import type { BusinessId } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { GmailConnectForm } from '../../components/GmailConnectForm.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useAction } from '../../lib/use-action.ts';
import { useQuery } from '../../lib/use-query.ts';
import { useApi, useAppStore } from '../../store/index.ts';

type GmailAction = 'sync' | 'disconnect' | 'reconnect';

export function GmailBox({ businessId, changes }: { businessId: BusinessId; changes: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const startTask = useAppStore((s) => s.startTask);
  const [syncStarted, setSyncStarted] = useState(false);
  // Wrapped, so "not connected" (null) is an answer and only a missing one means "loading".
  const status = useQuery(
    () => api.invoke('gmail:status', { businessId }).then((connection) => ({ connection })),
    [api, businessId, changes],
    // Read again after a task finished: the box keeps what it shows meanwhile.
    { keepPreviousData: true },
  );
  const show = (connection: GmailConnection | null) => status.setData({ connection });
  const act = useAction((_kind: GmailAction, action: () => Promise<void>) => action());
  const busy = act.running?.[0] ?? null;

  /** `reimportDeleted`: copy again the receipts deleted here (a full listing). */
  const sync = (reimportDeleted = false) =>
    void act.run('sync', async () => {
      setSyncStarted(false);
      await startTask({ businessId, kind: 'receipts-sync', input: reimportDeleted ? { reimportDeleted: true } : {} });
      setSyncStarted(true);
    });

  /**
   * Google's consent again with the client this connection was made with: the fix for a
   * revoked or expired grant, in one step. Syncs waiting for it go on by themselves.
   */
  const reconnect = (clientId: string) => void act.run('reconnect', async () => show(await api.invoke('gmail:connect', { businessId, clientId })));

  const disconnect = () =>
    void act.run('disconnect', async () => {
      await api.invoke('gmail:disconnect', { businessId });
      show(null);
      setSyncStarted(false);
    });

  if (status.error) {
    return (
      <section className="card gmail-box" aria-label={t('receipts.gmail.title')}>
        <ErrorNote error={status.error} />
        <button type="button" className="btn btn--small" onClick={status.refresh}>
          {t('common.retry')}
        </button>
      </section>
    );
  }
  if (!status.data) {
    return (
      <section className="card gmail-box" aria-label={t('receipts.gmail.title')}>
        <p className="muted">{t('common.loading')}</p>
      </section>
    );
  }

  const { connection } = status.data;
  // Not connected: the form connects with the OAuth client saved in Settings (or asks for it once).
  if (!connection) return <GmailConnectForm businessId={businessId} onConnected={show} />;

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
          <button type="button" className="btn btn--primary" disabled={busy !== null} aria-busy={busy === 'sync'} onClick={() => sync()}>
            {t('receipts.gmail.sync')}
          </button>
          <button type="button" className="btn" disabled={busy !== null} aria-busy={busy === 'reconnect'} onClick={() => reconnect(connection.clientId)}>
            {busy === 'reconnect' ? t('receipts.gmail.waiting') : t('receipts.gmail.reconnect')}
          </button>
          <button type="button" className="btn btn--danger-outline" disabled={busy !== null} aria-busy={busy === 'disconnect'} onClick={disconnect}>
            {t('receipts.gmail.disconnect')}
          </button>
        </div>
      </div>
      {connection.deletedHere > 0 ? (
        <p className="gmail-box__deleted" data-testid="gmail-deleted-here">
          <span>{t('receipts.gmail.deletedHere', { count: connection.deletedHere, n: fmt.integer(connection.deletedHere) })}</span>
          <button type="button" className="btn btn--small btn--ghost" disabled={busy !== null} onClick={() => sync(true)}>
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
      <ErrorNote error={act.error} onDismiss={act.clearError} />
    </section>
  );
}
