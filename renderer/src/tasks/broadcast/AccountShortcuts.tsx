/**
 * Under a broadcast waiting for its account: "Replace token" (when the business has WhatsApp
 * accounts, or they could not be read), and "Open Settings" while test mode simulates an
 * account problem. The accounts are loaded here when nothing has asked for them yet.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskSnapshot } from '../../../../common/model.ts';
import { SettingsIcon } from '../../components/Icons.tsx';
import { useAppStore } from '../../store/index.ts';

export function BroadcastAccountShortcuts({ task }: { task: TaskSnapshot }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const accountsKnown = useAppStore((s) => s.accountsStatus[task.businessId]?.state);
  const hasAccounts = useAppStore((s) => (s.accountsByBusiness[task.businessId]?.length ?? 0) > 0);
  const simulating = useAppStore((s) => s.settings?.testModeAccountProblem === true);
  const loadAccounts = useAppStore((s) => s.loadAccounts);

  useEffect(() => {
    if (accountsKnown === undefined) void loadAccounts(task.businessId);
  }, [accountsKnown, loadAccounts, task.businessId]);

  const tokenShortcut = hasAccounts || accountsKnown === 'error';
  if (!tokenShortcut && !simulating) return null;
  return (
    <span className="note__actions">
      {tokenShortcut ? (
        <button type="button" className="btn btn--small" onClick={() => navigate({ screen: 'accounts', replaceToken: true })}>
          {t('task.replaceToken')}
        </button>
      ) : null}
      {simulating ? (
        <button type="button" className="btn btn--small btn--ghost" onClick={() => navigate({ screen: 'settings' })}>
          <SettingsIcon />
          {t('task.openSettings')}
        </button>
      ) : null}
    </span>
  );
}
