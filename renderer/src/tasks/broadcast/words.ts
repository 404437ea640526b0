/** The words of a broadcast, in English and Hebrew side by side. Plain data, so scripts and tests can read it without React. */
import type { KindWordsByLanguage } from '../kind-view.ts';

export const broadcastWords = {
  en: {
    name: 'Broadcast',
    rate: '{{rate}} messages/s',
    preparing: 'Preparing the recipient list…',
    succeeded: 'Sent',
    detailsLink: 'Recipients',
    cancelTitle: 'Cancel “{{title}}”?',
    cancelLeft: {
      one: '{{n}} message has not been sent yet. It will not be sent.',
      other: '{{n}} messages have not been sent yet. They will not be sent.',
    },
    cancelConfirm: 'Cancel broadcast',
    items: 'Recipients',
    shown: { one: '{{n}} recipient', other: '{{n}} recipients' },
    noItemsYet: 'The recipient list is still being prepared.',
    noMatch: 'No recipient matches.',
    search: 'Search recipients',
    searchPlaceholder: 'Search by phone or name',
    subject: 'Recipient',
    noLabel: 'No name',
  },
  he: {
    name: 'דיוור',
    rate: '{{rate}} הודעות לשנייה',
    preparing: 'מכין את רשימת הנמענים…',
    succeeded: 'נשלחו',
    detailsLink: 'נמענים',
    cancelTitle: 'לבטל את „{{title}}”?',
    cancelLeft: {
      one: 'הודעה אחת עוד לא נשלחה. היא לא תישלח.',
      two: '{{n}} הודעות עוד לא נשלחו. הן לא יישלחו.',
      other: '{{n}} הודעות עוד לא נשלחו. הן לא יישלחו.',
    },
    cancelConfirm: 'ביטול הדיוור',
    items: 'נמענים',
    shown: { one: 'נמען אחד', two: '{{n}} נמענים', other: '{{n}} נמענים' },
    noItemsYet: 'רשימת הנמענים עדיין בהכנה.',
    noMatch: 'אין נמען מתאים.',
    search: 'חיפוש נמענים',
    searchPlaceholder: 'חיפוש לפי טלפון או שם',
    subject: 'נמען',
    noLabel: 'ללא שם',
  },
} as const satisfies KindWordsByLanguage;
