/**
 * Importing contacts in the window: its details are the rows that could not be imported
 * (facts.details 'row-errors'), its cards and its form live on the Contacts page.
 */
import { contactsImportFacts } from '../../../../common/tasks/contacts-import/facts.ts';
import { ImportIcon } from '../../components/Icons.tsx';
import { defineKindView } from '../kind-view.ts';
import { ImportForm } from './ImportForm.tsx';

export const contactsImportView = defineKindView({
  facts: contactsImportFacts,
  icon: ImportIcon,
  iconTone: 'info',
  columns: { subjectDir: 'ltr' },
  startForm: ImportForm,
  listedOn: 'contacts',
  words: {
    en: {
      name: 'Contacts import',
      rate: '{{rate}} rows/s',
      preparing: 'Reading the file…',
      succeeded: 'Imported',
      detailsLink: 'Row errors',
      cancelTitle: 'Cancel “{{title}}”?',
      cancelLeft: {
        one: '{{n}} row has not been imported yet. It will not be imported.',
        other: '{{n}} rows have not been imported yet. They will not be imported.',
      },
      cancelConfirm: 'Cancel import',
      items: 'Rows that were not imported',
      shown: { one: '{{n}} row', other: '{{n}} rows' },
      noItemsYet: 'Every row was read without errors.',
      noMatch: 'No row matches.',
      search: 'Search rows',
      searchPlaceholder: 'Search rows',
      subject: 'Row',
      noLabel: '',
    },
    he: {
      name: 'ייבוא אנשי קשר',
      rate: '{{rate}} שורות לשנייה',
      preparing: 'קורא את הקובץ…',
      succeeded: 'יובאו',
      detailsLink: 'שגיאות בשורות',
      cancelTitle: 'לבטל את „{{title}}”?',
      cancelLeft: {
        one: 'שורה אחת עוד לא יובאה. היא לא תיובא.',
        two: '{{n}} שורות עוד לא יובאו. הן לא ייובאו.',
        other: '{{n}} שורות עוד לא יובאו. הן לא ייובאו.',
      },
      cancelConfirm: 'ביטול הייבוא',
      items: 'שורות שלא יובאו',
      shown: { one: 'שורה אחת', two: '{{n}} שורות', other: '{{n}} שורות' },
      noItemsYet: 'כל השורות נקראו ללא שגיאות.',
      noMatch: 'אין שורה מתאימה.',
      search: 'חיפוש שורות',
      searchPlaceholder: 'חיפוש שורות',
      subject: 'שורה',
      noLabel: '',
    },
  },
});
