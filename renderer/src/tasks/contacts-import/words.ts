/** The words of a contact import, in English and Hebrew side by side. Plain data, so scripts and tests can read it without React. */
import type { KindWordsByLanguage } from '../kind-view.ts';

export const contactsImportWords = {
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
} as const satisfies KindWordsByLanguage;
