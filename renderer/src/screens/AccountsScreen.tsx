/**
 * WhatsApp accounts of the selected business: each with its last connection check
 * (the number, verified name and quality, or the problem in plain words), "Check
 * connection", "Replace token" and "Remove"; and a form to add one, with help on where
 * Meta shows each value. Access tokens live only in their password inputs while being
 * typed: they are read once on submit, sent to main, and the input is cleared.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCESS_TOKEN_MAX, ACCOUNT_BASE_URL_MAX, ACCOUNT_LABEL_MAX, ACCOUNT_RATE_MAX } from '../../../common/ipc/contract.ts';
import type { BusinessId, WhatsAppAccount } from '../../../common/model.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';
import { AlertIcon, CheckIcon, PlusIcon, RetryIcon } from '../components/Icons.tsx';
import { Modal } from '../components/Modal.tsx';
import { ReasonText } from '../components/ReasonText.tsx';
import { useFormat } from '../i18n/format.ts';
import {
  EMPTY_ACCOUNT_DRAFT,
  isConnected,
  tokenError,
  validateAccount,
  type AccountDraft,
  type AccountErrorKey,
  type AccountField,
  type AccountValidation,
} from '../lib/accounts.ts';
import { isolate } from '../lib/bidi.ts';
import type { UiError } from '../lib/errors.ts';
import { useAppStore } from '../store/index.ts';
import type { LoadStatus } from '../store/types.ts';

const NO_ACCOUNTS: readonly WhatsAppAccount[] = [];
const IDLE: LoadStatus = { state: 'idle' };
const DEFAULT_BASE_URL = 'https://graph.facebook.com';

/** Which account a "Replace token" shortcut from a card means, when that can be told. */
function replaceTarget(accounts: readonly WhatsAppAccount[]): WhatsAppAccount | null {
  if (accounts.length === 1) return accounts[0]!;
  const failing = accounts.filter((a) => a.check.error !== null);
  return failing.length === 1 ? failing[0]! : null;
}

export function AccountsScreen({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const accounts = useAppStore((s) => s.accountsByBusiness[businessId]) ?? NO_ACCOUNTS;
  const status = useAppStore((s) => s.accountsStatus[businessId]) ?? IDLE;
  const loadAccounts = useAppStore((s) => s.loadAccounts);
  const wantsToken = useAppStore((s) => s.route.screen === 'accounts' && s.route.replaceToken === true);
  const loaded = status.state === 'ready' || (status.state === 'loading' && accounts.length > 0);
  const [adding, setAdding] = useState(false);
  const [replacingId, setReplacingId] = useState<number | null>(null);
  const [checkId, setCheckId] = useState<number | null>(null);
  const intentApplied = useRef(false);

  useEffect(() => {
    void loadAccounts(businessId);
  }, [loadAccounts, businessId]);

  // Coming from a card waiting for its account: open that account's token field.
  useEffect(() => {
    if (!wantsToken || intentApplied.current || status.state !== 'ready') return;
    intentApplied.current = true;
    const target = replaceTarget(accounts);
    if (target) setReplacingId(target.id);
  }, [wantsToken, status.state, accounts]);

  const showForm = adding || (status.state === 'ready' && accounts.length === 0);

  return (
    <section className="screen screen--accounts" aria-labelledby="accounts-title">
      <div className="screen__head">
        <h2 id="accounts-title" className="screen__title">
          {t('accounts.title')}
        </h2>
        {accounts.length > 0 && !showForm ? (
          <button type="button" className="btn btn--primary" onClick={() => setAdding(true)}>
            <PlusIcon />
            {t('accounts.add')}
          </button>
        ) : null}
      </div>
      <p className="muted screen__intro">{t('accounts.intro')}</p>

      {wantsToken ? (
        <p className="note note--warning" data-testid="replace-hint">
          <AlertIcon />
          <span className="note__body">{t('accounts.replaceHint')}</span>
        </p>
      ) : null}

      {status.state === 'error' ? (
        <div className="stack">
          <ErrorNote error={status.error} />
          <button type="button" className="btn btn--small" onClick={() => void loadAccounts(businessId)}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {!loaded && status.state !== 'error' ? <p className="muted">{t('common.loading')}</p> : null}

      {accounts.length > 0 ? (
        <ul className="account-list" aria-label={t('accounts.listLabel')}>
          {accounts.map((account) => (
            <li key={account.id}>
              <AccountCard
                account={account}
                replacing={replacingId === account.id}
                onReplacing={(open) => setReplacingId(open ? account.id : null)}
                checkOnMount={checkId === account.id}
              />
            </li>
          ))}
        </ul>
      ) : status.state === 'ready' ? (
        <p className="muted">{t('accounts.none')}</p>
      ) : null}

      {showForm ? (
        <AddAccountForm
          businessId={businessId}
          cancellable={accounts.length > 0}
          onDone={(added) => {
            setAdding(false);
            if (added) setCheckId(added.id);
          }}
        />
      ) : null}
    </section>
  );
}

function AccountStatus({ account }: { account: WhatsAppAccount }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { check } = account;
  const checked = check.at !== null ? <span className="account-status__when">{t('accounts.checkedAt', { time: fmt.when(check.at) })}</span> : null;
  if (check.error !== null) {
    return (
      <div className="note note--danger account-status" data-testid="account-status">
        <AlertIcon />
        <span className="note__body">
          <span className="note__title">{t('accounts.problemTitle')}</span>
          <ReasonText className="note__detail" text={check.error} />
          {checked}
        </span>
      </div>
    );
  }
  if (check.at === null) {
    return (
      <p className="muted account-status" data-testid="account-status">
        {t('accounts.neverChecked')}
      </p>
    );
  }
  const parts: string[] = [t('accounts.connectedTo', { number: isolate(check.displayPhoneNumber ?? account.phoneNumberId) })];
  if (check.verifiedName) parts.push(isolate(check.verifiedName));
  if (check.qualityRating) parts.push(t('accounts.quality', { rating: check.qualityRating }));
  return (
    <div className="note note--success account-status" data-testid="account-status">
      <CheckIcon />
      <span className="note__body">
        <span className="note__title">{parts.join(' · ')}</span>
        {checked}
      </span>
    </div>
  );
}

function AccountCard(props: { account: WhatsAppAccount; replacing: boolean; onReplacing(open: boolean): void; checkOnMount: boolean }) {
  const { account, replacing } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  const checkAccount = useAppStore((s) => s.checkAccount);
  const removeAccount = useAppStore((s) => s.removeAccount);
  const [pending, setPending] = useState<'check' | 'remove' | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [tokenSaved, setTokenSaved] = useState(false);
  const checkedOnMount = useRef(false);
  const titleId = `account-${account.id}-title`;

  async function check() {
    setPending('check');
    setError(null);
    try {
      await checkAccount(account.businessId, account.id);
    } catch (e) {
      setError(e as UiError);
    } finally {
      setPending(null);
    }
  }

  useEffect(() => {
    if (!props.checkOnMount || checkedOnMount.current) return;
    checkedOnMount.current = true;
    // Once, right after the account was added: the owner sees at once whether it works.
    void check();
  }, [props.checkOnMount]);

  async function remove() {
    setConfirmRemove(false);
    setPending('remove');
    setError(null);
    try {
      await removeAccount(account.businessId, account.id);
    } catch (e) {
      setError(e as UiError);
      setPending(null);
    }
  }

  const connected = isConnected(account);
  const tone = account.check.error !== null ? 'danger' : connected ? 'success' : 'neutral';
  const statusWord = account.check.error !== null ? 'problem' : connected ? 'connected' : 'unchecked';

  return (
    <article className="card account-card" aria-labelledby={titleId} data-account={account.id}>
      <header className="account-card__head">
        <h3 id={titleId} className="account-card__title">
          <bdi>{account.label}</bdi>
        </h3>
        <span className={`badge badge--${tone}`} data-testid="account-badge">
          <span className="badge__dot" aria-hidden="true" />
          {t(`accounts.status.${statusWord}`)}
        </span>
      </header>

      <AccountStatus account={account} />

      <dl className="account-card__facts">
        <div>
          <dt>{t('accounts.phoneNumberId')}</dt>
          <dd dir="ltr">{account.phoneNumberId}</dd>
        </div>
        <div>
          <dt>{t('accounts.wabaId')}</dt>
          <dd dir="ltr">{account.wabaId}</dd>
        </div>
        <div>
          <dt>{t('accounts.rate')}</dt>
          <dd>{fmt.decimal(account.ratePerSecond)}</dd>
        </div>
        {account.check.throughputLevel ? (
          <div>
            <dt>{t('accounts.throughput')}</dt>
            <dd dir="ltr">{account.check.throughputLevel}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('accounts.graphVersion')}</dt>
          <dd dir="ltr">{account.graphVersion}</dd>
        </div>
        {account.baseUrl.replace(/\/+$/, '') !== DEFAULT_BASE_URL ? (
          <div>
            <dt>{t('accounts.baseUrl')}</dt>
            <dd dir="ltr">{account.baseUrl}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('accounts.tokenStored')}</dt>
          <dd>{t(`accounts.tokenIn.${account.tokenStoredIn}`)}</dd>
        </div>
      </dl>

      {tokenSaved && !replacing ? (
        <p className="note note--success" role="status">
          <CheckIcon />
          <span className="note__body">{t('accounts.tokenSaved')}</span>
        </p>
      ) : null}

      {replacing ? (
        <ReplaceTokenForm
          account={account}
          onCancel={() => props.onReplacing(false)}
          onSaved={() => {
            setTokenSaved(true);
            props.onReplacing(false);
            void check();
          }}
        />
      ) : null}

      <ErrorNote error={error} onDismiss={() => setError(null)} />

      <div className="account-card__actions">
        <button type="button" className="btn btn--small" onClick={() => void check()} disabled={pending !== null} aria-busy={pending === 'check'}>
          <RetryIcon />
          {pending === 'check' ? t('accounts.checking') : t('accounts.check')}
        </button>
        {!replacing ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={pending !== null}
            onClick={() => {
              setTokenSaved(false);
              props.onReplacing(true);
            }}
          >
            {t('accounts.replaceToken')}
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn--small btn--danger-outline"
          disabled={pending !== null}
          aria-busy={pending === 'remove'}
          onClick={() => setConfirmRemove(true)}
        >
          {t('accounts.remove')}
        </button>
      </div>

      {confirmRemove ? (
        <Modal
          tone="danger"
          title={t('accounts.removeTitle', { label: isolate(account.label) })}
          onClose={() => setConfirmRemove(false)}
          actions={
            <>
              <button type="button" className="btn" data-autofocus onClick={() => setConfirmRemove(false)}>
                {t('accounts.removeKeep')}
              </button>
              <button type="button" className="btn btn--danger" onClick={() => void remove()}>
                {t('accounts.removeConfirm')}
              </button>
            </>
          }
        >
          <p>{t('accounts.removeBody')}</p>
        </Modal>
      ) : null}
    </article>
  );
}

/** The new token is read from the input on submit, sent, and the input emptied. */
function ReplaceTokenForm(props: { account: WhatsAppAccount; onCancel(): void; onSaved(): void }) {
  const { account } = props;
  const { t } = useTranslation();
  const replaceAccountToken = useAppStore((s) => s.replaceAccountToken);
  const input = useRef<HTMLInputElement>(null);
  const [invalid, setInvalid] = useState<AccountErrorKey | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const field = input.current;
    if (!field) return;
    const problem = tokenError(field.value);
    setInvalid(problem);
    if (problem) {
      field.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await replaceAccountToken(account.businessId, account.id, field.value.trim());
      field.value = '';
      props.onSaved();
    } catch (e) {
      setError(e as UiError);
      setPending(false);
    }
  }

  return (
    <form className="token-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field
        label={t('accounts.newToken', { label: isolate(account.label) })}
        hint={t('accounts.newTokenHint')}
        error={invalid ? t(`accounts.errors.${invalid}`) : undefined}
      >
        {(id, describedBy) => (
          <input
            id={id}
            ref={input}
            type="password"
            className="input input--mono"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            maxLength={ACCESS_TOKEN_MAX}
            aria-describedby={describedBy}
            aria-invalid={invalid ? true : undefined}
            onChange={() => invalid && setInvalid(null)}
          />
        )}
      </Field>
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="button" className="btn btn--small" onClick={props.onCancel} disabled={pending}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--small btn--primary" disabled={pending} aria-busy={pending}>
          {pending ? t('accounts.savingToken') : t('accounts.saveToken')}
        </button>
      </div>
    </form>
  );
}

const ADVANCED_FIELDS: readonly AccountField[] = ['graphVersion', 'baseUrl', 'ratePerSecond'];

function AddAccountForm(props: { businessId: BusinessId; cancellable: boolean; onDone(added: WhatsAppAccount | null): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const addAccount = useAppStore((s) => s.addAccount);
  const [draft, setDraft] = useState<AccountDraft>(EMPTY_ACCOUNT_DRAFT);
  const token = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [errors, setErrors] = useState<AccountValidation['errors']>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  function update(patch: Partial<AccountDraft>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (showErrors) setErrors(validateAccount(next, token.current?.value ?? '').errors);
  }

  async function submit(event: React.FormEvent) {
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
    setPending(true);
    setError(null);
    try {
      const account = await addAccount(props.businessId, result.request);
      if (token.current) token.current.value = '';
      setDraft(EMPTY_ACCOUNT_DRAFT);
      setShowErrors(false);
      setPending(false);
      props.onDone(account);
    } catch (e) {
      setError(e as UiError);
      setPending(false);
    }
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
    <form ref={form} className="card fieldset account-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="account-form-title">
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
      <ErrorNote error={error} />
      <div className="form-actions">
        {props.cancellable ? (
          <button type="button" className="btn" onClick={() => props.onDone(null)} disabled={pending}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="btn btn--primary" disabled={pending} aria-busy={pending}>
          <PlusIcon />
          {pending ? t('accounts.saving') : t('accounts.save')}
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
