/**
 * The tally's window side: its icon, its columns (the subject is the number, "#7"; the
 * result is the ledger line it was written on) and its words in both languages. Its side
 * effect leaves the machine (a ledger line), so a crash can leave a number in doubt, and
 * it says so in its own words.
 */
import type { TaskItem } from '../../../common/model.ts';
import { defineKindView, type KindWords } from '../../../renderer/src/tasks/kind-view.ts';
import { tallyFacts, tallyItemResult } from './facts.ts';

/** Four strokes and a slash: a tally mark. Decorative, as the shipped icons are. */
export const TallyIcon = () => (
  <svg
    className="icon icon--tally"
    viewBox="0 0 24 24"
    width="18"
    height="18"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.8"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
    data-icon="tally"
  >
    <path d="M6 5v14M10 5v14M14 5v14M18 5v14M3 16 21 8" />
  </svg>
);

/**
 * "¶ 12": the ledger line the number was written on, or nothing before it was. A column
 * gets no language (ItemColumns.result), so it says it with a sign both languages read.
 */
function ledgerLine(item: TaskItem): string | null {
  const result = tallyItemResult.safeParse(item.result);
  return result.success ? `¶ ${result.data.line}` : null;
}

export const TALLY_WORDS_EN: KindWords = {
  name: 'Tally test',
  rate: '{{rate}} numbers/s',
  preparing: 'Lining up the numbers…',
  succeeded: 'Counted',
  detailsLink: 'Numbers',
  cancelTitle: 'Stop counting “{{title}}”?',
  cancelLeft: { one: '{{n}} number is not counted yet. It will not be counted.', other: '{{n}} numbers are not counted yet. They will not be counted.' },
  cancelConfirm: 'Stop counting',
  items: 'Numbers',
  shown: { one: '{{n}} number', other: '{{n}} numbers' },
  noItemsYet: 'The numbers are still being lined up.',
  noMatch: 'No number matches.',
  search: 'Search numbers',
  searchPlaceholder: 'Search by number',
  subject: 'Number',
  noLabel: '',
  inDoubt: {
    notice: {
      one: '{{n}} number may or may not be in the ledger. Nothing is counted again until you decide.',
      other: '{{n}} numbers may or may not be in the ledger. Nothing is counted again until you decide.',
    },
    title: { one: '{{n}} number in doubt', other: '{{n}} numbers in doubt' },
    body: 'The app stopped while these were being written to the ledger. Ask the ledger, mark them as counted, or count them again.',
  },
  itemStates: { done: 'Counted' },
};

export const TALLY_WORDS_HE: KindWords = {
  name: 'בדיקת ספירה',
  rate: '{{rate}} מספרים לשנייה',
  preparing: 'מסדר את המספרים…',
  succeeded: 'נספרו',
  detailsLink: 'מספרים',
  cancelTitle: 'להפסיק לספור את „{{title}}”?',
  cancelLeft: {
    one: 'מספר אחד עוד לא נספר. הוא לא ייספר.',
    two: '{{n}} מספרים עוד לא נספרו. הם לא ייספרו.',
    other: '{{n}} מספרים עוד לא נספרו. הם לא ייספרו.',
  },
  cancelConfirm: 'הפסקת הספירה',
  items: 'מספרים',
  shown: { one: 'מספר אחד', two: '{{n}} מספרים', other: '{{n}} מספרים' },
  noItemsYet: 'המספרים עדיין מסודרים.',
  noMatch: 'אין מספר מתאים.',
  search: 'חיפוש מספרים',
  searchPlaceholder: 'חיפוש לפי מספר',
  subject: 'מספר',
  noLabel: '',
  inDoubt: {
    notice: {
      one: 'מספר אחד אולי נרשם ביומן ואולי לא. שום דבר לא ייספר שוב עד שתחליטו.',
      two: '{{n}} מספרים אולי נרשמו ביומן ואולי לא. שום דבר לא ייספר שוב עד שתחליטו.',
      other: '{{n}} מספרים אולי נרשמו ביומן ואולי לא. שום דבר לא ייספר שוב עד שתחליטו.',
    },
    title: { one: 'מספר אחד בספק', two: '{{n}} מספרים בספק', other: '{{n}} מספרים בספק' },
    body: 'האפליקציה נעצרה בזמן שהמספרים האלה נרשמו ביומן. אפשר לבדוק ביומן, לסמן אותם כנספרו או לספור שוב.',
  },
  itemStates: { done: 'נספר' },
};

export const tallyView = defineKindView({
  facts: tallyFacts,
  icon: TallyIcon,
  // "#12" reads left to right in Hebrew too.
  columns: { subjectDir: 'ltr', result: ledgerLine },
  extraCounters: [{ key: 'inDoubt', tone: 'warning' }],
  words: { en: TALLY_WORDS_EN, he: TALLY_WORDS_HE },
});
