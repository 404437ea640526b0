/** An account's last connection check: the number, verified name and quality, or the problem in plain words. */
import { useTranslation } from 'react-i18next';
import type { WhatsAppAccount } from '../../../../common/model.ts';
import { AlertIcon, CheckIcon } from '../../components/Icons.tsx';
import { ReasonText } from '../../components/ReasonText.tsx';
import { useFormat } from '../../i18n/format.ts';
import { isolate } from '../../lib/bidi.ts';

export function AccountStatus({ account }: { account: WhatsAppAccount }) {
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
          <ReasonText className="note__detail" message={check.error} />
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
