/**
 * WhatsApp accounts of the selected business: a card for each (screens/accounts/AccountCard:
 * its last connection check, "Check connection", "Replace token", "Remove"), and the form
 * to add one (screens/accounts/AddAccountForm). Coming from a task card waiting for its
 * account, the token field of that account opens by itself.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessId, WhatsAppAccount } from '../../../common/model.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { AlertIcon, PlusIcon } from '../components/Icons.tsx';
import { useAppStore } from '../store/index.ts';
import type { LoadStatus } from '../store/types.ts';
import { AccountCard } from './accounts/AccountCard.tsx';
import { AddAccountForm } from './accounts/AddAccountForm.tsx';

const NO_ACCOUNTS: readonly WhatsAppAccount[] = [];
const IDLE: LoadStatus = { state: 'idle' };

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
