/**
 * One WhatsApp account: its last check, its facts, and "Check connection", "Replace token"
 * and "Remove" (asked first). One action at a time; its failure shows on the card.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhatsAppAccount } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { CheckIcon, RetryIcon } from '../../components/Icons.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useFormat } from '../../i18n/format.ts';
import { DEFAULT_BASE_URL, isConnected } from '../../lib/accounts.ts';
import { isolate } from '../../lib/bidi.ts';
import { useAction } from '../../lib/use-action.ts';
import { useAppStore } from '../../store/index.ts';
import { AccountStatus } from './AccountStatus.tsx';
import { ReplaceTokenForm } from './ReplaceTokenForm.tsx';

export function AccountCard(props: { account: WhatsAppAccount; replacing: boolean; onReplacing(open: boolean): void; checkOnMount: boolean }) {
  const { account, replacing } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  const checkAccount = useAppStore((s) => s.checkAccount);
  const removeAccount = useAppStore((s) => s.removeAccount);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [tokenSaved, setTokenSaved] = useState(false);
  const checkedOnMount = useRef(false);
  const titleId = `account-${account.id}-title`;
  // A removed account's card goes away with it, so "Remove" stays busy until then.
  const act = useAction(async (what: 'check' | 'remove') => {
    if (what === 'check') await checkAccount(account.businessId, account.id);
    else await removeAccount(account.businessId, account.id);
  });
  const pending = act.running?.[0] ?? null;
  const check = () => void act.run('check');

  useEffect(() => {
    if (!props.checkOnMount || checkedOnMount.current) return;
    checkedOnMount.current = true;
    // Once, right after the account was added: the owner sees at once whether it works.
    check();
  }, [props.checkOnMount]);

  function remove() {
    setConfirmRemove(false);
    void act.run('remove');
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
            check();
          }}
        />
      ) : null}

      <ErrorNote error={act.error} onDismiss={act.clearError} />

      <div className="account-card__actions">
        <button type="button" className="btn btn--small" onClick={check} disabled={act.busy} aria-busy={pending === 'check'}>
          <RetryIcon />
          {pending === 'check' ? t('accounts.checking') : t('accounts.check')}
        </button>
        {!replacing ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={act.busy}
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
          disabled={act.busy}
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
              <button type="button" className="btn btn--danger" onClick={remove}>
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
