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
  words: {
    en: {
      name: 'Receipts sync',
      rate: '{{rate}} messages/s',
      preparing: 'Listing the messages in Gmail…',
      succeeded: 'Saved',
      detailsLink: 'Gmail messages',
      cancelTitle: 'Cancel “{{title}}”?',
      cancelLeft: {
        one: '{{n}} message has not been fetched yet. The next sync picks it up.',
        other: '{{n}} messages have not been fetched yet. The next sync picks them up.',
      },
      cancelConfirm: 'Cancel sync',
      items: 'Gmail messages',
      shown: { one: '{{n}} message', other: '{{n}} messages' },
      noItemsYet: 'The message list is still being read from Gmail.',
      noMatch: 'No message matches.',
      search: 'Search messages',
      searchPlaceholder: 'Search by message id',
      subject: 'Gmail message',
      noLabel: 'Gmail message',
      itemStates: { claimed: 'Copying', done: 'Saved' },
    },
    he: {
      name: 'סנכרון קבלות',
      rate: '{{rate}} הודעות לשנייה',
      preparing: 'קורא את רשימת ההודעות מ-Gmail…',
      succeeded: 'נשמרו',
      detailsLink: 'הודעות Gmail',
      cancelTitle: 'לבטל את „{{title}}”?',
      cancelLeft: {
        one: 'הודעה אחת עוד לא נקראה. הסנכרון הבא יביא אותה.',
        two: '{{n}} הודעות עוד לא נקראו. הסנכרון הבא יביא אותן.',
        other: '{{n}} הודעות עוד לא נקראו. הסנכרון הבא יביא אותן.',
      },
      cancelConfirm: 'ביטול הסנכרון',
      items: 'הודעות Gmail',
      shown: { one: 'הודעה אחת', two: '{{n}} הודעות', other: '{{n}} הודעות' },
      noItemsYet: 'רשימת ההודעות עדיין נקראת מ-Gmail.',
      noMatch: 'אין הודעה מתאימה.',
      search: 'חיפוש הודעות',
      searchPlaceholder: 'חיפוש לפי מזהה הודעה',
      subject: 'הודעת Gmail',
      noLabel: 'הודעת Gmail',
      itemStates: { claimed: 'בהעתקה', done: 'נשמרה' },
    },
  },
});
