/**
 * Settings → Gmail: the Google OAuth client ("Desktop app") every business connects
 * Gmail with. The client ID is checked here with the same rules main's contract applies;
 * the secret is write-only: main keeps it encrypted and says only whether one is saved.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../common/ipc/contract.ts';
import { useAction } from '../lib/use-action.ts';
import { useAppStore } from '../store/index.ts';
import { GmailClientFields, useClientIdMessages, useGmailClientInput } from './GmailClientFields.tsx';

export function GmailClientSetting({ settings, save }: { settings: Settings; save(run: () => Promise<unknown>): Promise<boolean> }) {
  const { t } = useTranslation();
  const messages = useClientIdMessages();
  const updateSettings = useAppStore((s) => s.updateSettings);
  const saved = settings.gmailClientId;
  const input = useGmailClientInput(saved ?? '');
  // The screen's `save` shows a failure; this form only waits for it.
  const saving = useAction(save);
  const busy = saving.busy;

  // Saved elsewhere (the Receipts page's connect form): show what is saved now.
  const { changeClientId } = input;
  useEffect(() => changeClientId(saved ?? ''), [saved, changeClientId]);

  async function run(change: () => Promise<unknown>): Promise<boolean> {
    const outcome = await saving.run(change);
    return outcome.ok && outcome.value;
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const values = input.checked();
    if (!values) return;
    const { clientId, secret } = values;
    const ok = await run(() => updateSettings({ gmailClientId: clientId, ...(secret ? { gmailClientSecret: secret } : {}) }));
    if (ok) input.clearSecret();
  }

  return (
    <form className="setting" aria-labelledby="gmail-client-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="gmail-client-title" className="setting__label">
        {t('settings.gmail.title')}
      </h3>
      <p className="setting__hint">{t('settings.gmail.intro')}</p>
      <ol className="setting__hint">
        <li>{t('settings.gmail.step1')}</li>
        <li>{t('settings.gmail.step2')}</li>
        <li>{t('settings.gmail.step3')}</li>
      </ol>
      <GmailClientFields
        input={input}
        labels={{
          clientId: t('settings.gmail.clientId'),
          clientIdHint: messages.idHint,
          clientSecret: t('settings.gmail.clientSecret'),
          clientSecretHint: settings.gmailClientSecretSet ? t('settings.gmail.secretSaved') : t('settings.gmail.clientSecretHint'),
        }}
        secretPlaceholder={settings.gmailClientSecretSet ? t('settings.gmail.secretPlaceholder') : undefined}
        disabled={busy}
      />
      <div className="form-actions">
        {settings.gmailClientSecretSet ? (
          <button type="button" className="btn btn--ghost btn--small" disabled={busy} onClick={() => void run(() => updateSettings({ gmailClientSecret: null }))}>
            {t('settings.gmail.forgetSecret')}
          </button>
        ) : null}
        {saved ? (
          <button type="button" className="btn btn--danger-outline btn--small" disabled={busy} onClick={() => void run(() => updateSettings({ gmailClientId: null }))}>
            {t('settings.gmail.remove')}
          </button>
        ) : null}
        <button type="submit" className="btn btn--primary btn--small" disabled={busy} aria-busy={busy}>
          {t('settings.gmail.save')}
        </button>
      </div>
    </form>
  );
}
