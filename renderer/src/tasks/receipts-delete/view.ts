/**
 * Deleting local receipt copies in the window: its items are receipts (the subject is the
 * vendor or sender the owner recognises), its cards live on the Receipts page.
 */
import { receiptsDeleteFacts } from '../../../../common/tasks/receipts-delete/facts.ts';
import { TrashIcon } from '../../components/Icons.tsx';
import { defineKindView } from '../kind-view.ts';

export const receiptsDeleteView = defineKindView({
  facts: receiptsDeleteFacts,
  icon: TrashIcon,
  columns: { subjectDir: 'auto' },
  listedOn: 'receipts',
  words: {
    en: {
      name: 'Receipts delete',
      rate: '{{rate}} receipts/s',
      preparing: 'Listing the receipts to delete…',
      succeeded: 'Deleted',
      detailsLink: 'Receipts',
      cancelTitle: 'Cancel “{{title}}”?',
      cancelLeft: {
        one: '{{n}} receipt has not been deleted yet. It will be kept.',
        other: '{{n}} receipts have not been deleted yet. They will be kept.',
      },
      cancelConfirm: 'Stop deleting',
      items: 'Receipts',
      shown: { one: '{{n}} receipt', other: '{{n}} receipts' },
      noItemsYet: 'The receipts to delete are still being listed.',
      noMatch: 'No receipt matches.',
      search: 'Search receipts',
      searchPlaceholder: 'Search by vendor or subject',
      subject: 'Receipt',
      noLabel: 'Receipt',
      itemStates: { claimed: 'Deleting', done: 'Deleted' },
    },
    he: {
      name: 'מחיקת קבלות',
      rate: '{{rate}} קבלות לשנייה',
      preparing: 'אוסף את הקבלות למחיקה…',
      succeeded: 'נמחקו',
      detailsLink: 'קבלות',
      cancelTitle: 'לבטל את „{{title}}”?',
      cancelLeft: {
        one: 'קבלה אחת עוד לא נמחקה. היא תישמר.',
        two: '{{n}} קבלות עוד לא נמחקו. הן יישמרו.',
        other: '{{n}} קבלות עוד לא נמחקו. הן יישמרו.',
      },
      cancelConfirm: 'עצירת המחיקה',
      items: 'קבלות',
      shown: { one: 'קבלה אחת', two: '{{n}} קבלות', other: '{{n}} קבלות' },
      noItemsYet: 'הקבלות למחיקה עדיין נאספות.',
      noMatch: 'אין קבלה מתאימה.',
      search: 'חיפוש קבלות',
      searchPlaceholder: 'חיפוש לפי ספק או נושא',
      subject: 'קבלה',
      noLabel: 'קבלה',
      itemStates: { claimed: 'במחיקה', done: 'נמחקה' },
    },
  },
});
