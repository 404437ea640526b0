/**
 * main's owner-facing sentences in the window's language: main stores them in English
 * (common/reasons.ts); the Hebrew window shows them in Hebrew, with main's params (Google's
 * own words, phone numbers) kept as they are and isolated. English stays exactly as stored.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, test } from 'vitest';
import type { Language } from '../../common/ipc/contract.ts';
import type { ImportRowError, TaskItem, TaskSnapshot } from '../../common/model.ts';
import { reason } from '../../common/reasons.ts';
import { ErrorNote } from '../../renderer/src/components/ErrorNote.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';
import { toUiError } from '../../renderer/src/lib/errors.ts';
import { localizeTitle } from '../../common/reasons-localize.ts';
import { GMAIL, SETTINGS, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';

const GOOGLE = 'Request had insufficient authentication scopes.';
/** What main stores when Google refuses a sync's access (sync.ts + finish.ts). */
const GMAIL_PARKED = reason('accountWait', {
  reason: reason('gmailAccessLost', { reason: reason('gmailNotAllowed', { google: GOOGLE }) }),
  action: reason('thenPressResume'),
});
const GMAIL_PARKED_HE =
  'הגישה ל־Gmail אבדה: ל־Taskdeck אין הרשאה לקרוא את חשבון ה־Gmail הזה (Request had insufficient authentication scopes.). חברו מחדש את Gmail בעמוד הקבלות ואשרו קריאת דואר. אחר כך לחצו על „המשך”.';

const gmailSync = (overrides: Partial<TaskSnapshot> = {}) =>
  snapshot({ kind: 'receipts-sync', title: 'Receipts from Gmail', status: 'waiting', waitReason: 'account', rate: null, lastError: GMAIL_PARKED, ...overrides });

async function show(task: TaskSnapshot, language: Language, handlers: Handlers = {}) {
  const view = renderApp({
    language,
    handlers: { 'settings:get': () => ({ ...SETTINGS, language }), 'tasks:list': () => [task], 'gmail:status': () => GMAIL, ...handlers },
  });
  await flush();
  // A title main made up is shown (and named) in the window's language.
  const name = localizeTitle(task.title, createI18n(language).t, language);
  return { ...view, card: screen.getByRole('article', { name }) };
}

describe('why a task waits, in Hebrew', () => {
  test('a Gmail sync waiting for its account says so in Hebrew, keeps Google’s own words, and leads to the Receipts page', async () => {
    const { card } = await show(gmailSync(), 'he');
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
    const { card } = await show(gmailSync({ waitReason: 'offline', lastError }), 'he');
    const detail = within(card).getByTestId('last-error');
    expect(detail.textContent).toBe('אין גישה ל־Gmail (לא הצלחנו למצוא את הכתובת gmail.googleapis.com: אין אינטרנט?). ממתינה לרשת; הסנכרון ימשיך מעצמו.');
    expect(detail.querySelector('bdi[data-param="host"]')?.textContent).toBe('gmail.googleapis.com');
    expect(within(card).getByTestId('wait-reason').textContent).not.toContain('אין חיבור לאינטרנט. המשימה תמשיך מעצמה');
  });

  test('a sentence main has no Hebrew for is shown as main wrote it, after the translated lead line', async () => {
    const { card } = await show(gmailSync({ waitReason: 'offline', lastError: 'SQLITE_BUSY: database is locked' }), 'he');
    const note = within(card).getByTestId('wait-reason');
    expect(note.textContent).toContain('אין חיבור לאינטרנט. המשימה תמשיך מעצמה כשהרשת תחזור.');
    expect(within(note).getByTestId('last-error').textContent).toBe('SQLITE_BUSY: database is locked');
    expect(within(note).getByTestId('last-error').hasAttribute('dir')).toBe(false);
  });

  test('a failed task’s last error in Hebrew, the count in its plural form', async () => {
    const lastError = reason('crashedTooOften', { reason: reason('workerKilled', { signal: 'SIGKILL' }), count: 3 });
    const { card } = await show(snapshot({ status: 'failed', rate: null, lastError }), 'he');
    expect(within(card).getByTestId('last-error').textContent).toBe('תהליך הרקע הופסק בכוח (SIGKILL), 3 פעמים ברצף. אפשר ללחוץ על „המשך” כדי לנסות שוב.');
  });
});

describe('why a task waits, in English', () => {
  test('main’s sentence exactly as stored; a Gmail sync’s shortcut goes to the Receipts page, not to a WhatsApp token', async () => {
    const { card } = await show(gmailSync(), 'en');
    const note = within(card).getByTestId('wait-reason');
    expect(within(note).getByTestId('last-error').textContent).toBe(GMAIL_PARKED);
    expect(GMAIL_PARKED).toBe(
      'Gmail access was lost: Taskdeck is not allowed to read this Gmail account (Request had insufficient authentication scopes.). Reconnect Gmail on the Receipts page and allow reading email. Then press Resume.',
    );
    expect(within(note).getByTestId('last-error').hasAttribute('dir')).toBe(false);
    // The business has WhatsApp accounts, but a receipt sync does not use them.
    expect(within(note).queryByRole('button', { name: 'Replace token' })).toBeNull();
    fireEvent.click(within(note).getByRole('button', { name: 'Open Receipts' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'Receipts', level: 2 })).toBeTruthy();
  });
});

function item(id: number, state: TaskItem['state'], itemReason: string | null): TaskItem {
  return { id, taskId: 1, seq: id, phone: `+97252000000${id}`, name: `Customer ${id}`, state, reason: itemReason, attempts: 1, providerRef: null, updatedAt: 0 };
}

describe('task details', () => {
  const notOnWhatsApp = reason('errorWithRef', { reason: reason('waNotOnWhatsApp'), ref: reason('waErrorCode', { code: '131026' }) });
  const items = [item(1, 'failed', notOnWhatsApp), item(2, 'skipped', reason('optedOut')), item(3, 'skipped', reason('csvRow', { row: 6, reason: reason('phoneNotNumber', { value: 'abc' }) }))];
  const handlers: Handlers = { 'tasks:items': () => ({ rows: items, total: items.length, offset: 0 }) };

  async function openItems(language: Language) {
    const view = await show(snapshot({ status: 'completed', rate: null }), language, handlers);
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

  test('in English the reasons are exactly as main stored them', async () => {
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
    const view = await show(snapshot({ kind: 'contacts-import', title: 'Import list.csv', status: 'completed', rate: null }), 'he', {
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
  const DELETE_TITLE = 'Delete 2 receipts from Wolt since 2026-01-01 (local copies only; mail in Gmail is kept)';
  const deleting = (title = DELETE_TITLE) => snapshot({ id: 7, kind: 'receipts-delete', title, counters: { total: 2, processed: 1, succeeded: 1, failed: 0, skipped: 0 } });
  const heDate = new Intl.DateTimeFormat('he', { dateStyle: 'medium' }).format(new Date(2026, 0, 1));

  test('in Hebrew a receipts-delete card is headed and named by its Hebrew title; its vendor and date are params of their own', async () => {
    await show(deleting(), 'he');
    const hebrew = `מחיקת שתי קבלות של Wolt מ־${heDate} והלאה ${NOTE_HE}`;
    const card = screen.getByRole('article', { name: hebrew });
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

  test('in English the title is exactly as main stored it, and so is the card’s name', async () => {
    const { card } = await show(deleting(), 'en');
    expect(within(card).getByRole('heading', { level: 3 }).textContent).toBe(DELETE_TITLE);
    expect(within(card).getByRole('heading', { level: 3 }).querySelector('bdi')?.hasAttribute('dir')).toBe(false);
  });

  test('a receipts sync’s title in Hebrew, on the task details page too', async () => {
    const view = await show(gmailSync({ status: 'completed', waitReason: null, lastError: null }), 'he');
    expect(within(view.card).getByRole('heading', { level: 3 }).textContent).toBe('קבלות מ־Gmail');
    view.store.getState().navigate({ screen: 'task', taskId: 1 });
    await flush();
    expect(screen.getByRole('heading', { level: 1, name: 'קבלות מ־Gmail' })).toBeTruthy();
  });

  test('a title the owner typed stays as typed in Hebrew, even one that looks like main’s', async () => {
    for (const typed of ['Spring sale', 'Delete 2 receipts before Passover', 'Already stored']) {
      const { card, unmount } = await show(snapshot({ title: typed }), 'he');
      const heading = within(card).getByRole('heading', { level: 3 });
      expect(heading.textContent).toBe(typed);
      expect(heading.querySelector('bdi')?.hasAttribute('dir')).toBe(false);
      unmount();
    }
  });
});

describe('errors of a request', () => {
  test('connecting Gmail: Google’s refusal in Hebrew, the same words in English', () => {
    const error = toUiError({ code: 'bad_input', message: reason('oauthDenied') });
    const { unmount } = render(
      <I18nextProvider i18n={createI18n('he')}>
        <ErrorNote error={error} />
      </I18nextProvider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('לא אישרתם ל־Taskdeck לקרוא את ה־Gmail שלכם');
    unmount();
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ErrorNote error={error} />
      </I18nextProvider>,
    );
    expect(screen.getByRole('alert').textContent).toContain(reason('oauthDenied'));
  });
});
