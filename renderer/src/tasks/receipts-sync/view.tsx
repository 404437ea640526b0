/**
 * A receipts sync in the window: its items are Gmail messages (the subject is the message
 * id), its cards live on the Receipts page, and when it waits for its account the shortcut
 * goes to Gmail's connection there.
 */
import { useTranslation } from 'react-i18next';
import { receiptsSyncFacts } from '../../../../common/tasks/receipts-sync/facts.ts';
import { ReceiptIcon } from '../../components/Icons.tsx';
import { useAppStore } from '../../store/index.ts';
import { defineKindView } from '../kind-view.ts';
import { receiptsSyncWords } from './words.ts';

function GmailShortcut() {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <span className="note__actions">
      <button type="button" className="btn btn--small" onClick={() => navigate({ screen: 'receipts' })}>
        {t('task.openReceipts')}
      </button>
    </span>
  );
}

export const receiptsSyncView = defineKindView({
  facts: receiptsSyncFacts,
  icon: ReceiptIcon,
  columns: { subjectDir: 'ltr' },
  accountShortcuts: GmailShortcut,
  listedOn: 'receipts',
  words: receiptsSyncWords,
});
