/**
 * The owner's words in the window's language: main sends Messages (a catalogue key of
 * common/reasons.ts and its params); the Hebrew window shows them in Hebrew, with the params
 * (Google's own words, phone numbers) kept as they are and isolated, the English window in
 * the catalogue's English. Text the owner typed (`verbatim`) is shown as typed in both.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, test } from 'vitest';
import type { Language } from '../../common/ipc/contract.ts';
import { verbatim, type Message } from '../../common/messages.ts';
import type { ImportRowError, TaskItem, TaskSnapshot } from '../../common/model.ts';
import { reason } from '../../common/reasons.ts';
import { ErrorNote } from '../../renderer/src/components/ErrorNote.tsx';
import { ReasonText, TitleText } from '../../renderer/src/components/ReasonText.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';
import { toUiError } from '../../renderer/src/lib/errors.ts';
import { GMAIL, SETTINGS, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';

const GOOGLE = 'Request had insufficient authentication scopes.';
/** What main stores when Google refuses a sync's access (sync.ts + finish.ts). */
const GMAIL_PARKED = reason('accountWait', {
  reason: reason('gmailAccessLost', { reason: reason('gmailNotAllowed', { google: GOOGLE }) }),
  action: reason('thenPressResume'),
});
const GMAIL_PARKED_EN =
  'Gmail access was lost: Taskdeck is not allowed to read this Gmail account (Request had insufficient authentication scopes.). Reconnect Gmail on the Receipts page and allow reading email. Then press Resume.';
const GMAIL_PARKED_HE =
  'הגישה ל־Gmail אבדה: ל־Taskdeck אין הרשאה לקרוא את חשבון ה־Gmail הזה (Request had insufficient authentication scopes.). חברו מחדש את Gmail בעמוד הקבלות ואשרו קריאת דואר. אחר כך לחצו על „המשך”.';

/** The title main gives a receipt sync (task-service.ts), as each window shows it. */
const SYNC_TITLE = { en: 'Receipts from Gmail', he: 'קבלות מ־Gmail' } as const;
const gmailSync = (overrides: Partial<TaskSnapshot> = {}) =>
  snapshot({ kind: 'receipts-sync', title: reason('titleReceiptsSync'), status: 'waiting', waitReason: 'account', rate: null, lastError: GMAIL_PARKED, ...overrides });

/** The window with one task; its card is found by `name`, the title as that window shows it. */
async function show(task: TaskSnapshot, language: Language, name: string, handlers: Handlers = {}) {
  const view = renderApp({
    language,
    handlers: { 'settings:get': () => ({ ...SETTINGS, language }), 'tasks:list': () => [task], 'gmail:status': () => GMAIL, ...handlers },
  });
  await flush();
  return { ...view, card: screen.getByRole('article', { name }) };
}

describe('why a task waits, in Hebrew', () => {
  test('a Gmail sync waiting for its account says so in Hebrew, keeps Google’s own words, and leads to the Receipts page', async () => {
    const { card } = await show(gmailSync(), 'he', SYNC_TITLE.he);
    const note = within(card).getByTestId('wait-reason');
    const detail = within(note).getByTestId('last-error');
    expect(detail.textContent).toBe(GMAIL_PARKED_HE);
    expect(detail.getAttribute('dir')).toBe('rtl');
    // Google's message is isolated, so its Latin text keeps its order inside the Hebrew.
    expect(detail.querySelector('bdi[data-param="google"]')?.textContent).toBe(GOOGLE);
    // The sentence says it all: no generic lead line in front of it.
    expect(note.textContent).not.toContain('חשבון השליחה דורש טיפול');
    expect(within(note).queryByRole('button', { name: 'החלפת אסימון' })).toBeNull();

    fireEvent.click(within(note).getByRole('button', { name: 'פתיחת עמוד הקבלות' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'קבלות', level: 2 })).toBeTruthy();
  });

  test('waiting for the network: the nested reasons are Hebrew too, the host name stays as it is', async () => {
    const lastError = reason('waitingForNetworkSync', { reason: reason('gmailUnreachable', { what: reason('netLookupFailed', { host: 'gmail.googleapis.com' }) }) });
    const { card } = await show(gmailSync({ waitReason: 'offline', lastError }), 'he', SYNC_TITLE.he);
    const detail = within(card).getByTestId('last-error');
    expect(detail.textContent).toBe('אין גישה ל־Gmail (לא הצלחנו למצוא את הכתובת gmail.googleapis.com: אין אינטרנט?). ממתינה לרשת; הסנכרון ימשיך מעצמו.');
    expect(detail.querySelector('bdi[data-param="host"]')?.textContent).toBe('gmail.googleapis.com');
    expect(within(card).getByTestId('wait-reason').textContent).not.toContain('אין חיבור לאינטרנט. המשימה תמשיך מעצמה');
  });

  test('an error main has no words for (verbatim) is shown as it was written, after the translated lead line', async () => {
    // What main stores for an error thrown without a Message of its own (wordsOf).
    const { card } = await show(gmailSync({ waitReason: 'offline', lastError: verbatim('SQLITE_BUSY: database is locked') }), 'he', SYNC_TITLE.he);
    const note = within(card).getByTestId('wait-reason');
    expect(note.textContent).toContain('אין חיבור לאינטרנט. המשימה תמשיך מעצמה כשהרשת תחזור.');
    expect(within(note).getByTestId('last-error').textContent).toBe('SQLITE_BUSY: database is locked');
    expect(within(note).getByTestId('last-error').hasAttribute('dir')).toBe(false);
  });

  test('a failed task’s last error in Hebrew, the count in its plural form', async () => {
    const lastError = reason('crashedTooOften', { reason: reason('workerKilled', { signal: 'SIGKILL' }), count: 3 });
    const { card } = await show(snapshot({ status: 'failed', rate: null, lastError }), 'he', 'Spring sale');
    expect(within(card).getByTestId('last-error').textContent).toBe('תהליך הרקע הופסק בכוח (SIGKILL), 3 פעמים ברצף. אפשר ללחוץ על „המשך” כדי לנסות שוב.');
  });
});

describe('why a task waits, in English', () => {
  test('main’s words in the catalogue’s English; a Gmail sync’s shortcut goes to the Receipts page, not to a WhatsApp token', async () => {
    const { card } = await show(gmailSync(), 'en', SYNC_TITLE.en);
    const note = within(card).getByTestId('wait-reason');
    const detail = within(note).getByTestId('last-error');
    expect(detail.textContent).toBe(GMAIL_PARKED_EN);
    expect(detail.hasAttribute('dir')).toBe(false);
    expect(detail.querySelector('bdi[data-param="google"]')?.textContent).toBe(GOOGLE);
    // The sentence says it all in English too: no generic lead line.
    expect(note.textContent).not.toContain('The sending account needs attention');
    // The business has WhatsApp accounts, but a receipt sync does not use them.
    expect(within(note).queryByRole('button', { name: 'Replace token' })).toBeNull();
    fireEvent.click(within(note).getByRole('button', { name: 'Open Receipts' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'Receipts', level: 2 })).toBeTruthy();
  });
});

function item(id: number, state: TaskItem['state'], itemReason: Message | null): TaskItem {
  return { id, taskId: 1, seq: id, subject: `+97252000000${id}`, label: `Customer ${id}`, state, reason: itemReason, attempts: 1, result: null, updatedAt: 0 };
}

describe('task details', () => {
  const notOnWhatsApp = reason('errorWithRef', { reason: reason('waNotOnWhatsApp'), ref: reason('waErrorCode', { code: '131026' }) });
  const items = [item(1, 'failed', notOnWhatsApp), item(2, 'skipped', reason('optedOut')), item(3, 'skipped', reason('csvRow', { row: 6, reason: reason('phoneNotNumber', { value: 'abc' }) }))];
  const handlers: Handlers = { 'tasks:items': () => ({ rows: items, total: items.length, offset: 0 }) };

  async function openItems(language: Language) {
    const view = await show(snapshot({ status: 'completed', rate: null }), language, 'Spring sale', handlers);
    view.store.getState().navigate({ screen: 'task', taskId: 1 });
    await flush();
    return [...document.querySelectorAll('.item-row__reason')];
  }

  test('in Hebrew each recipient’s reason is Hebrew; the error code and the cell keep their own text', async () => {
    const reasons = await openItems('he');
    expect(reasons.map((r) => r.textContent)).toEqual([
      'אי אפשר לשלוח לאדם הזה הודעות וואטסאפ: המספר לא בוואטסאפ, הוא לא אישר את התנאים החדשים של וואטסאפ, או שהאפליקציה שלו ישנה מדי. (שגיאת וואטסאפ 131026)',
      'ביקש/ה לא לקבל הודעות',
      'שורה 6: זה לא מספר טלפון: „abc”',
    ]);
    expect(reasons[0]!.querySelector('bdi[data-param="code"]')?.textContent).toBe('131026');
  });

  test('in English the reasons read as the catalogue writes them', async () => {
    const reasons = await openItems('en');
    expect(reasons.map((r) => r.textContent)).toEqual([
      "This person can't get WhatsApp messages: the number is not on WhatsApp, they have not accepted WhatsApp's latest terms, or their app is too old. (WhatsApp error 131026)",
      'Opted out of messages',
      "Row 6: not a phone number: 'abc'",
    ]);
  });

  test('a contacts import’s row errors in Hebrew', async () => {
    const rows: ImportRowError[] = [
      { row: 4, reason: reason('phoneInvalidForWhy', { country: 'IL', value: '050-12', why: reason('phoneTooShort') }), raw: 'Dana,050-12' },
      { row: 9, reason: reason('csvTooManyValues', { count: 5, columns: 3 }), raw: 'Avi;1;2;3;4' },
    ];
    const view = await show(snapshot({ kind: 'contacts-import', title: verbatim('list.csv'), status: 'completed', rate: null }), 'he', 'list.csv', {
      'contacts:importErrors': () => ({ rows, total: rows.length, offset: 0 }),
    });
    view.store.getState().navigate({ screen: 'task', taskId: 1 });
    await flush();
    const shown = [...document.querySelectorAll('.error-row > bdi')].map((cell) => cell.textContent);
    expect(shown).toEqual(['מספר לא תקין ל־IL: „050-12” (קצר מדי)', 'בשורה יש 5 ערכים, אבל בכותרת יש רק 3 עמודות']);
  });
});

describe('task titles main made up', () => {
  const NOTE_HE = '(רק העותקים המקומיים; הדואר ב־Gmail נשמר)';
  /** The title main gives a delete of two receipts from Wolt since 2026-01-01 (receiptsDeleteTitle). */
  const DELETE_TITLE = reason('titleDeleteReceiptsWhich', {
    count: 2,
    which: reason('whichBoth', { first: reason('whichFromVendor', { vendor: 'Wolt' }), then: reason('whichSince', { date: '2026-01-01' }) }),
  });
  const DELETE_TITLE_EN = 'Delete 2 receipts from Wolt since 2026-01-01 (local copies only; mail in Gmail is kept)';
  const deleting = () => snapshot({ id: 7, kind: 'receipts-delete', title: DELETE_TITLE, counters: { total: 2, processed: 1, succeeded: 1, failed: 0, skipped: 0 } });
  const heDate = new Intl.DateTimeFormat('he', { dateStyle: 'medium' }).format(new Date(2026, 0, 1));

  test('in Hebrew a receipts-delete card is headed and named by its Hebrew title; its vendor and date are params of their own', async () => {
    const hebrew = `מחיקת שתי קבלות של Wolt מ־${heDate} והלאה ${NOTE_HE}`;
    const { card } = await show(deleting(), 'he', hebrew);
    const heading = within(card).getByRole('heading', { level: 3 });
    expect(heading.textContent).toBe(hebrew);
    expect(heading.querySelector('bdi')?.getAttribute('dir')).toBe('rtl');
    expect(heading.querySelector('bdi[data-param="vendor"]')?.textContent).toBe('Wolt');
    expect(heading.querySelector('bdi[data-param="date"]')?.textContent).toBe(heDate);
    expect(within(card).getByRole('progressbar').getAttribute('aria-label')).toContain(hebrew);
    expect(card.textContent).not.toContain('Delete');

    // The cancel dialog names it in Hebrew too.
    fireEvent.click(within(card).getByRole('button', { name: 'ביטול' }));
    expect(screen.getByRole('dialog').textContent).toContain(hebrew);
  });

  test('in English the title reads as the catalogue writes it, and so does the card’s name', async () => {
    const { card } = await show(deleting(), 'en', DELETE_TITLE_EN);
    expect(within(card).getByRole('heading', { level: 3 }).textContent).toBe(DELETE_TITLE_EN);
    expect(within(card).getByRole('heading', { level: 3 }).querySelector('bdi')?.hasAttribute('dir')).toBe(false);
  });

  test('a receipts sync’s title in Hebrew, on the task details page too', async () => {
    const view = await show(gmailSync({ status: 'completed', waitReason: null, lastError: null }), 'he', SYNC_TITLE.he);
    expect(within(view.card).getByRole('heading', { level: 3 }).textContent).toBe('קבלות מ־Gmail');
    view.store.getState().navigate({ screen: 'task', taskId: 1 });
    await flush();
    expect(screen.getByRole('heading', { level: 1, name: 'קבלות מ־Gmail' })).toBeTruthy();
  });

  test('a title the owner typed stays as typed in Hebrew, even one that reads exactly like main’s', async () => {
    for (const typed of ['Spring sale', 'Delete 2 receipts before Passover', 'Already stored', 'Receipts from Gmail', DELETE_TITLE_EN]) {
      const { card, unmount } = await show(snapshot({ title: verbatim(typed) }), 'he', typed);
      const heading = within(card).getByRole('heading', { level: 3 });
      expect(heading.textContent).toBe(typed);
      expect(heading.querySelector('bdi')?.hasAttribute('dir')).toBe(false);
      // Nothing in it is taken for a param.
      expect(heading.querySelector('bdi[data-param]')).toBeNull();
      unmount();
    }
  });
});

describe('errors of a request', () => {
  const OAUTH_DENIED_EN =
    'You did not allow Taskdeck to read your Gmail (the consent was cancelled or denied). Connect again and choose Allow to sync receipts.';
  /** A refusal as preload hands it on: main's English text, and its words as a Message. */
  const refusal = { name: 'TaskdeckError', code: 'bad_input', message: OAUTH_DENIED_EN, words: reason('oauthDenied') };

  function note(error: unknown, language: Language) {
    return render(
      <I18nextProvider i18n={createI18n(language)}>
        <ErrorNote error={toUiError(error)} />
      </I18nextProvider>,
    );
  }

  test('connecting Gmail: Google’s refusal in Hebrew, the same words in English', () => {
    const { unmount } = note(refusal, 'he');
    const detail = screen.getByRole('alert').querySelector('.note__detail > bdi');
    expect(detail?.textContent).toBe('לא אישרתם ל־Taskdeck לקרוא את ה־Gmail שלכם (ההסכמה בוטלה או נדחתה). כדי לסנכרן קבלות, התחברו שוב ואשרו את הגישה.');
    expect(detail?.getAttribute('dir')).toBe('rtl');
    expect(screen.getByRole('alert').textContent).not.toContain('You did not allow');
    unmount();
    note(refusal, 'en');
    expect(screen.getByRole('alert').querySelector('.note__detail > bdi')?.textContent).toBe(OAUTH_DENIED_EN);
  });

  test('an error without words shows its message as it is, in Hebrew too (even one that reads like a catalogue sentence)', () => {
    note({ code: 'bad_input', message: OAUTH_DENIED_EN }, 'he');
    const detail = screen.getByRole('alert').querySelector('.note__detail > bdi');
    expect(detail?.textContent).toBe(OAUTH_DENIED_EN);
    expect(detail?.hasAttribute('dir')).toBe(false);
  });
});

describe('ReasonText and TitleText', () => {
  function words(message: Message, language: Language, Component = ReasonText) {
    render(
      <I18nextProvider i18n={createI18n(language)}>
        <Component data-testid="words" message={message} />
      </I18nextProvider>,
    );
    return screen.getByTestId('words');
  }

  test('Hebrew: the sentence translated and rtl, its params isolated as given', () => {
    const shown = words(reason('waInvalidPhone', { phone: '+972 50-123' }), 'he');
    expect(shown.tagName).toBe('BDI');
    expect(shown.getAttribute('dir')).toBe('rtl');
    expect(shown.textContent).toBe('„+972 50-123” אינו מספר טלפון שאפשר לשלוח אליו בוואטסאפ.');
    const param = shown.querySelector('bdi[data-param="phone"]');
    expect(param?.textContent).toBe('+972 50-123');
    expect(param?.hasAttribute('dir')).toBe(false);
  });

  test('Hebrew: a count picks the plural form and is isolated', () => {
    expect(words(reason('workerNotResponding', { count: 30 }), 'he').textContent).toBe('תהליך הרקע לא הגיב 30 שניות');
    expect(screen.getByTestId('words').querySelector('bdi[data-param="count"]')?.textContent).toBe('30');
    cleanup();
    expect(words(reason('workerNotResponding', { count: 1 }), 'he').textContent).toBe('תהליך הרקע לא הגיב שנייה');
    cleanup();
    expect(words(reason('workerNotResponding', { count: 2 }), 'he').textContent).toBe('תהליך הרקע לא הגיב שתי שניות');
  });

  test('English: the catalogue’s text as written, no direction of its own, params still isolated', () => {
    const shown = words(reason('waInvalidPhone', { phone: '+972 50-123' }), 'en');
    expect(shown.textContent).toBe('"+972 50-123" is not a phone number WhatsApp can send to.');
    expect(shown.hasAttribute('dir')).toBe(false);
    expect(shown.querySelector('bdi[data-param="phone"]')?.textContent).toBe('+972 50-123');
  });

  test('nested sentences are rendered in the same language; a nested final period gives way to the punctuation after it', () => {
    const message = reason('gmailAccessLost', { reason: reason('gmailRenewFailed') });
    const he = words(message, 'he');
    expect(he.textContent).toBe('הגישה ל־Gmail אבדה: לא הצלחנו לחדש את הגישה ל־Gmail. חברו מחדש את Gmail בעמוד הקבלות.');
    expect(he.getAttribute('dir')).toBe('rtl');
    cleanup();
    expect(words(message, 'en').textContent).toBe('Gmail access was lost: Gmail access could not be renewed. Reconnect Gmail on the Receipts page.');
    cleanup();
    // "{{reason}}. Sending slowed down…" with a reason that ends in a period: one period, not two.
    const slowed = reason('sendingSlowedDown', { reason: reason('waThroughput') });
    expect(words(slowed, 'he').textContent).toBe('וואטסאפ ביקש מאיתנו להאט. השליחה הואטה, והיא ממשיכה מעצמה.');
    cleanup();
    expect(words(slowed, 'en').textContent).toBe('WhatsApp asked us to slow down. Sending slowed down; it goes on by itself.');
  });

  test('verbatim text is never translated and gets no direction, in either language', () => {
    for (const language of ['he', 'en'] as const) {
      for (const text of ['Opted out of messages', 'Receipts from Gmail', 'מבצע אביב']) {
        for (const Component of [ReasonText, TitleText]) {
          const shown = words(verbatim(text), language, Component);
          expect(shown.textContent).toBe(text);
          expect(shown.hasAttribute('dir')).toBe(false);
          expect(shown.querySelector('bdi')).toBeNull();
          cleanup();
        }
      }
    }
  });
});
