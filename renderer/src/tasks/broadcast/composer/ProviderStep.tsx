/**
 * How the broadcast is sent: test mode (with its knobs under Advanced) or one of the
 * business's WhatsApp accounts, and the pace. Without accounts it points to where one is
 * connected; an account whose last check failed says so.
 */
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field.tsx';
import { AlertIcon } from '../../../components/Icons.tsx';
import { ReasonText } from '../../../components/ReasonText.tsx';
import { useAppStore } from '../../../store/index.ts';
import type { ComposerForm } from './use-composer.ts';
import { accountName } from './words.ts';

const TEST_MODE_RATES = ['transientPct', 'permanentPct', 'offlinePct'] as const;

export function ProviderStep({ form }: { form: ComposerForm }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const { draft, update, errorText, accounts, whatsapp } = form;

  function chooseProvider(value: string) {
    if (value === 'test-mode') {
      update({ provider: 'test-mode' });
      return;
    }
    const accountId = Number(value.replace('account:', ''));
    // Templates belong to an account: another account starts the choice over.
    if (accountId !== draft.accountId) update({ provider: 'whatsapp', accountId, waTemplate: null, templateParams: [] });
    else update({ provider: 'whatsapp' });
  }

  return (
    <fieldset className="card fieldset">
      <legend className="fieldset__legend">{t('composer.sending')}</legend>
      <div className="field-row">
        <Field
          label={t('composer.provider')}
          hint={whatsapp ? t('composer.providerHintWhatsApp') : t('composer.providerHint')}
          error={errorText('account')}
        >
          {(id, describedBy) => (
            <select
              id={id}
              className="input"
              value={whatsapp ? (draft.accountId === null ? '' : `account:${draft.accountId}`) : 'test-mode'}
              aria-describedby={describedBy}
              aria-invalid={Boolean(errorText('account')) || undefined}
              onChange={(e) => chooseProvider(e.target.value)}
            >
              {whatsapp && draft.accountId === null ? (
                <option value="" disabled>
                  {t('composer.accountPlaceholder')}
                </option>
              ) : null}
              <option value="test-mode">{t('composer.testMode')}</option>
              {accounts.length > 0 ? (
                <optgroup label={t('composer.providerWhatsApp')}>
                  {accounts.map((a) => (
                    <option key={a.id} value={`account:${a.id}`}>
                      {accountName(t, a)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          )}
        </Field>
        <Field label={t('composer.rate')} hint={whatsapp ? t('composer.rateHintWhatsApp') : t('composer.rateHint')} error={errorText('rate')}>
          {(id, describedBy) => (
            <input
              id={id}
              className="input input--number"
              inputMode="decimal"
              value={draft.rate}
              aria-describedby={describedBy}
              aria-invalid={Boolean(errorText('rate')) || undefined}
              onChange={(e) => update({ rate: e.target.value })}
            />
          )}
        </Field>
      </div>
      {form.accountsReady && accounts.length === 0 ? (
        <p className="composer__connect muted">
          {t('composer.noAccounts')}{' '}
          <button type="button" className="btn btn--small btn--ghost" onClick={() => navigate({ screen: 'accounts' })}>
            {t('composer.connectAccount')}
          </button>
        </p>
      ) : null}
      {form.account?.check.error ? (
        <p className="note note--warning">
          <AlertIcon />
          <span className="note__body">
            <span className="note__title">{t('composer.accountProblem')}</span>
            <ReasonText className="note__detail" message={form.account.check.error} />
          </span>
        </p>
      ) : null}
      {!whatsapp ? (
        <details className="advanced">
          <summary>{t('composer.advanced')}</summary>
          <p className="muted">{t('composer.advancedHint')}</p>
          <div className="field-grid">
            <Field label={t('composer.latency')} error={errorText('latencyMs')}>
              {(id, describedBy) => (
                <input
                  id={id}
                  className="input input--number"
                  inputMode="numeric"
                  value={draft.latencyMs}
                  aria-describedby={describedBy}
                  onChange={(e) => update({ latencyMs: e.target.value })}
                />
              )}
            </Field>
            {TEST_MODE_RATES.map((field) => (
              <Field key={field} label={t(`composer.${field}`)} error={errorText(field)}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    className="input input--number"
                    inputMode="decimal"
                    value={draft[field]}
                    aria-describedby={describedBy}
                    onChange={(e) => update({ [field]: e.target.value })}
                  />
                )}
              </Field>
            ))}
          </div>
        </details>
      ) : null}
    </fieldset>
  );
}
