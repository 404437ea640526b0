/**
 * Adding a WhatsApp account, with help on where Meta shows each value. The access token
 * lives only in its password input while being typed: it is read once on submit, sent to
 * main, and the input is cleared.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCESS_TOKEN_MAX, ACCOUNT_BASE_URL_MAX, ACCOUNT_LABEL_MAX, ACCOUNT_RATE_MAX } from '../../../../common/ipc/contract.ts';
import type { BusinessId, WhatsAppAccount } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { Field } from '../../components/Field.tsx';
import { PlusIcon } from '../../components/Icons.tsx';
import { useFormat } from '../../i18n/format.ts';
import {
  DEFAULT_BASE_URL,
  EMPTY_ACCOUNT_DRAFT,
  tokenError,
  validateAccount,
  type AccountDraft,
  type AccountField,
  type AccountValidation,
} from '../../lib/accounts.ts';
import { useAction } from '../../lib/use-action.ts';
import type { NewAccount } from '../../store/accounts.ts';
import { useAppStore } from '../../store/index.ts';

const ADVANCED_FIELDS: readonly AccountField[] = ['graphVersion', 'baseUrl', 'ratePerSecond'];

export function AddAccountForm(props: { businessId: BusinessId; cancellable: boolean; onDone(added: WhatsAppAccount | null): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const addAccount = useAppStore((s) => s.addAccount);
  const [draft, setDraft] = useState<AccountDraft>(EMPTY_ACCOUNT_DRAFT);
  const token = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [errors, setErrors] = useState<AccountValidation['errors']>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const saving = useAction(async (request: NewAccount) => {
    const account = await addAccount(props.businessId, request);
    if (token.current) token.current.value = '';
    setDraft(EMPTY_ACCOUNT_DRAFT);
    setShowErrors(false);
    props.onDone(account);
  });

  function update(patch: Partial<AccountDraft>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (showErrors) setErrors(validateAccount(next, token.current?.value ?? '').errors);
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    // The token is read here, once, and handed to main; nothing else keeps it.
    const result = validateAccount(draft, token.current?.value ?? '');
    setShowErrors(true);
    setErrors(result.errors);
    if (!result.request) {
      if (ADVANCED_FIELDS.some((f) => result.errors[f])) setAdvancedOpen(true);
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    void saving.run(result.request);
  }

  const errorText = (field: AccountField) => {
    const key = errors[field];
    return key ? t(`accounts.errors.${key}`) : undefined;
  };
  const text = (field: keyof AccountDraft, options: { label: string; hint?: string; placeholder?: string; mono?: boolean; max: number; mode?: 'numeric' | 'decimal' | 'url' }) => (
    <Field label={options.label} hint={options.hint} error={errorText(field)}>
      {(id, describedBy) => (
        <input
          id={id}
          className={options.mono ? 'input input--mono' : 'input'}
          dir={options.mono ? 'ltr' : undefined}
          value={draft[field]}
          maxLength={options.max}
          placeholder={options.placeholder}
          inputMode={options.mode}
          spellCheck={options.mono ? false : undefined}
          aria-describedby={describedBy}
          aria-invalid={errorText(field) ? true : undefined}
          onChange={(e) => update({ [field]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <form ref={form} className="card fieldset account-form" onSubmit={submit} noValidate aria-labelledby="account-form-title">
      <h3 id="account-form-title" className="fieldset__legend">
        {t('accounts.addTitle')}
      </h3>
      <Help />
      {text('label', { label: t('accounts.label'), hint: t('accounts.labelHint'), placeholder: t('accounts.labelPlaceholder'), max: ACCOUNT_LABEL_MAX })}
      <div className="field-row">
        {text('phoneNumberId', { label: t('accounts.phoneNumberId'), hint: t('accounts.phoneNumberIdHint'), mono: true, max: 40, mode: 'numeric' })}
        {text('wabaId', { label: t('accounts.wabaId'), hint: t('accounts.wabaIdHint'), mono: true, max: 40, mode: 'numeric' })}
      </div>
      <Field label={t('accounts.token')} hint={t('accounts.tokenHint')} error={errorText('token')}>
        {(id, describedBy) => (
          <input
            id={id}
            ref={token}
            type="password"
            className="input input--mono"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            maxLength={ACCESS_TOKEN_MAX}
            aria-describedby={describedBy}
            aria-invalid={errorText('token') ? true : undefined}
            onChange={(e) => {
              if (showErrors) setErrors((prev) => ({ ...prev, token: tokenError(e.target.value) ?? undefined }));
            }}
          />
        )}
      </Field>
      <details className="advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen((e.target as HTMLDetailsElement).open)}>
        <summary>{t('accounts.advanced')}</summary>
        <p className="muted">{t('accounts.advancedHint')}</p>
        <div className="field-grid">
          {text('graphVersion', { label: t('accounts.graphVersion'), placeholder: 'v23.0', mono: true, max: 10 })}
          {text('baseUrl', { label: t('accounts.baseUrl'), placeholder: DEFAULT_BASE_URL, mono: true, max: ACCOUNT_BASE_URL_MAX, mode: 'url' })}
          {text('ratePerSecond', {
            label: t('accounts.rate'),
            hint: t('accounts.rateHint', { max: fmt.integer(ACCOUNT_RATE_MAX) }),
            placeholder: fmt.integer(20),
            max: 10,
            mode: 'decimal',
          })}
        </div>
      </details>
      {errors.form ? (
        <p className="note note--danger" role="alert">
          {t('accounts.errors.invalid')}
        </p>
      ) : null}
      <ErrorNote error={saving.error} />
      <div className="form-actions">
        {props.cancellable ? (
          <button type="button" className="btn" onClick={() => props.onDone(null)} disabled={saving.busy}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="btn btn--primary" disabled={saving.busy} aria-busy={saving.busy}>
          <PlusIcon />
          {saving.busy ? t('accounts.saving') : t('accounts.save')}
        </button>
      </div>
    </form>
  );
}

/** Where Meta shows each value, in a few lines. */
function Help() {
  const { t } = useTranslation();
  return (
    <aside className="help" aria-labelledby="account-help-title">
      <h4 id="account-help-title" className="help__title">
        {t('accounts.help.title')}
      </h4>
      <ul className="help__list">
        <li>{t('accounts.help.ids')}</li>
        <li>{t('accounts.help.token')}</li>
        <li>{t('accounts.help.templates')}</li>
      </ul>
    </aside>
  );
}
