/**
 * Settings → Gmail: the Google OAuth client ("Desktop app") every business connects
 * Gmail with. The client ID is checked here with the same rules main's contract applies;
 * the secret is write-only: main keeps it encrypted and says only whether one is saved.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GMAIL_CLIENT_ID_EXAMPLE,
  gmailClientIdProblem,
  gmailClientSecretProblem,
  type GmailClientIdProblem,
  type GmailClientSecretProblem,
} from '../../../common/gmail-oauth-client.ts';
import type { Settings } from '../../../common/ipc/contract.ts';
import { isolate } from '../lib/bidi.ts';
import { useAppStore } from '../store/index.ts';
import { Field } from './Field.tsx';

const SUFFIX = '.apps.googleusercontent.com';

/** The translated words for a client ID problem (shared with the Receipts page's connect form). */
export function useClientIdMessages() {
  const { t } = useTranslation();
  const values = { suffix: isolate(SUFFIX), example: isolate(GMAIL_CLIENT_ID_EXAMPLE) };
  return {
    idHint: t('settings.gmail.clientIdHint', values),
    idError: (problem: GmailClientIdProblem | null) => (problem ? t(`settings.gmail.errors.${problem}`, values) : undefined),
    secretError: (problem: GmailClientSecretProblem | null) => (problem ? t(`settings.gmail.secretErrors.${problem}`) : undefined),
  };
}

export function GmailClientSetting({ settings, save }: { settings: Settings; save(run: () => Promise<unknown>): Promise<boolean> }) {
  const { t } = useTranslation();
  const messages = useClientIdMessages();
  const updateSettings = useAppStore((s) => s.updateSettings);
  const saved = settings.gmailClientId;
  const [clientId, setClientId] = useState(saved ?? '');
  const [idProblem, setIdProblem] = useState<GmailClientIdProblem | null>(null);
  const [secretProblem, setSecretProblem] = useState<GmailClientSecretProblem | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  // Saved elsewhere (the Receipts page's connect form): show what is saved now.
  useEffect(() => {
    setClientId(saved ?? '');
    setIdProblem(null);
  }, [saved]);

  async function run(change: () => Promise<unknown>) {
    setBusy(true);
    try {
      return await save(change);
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const id = clientId.trim();
    const secret = secretRef.current?.value.trim() ?? '';
    const badId = gmailClientIdProblem(id);
    const badSecret = secret ? gmailClientSecretProblem(secret) : null;
    setIdProblem(badId);
    setSecretProblem(badSecret);
    if (badId || badSecret) return;
    const ok = await run(() => updateSettings({ gmailClientId: id, ...(secret ? { gmailClientSecret: secret } : {}) }));
    if (ok && secretRef.current) secretRef.current.value = '';
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
      <Field label={t('settings.gmail.clientId')} hint={messages.idHint} error={messages.idError(idProblem)}>
        {(id, describedBy) => (
          <input
            id={id}
            className="input input--mono"
            dir="ltr"
            value={clientId}
            maxLength={300}
            autoComplete="off"
            spellCheck={false}
            placeholder={GMAIL_CLIENT_ID_EXAMPLE}
            aria-invalid={idProblem ? true : undefined}
            aria-describedby={describedBy}
            disabled={busy}
            onChange={(e) => {
              setClientId(e.target.value);
              setIdProblem(null);
            }}
          />
        )}
      </Field>
      <Field
        label={t('settings.gmail.clientSecret')}
        hint={settings.gmailClientSecretSet ? t('settings.gmail.secretSaved') : t('settings.gmail.clientSecretHint')}
        error={messages.secretError(secretProblem)}
      >
        {(id, describedBy) => (
          <input
            id={id}
            ref={secretRef}
            className="input input--mono"
            dir="ltr"
            type="password"
            maxLength={300}
            autoComplete="off"
            placeholder={settings.gmailClientSecretSet ? t('settings.gmail.secretPlaceholder') : undefined}
            aria-invalid={secretProblem ? true : undefined}
            aria-describedby={describedBy}
            disabled={busy}
            onChange={() => setSecretProblem(null)}
          />
        )}
      </Field>
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
