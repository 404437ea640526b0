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
    inDoubt: {
      notice: {
        one: '{{n}} message may or may not have been sent. Nothing is resent until you decide.',
        other: '{{n}} messages may or may not have been sent. Nothing is resent until you decide.',
      },
      title: { one: '{{n}} message in doubt', other: '{{n}} messages in doubt' },
      body: 'The app stopped while these were being sent, so they may or may not have reached the customer. Ask the provider, mark them as sent, or send them again.',
    },
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
    inDoubt: {
      notice: {
        one: 'הודעה אחת אולי נשלחה ואולי לא. שום דבר לא יישלח שוב עד שתחליטו.',
        two: '{{n}} הודעות אולי נשלחו ואולי לא. שום דבר לא יישלח שוב עד שתחליטו.',
        other: '{{n}} הודעות אולי נשלחו ואולי לא. שום דבר לא יישלח שוב עד שתחליטו.',
      },
      title: { one: 'הודעה אחת בספק', two: '{{n}} הודעות בספק', other: '{{n}} הודעות בספק' },
      body: 'האפליקציה נעצרה בזמן שההודעות האלה נשלחו, ולכן ייתכן שהגיעו ללקוח וייתכן שלא. אפשר לבדוק מול הספק, לסמן אותן כנשלחו או לשלוח שוב.',
    },
  },
} as const satisfies KindWordsByLanguage;
