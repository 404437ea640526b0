/**
 * The stand-in for a kind this build does not know: a task row written by a newer Taskdeck
 * (or a test kind). Its card says so instead of crashing, and shows what every task has —
 * status, progress, counters, the generic buttons — in neutral words.
 */
import { z } from 'zod';
import type { TaskKindFacts } from '../../../../common/tasks/kind.ts';
import { ListIcon } from '../../components/Icons.tsx';
import type { KindView, KindWordsByLanguage } from '../kind-view.ts';

const WORDS: KindWordsByLanguage = {
  en: {
    name: 'Unknown kind',
    rate: '{{rate}} items/s',
    preparing: 'Preparing…',
    succeeded: 'Done',
    detailsLink: 'Items',
    cancelTitle: 'Cancel “{{title}}”?',
    cancelLeft: { one: '{{n}} item has not been handled yet.', other: '{{n}} items have not been handled yet.' },
    cancelConfirm: 'Cancel task',
    items: 'Items',
    shown: { one: '{{n}} item', other: '{{n}} items' },
    noItemsYet: 'No items yet.',
    noMatch: 'No item matches.',
    search: 'Search items',
    searchPlaceholder: 'Search items',
    subject: 'Item',
    noLabel: '',
  },
  he: {
    name: 'סוג לא מוכר',
    rate: '{{rate}} פריטים לשנייה',
    preparing: 'בהכנה…',
    succeeded: 'בוצעו',
    detailsLink: 'פריטים',
    cancelTitle: 'לבטל את „{{title}}”?',
    cancelLeft: { one: 'פריט אחד עוד לא טופל.', two: '{{n}} פריטים עוד לא טופלו.', other: '{{n}} פריטים עוד לא טופלו.' },
    cancelConfirm: 'ביטול המשימה',
    items: 'פריטים',
    shown: { one: 'פריט אחד', two: '{{n}} פריטים', other: '{{n}} פריטים' },
    noItemsYet: 'אין פריטים עדיין.',
    noMatch: 'אין פריט מתאים.',
    search: 'חיפוש פריטים',
    searchPlaceholder: 'חיפוש פריטים',
    subject: 'פריט',
    noLabel: '',
  },
};

/** Facts the window assumes for a kind it cannot look up: nothing to retry, and items may be in doubt. */
function unknownFacts(id: string): TaskKindFacts {
  return {
    id,
    input: z.never(),
    params: z.unknown(),
    sideEffect: 'leaves-machine',
    perBusiness: null,
    retryFailed: false,
    details: 'items',
    words: {
      finished: 'alertFinishedTask',
      succeeded: 'alertCountDone',
      failed: 'alertCountFailed',
      skipped: 'alertCountSkipped',
      waitingForAccount: 'alertWaitingForAccount',
    },
  };
}

export function unknownKindView(id: string): KindView {
  return { facts: unknownFacts(id), icon: ListIcon, columns: { subjectDir: 'auto' }, words: WORDS, unknown: true };
}
