/**
 * The Receipts page's "Connect Gmail" form. With an OAuth client saved in Settings → Gmail
 * there is nothing to type: it connects with that one. Without, it says so, links to
 * Settings, and lets the owner paste the client ID here once: it is saved as the setting
 * (main checks it), then the connect uses it.
 */
import { useTranslation } from 'react-i18next';
import type { GmailConnection } from '../../../common/gmail.ts';
import type { BusinessId } from '../../../common/model.ts';
import { useAction } from '../lib/use-action.ts';
import { useApi, useAppStore } from '../store/index.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { GmailClientFields, useGmailClientInput } from './GmailClientFields.tsx';

export function GmailConnectForm({ businessId, onConnected }: { businessId: BusinessId; onConnected(connection: GmailConnection): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const savedId = useAppStore((s) => s.settings?.gmailClientId ?? null);
  const secretSaved = useAppStore((s) => s.settings?.gmailClientSecretSet ?? false);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const navigate = useAppStore((s) => s.navigate);
  const input = useGmailClientInput();
  const connecting = useAction(async () => {
    if (!savedId) {
      // Typed here: saved as the app's setting first (main validates it), so it is typed once.
      const values = input.checked();
      if (!values) return;
      const { clientId, secret } = values;
      await updateSettings({ gmailClientId: clientId, ...(secret ? { gmailClientSecret: secret } : {}) });
      input.clearSecret();
    }
    // No client ID in the request: main uses the one saved in Settings, with its secret.
    onConnected(await api.invoke('gmail:connect', { businessId }));
  });
  const waiting = connecting.busy;

  function connect(event: React.FormEvent) {
    event.preventDefault();
    void connecting.run();
  }

  const openSettings = () => navigate({ screen: 'settings' });

  return (
    <form className="card gmail-box" aria-label={t('receipts.gmail.title')} onSubmit={connect} noValidate>
      <h3 className="gmail-box__title">{t('receipts.gmail.title')}</h3>
      <p className="muted">{t('receipts.gmail.notConnected')}</p>
      {savedId ? (
        <p data-testid="gmail-client-from-settings">
          {t('receipts.gmail.usesClient')}{' '}
          <bdi dir="ltr">{savedId}</bdi>
          {secretSaved ? ` ${t('receipts.gmail.secretSaved')}` : ''}
        </p>
      ) : (
        <>
          <p>
            {t('receipts.gmail.noClient')}{' '}
            <button type="button" className="btn btn--ghost btn--small" onClick={openSettings}>
              {t('receipts.gmail.openSettings')}
            </button>
          </p>
          <GmailClientFields
            input={input}
            labels={{
              clientId: t('receipts.gmail.clientId'),
              clientIdHint: t('receipts.gmail.clientIdHint'),
              clientSecret: t('receipts.gmail.clientSecret'),
              clientSecretHint: t('receipts.gmail.clientSecretHint'),
            }}
            disabled={waiting}
          />
          <p className="field__hint">{t('receipts.gmail.savedForAll')}</p>
        </>
      )}
      <div className="gmail-box__actions">
        <button type="submit" className="btn btn--primary" disabled={waiting} aria-busy={waiting}>
          {waiting ? t('receipts.gmail.waiting') : t('receipts.gmail.connect')}
        </button>
        {savedId ? (
          <button type="button" className="btn btn--ghost" disabled={waiting} onClick={openSettings}>
            {t('receipts.gmail.changeClient')}
          </button>
        ) : null}
      </div>
      {waiting ? (
        <p className="muted" role="status">
          {t('receipts.gmail.waitingHint')}
        </p>
      ) : null}
      <ErrorNote error={connecting.error} onDismiss={connecting.clearError} />
    </form>
  );
}
