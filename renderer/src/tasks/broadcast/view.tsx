/**
 * The broadcast kind in the window: its words, its recipients' columns, the in-doubt counter
 * (its messages leave the machine, so a crash can leave one in doubt), the shortcuts to its
 * WhatsApp account when it waits for one, and the composer.
 */
import { broadcastFacts } from '../../../../common/tasks/broadcast/facts.ts';
import { BroadcastIcon } from '../../components/Icons.tsx';
import { defineKindView } from '../kind-view.ts';
import { BroadcastAccountShortcuts } from './AccountShortcuts.tsx';
import { ComposerScreen } from './composer/ComposerScreen.tsx';

export const broadcastView = defineKindView({
  facts: broadcastFacts,
  icon: BroadcastIcon,
  columns: { subjectDir: 'ltr' },
  extraCounters: [{ key: 'inDoubt', tone: 'warning' }],
  accountShortcuts: BroadcastAccountShortcuts,
  composer: ComposerScreen,
  words: {
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
  },
});
