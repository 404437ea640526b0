/**
 * The owner's words as message ids (common/messages.ts, common/reasons.ts): one formatter
 * renders a Message in English (CLI, logs, error texts) and in Hebrew (the window,
 * notifications); nested sentences, plural forms, dates and the owner's own text.
 */
import { describe, expect, it } from 'vitest';
import { formatMessage, isTranslated, messageParts, verbatim, WordsError, wordsOf, type Message } from '../../common/messages.ts';
import { reason, REASONS, type ReasonKey } from '../../common/reasons.ts';
import { reasonsHe } from '../../common/reasons-he.ts';
import { receiptsDeleteTitle } from '../../main/tasks/receipts-delete/title.ts';

const KEYS = Object.keys(REASONS) as ReasonKey[];
const placeholders = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
const he = (m: Message) => formatMessage(m, 'he');
const en = (m: Message) => formatMessage(m, 'en');

describe('the catalogue', () => {
  it('keys are ids (flat camelCase, plural forms as _one/_two), and every template renders every param it names', () => {
    for (const key of KEYS) {
      expect(key, key).toMatch(/^[a-z][A-Za-z0-9]*(_one|_two)?$/);
      const names = placeholders(REASONS[key]);
      const params = Object.fromEntries(names.map((n, i) => [n, `‹${n}${i}›`]));
      const text = en({ key, params });
      for (const [n, v] of Object.entries(params)) expect(text, `${key}.${n}`).toContain(v);
      expect(text).not.toMatch(/\{\{/);
    }
  });

  it('Hebrew has every key, with only the English params, and plural forms only where there is a count', () => {
    for (const key of KEYS) expect(reasonsHe[key], key).toMatch(/\S/);
    for (const [name, text] of Object.entries(reasonsHe)) {
      const key = name.replace(/_(one|two|other)$/, '') as ReasonKey;
      expect(REASONS[key], name).toBeDefined();
      const english = new Set(placeholders(REASONS[key]));
      for (const p of placeholders(text)) expect(english.has(p), `${name}: {{${p}}}`).toBe(true);
      if (name !== key) expect(english.has('count'), name).toBe(true);
    }
  });
});

describe('formatMessage', () => {
  it('renders nested sentences in the same language and keeps the params main gave', () => {
    const words = reason('accountWait', {
      reason: reason('gmailAccessLost', { reason: reason('gmailNotAllowed', { google: 'Request had insufficient authentication scopes.' }) }),
      action: reason('thenPressResume'),
    });
    expect(en(words)).toBe(
      'Gmail access was lost: Taskdeck is not allowed to read this Gmail account (Request had insufficient authentication scopes.). Reconnect Gmail on the Receipts page and allow reading email. Then press Resume.',
    );
    expect(he(words)).toBe(
      'הגישה ל־Gmail אבדה: ל־Taskdeck אין הרשאה לקרוא את חשבון ה־Gmail הזה (Request had insufficient authentication scopes.). חברו מחדש את Gmail בעמוד הקבלות ואשרו קריאת דואר. אחר כך לחצו על „המשך”.',
    );
    // Google's words are a part of their own (the window isolates them).
    expect(JSON.stringify(messageParts(words, 'he'))).toContain('{"param":"google","value":"Request had insufficient authentication scopes."}');
  });

  it('merges a nested sentence’s final period into the punctuation after it', () => {
    const offline = reason('waitingForNetworkSync', { reason: reason('oauthOffline') });
    expect(en(offline)).toBe(
      'Taskdeck could not reach Google (no internet connection?). It will try again when the connection is back. Waiting for the network; the sync goes on by itself.',
    );
    expect(he(offline)).toBe('Taskdeck לא הצליח להגיע ל־Google (אין חיבור לאינטרנט?). הוא ינסה שוב כשהחיבור יחזור. ממתינה לרשת; הסנכרון ימשיך מעצמו.');
    expect(en(reason('checkInternet', { reason: verbatim('Socket hang up.') }))).toBe('Socket hang up. Check the internet connection.');
  });

  it('translates the small sentences params hold: transport errors, lengths, column lists, waits, durations', () => {
    expect(he(reason('gmailUnreachable', { what: reason('netRefused') }))).toBe('אין גישה ל־Gmail (החיבור נדחה)');
    expect(he(reason('gmailUnreachable', { what: 'EPROTO' }))).toBe('אין גישה ל־Gmail (EPROTO)');
    expect(he(reason('phoneInvalidForWhy', { country: 'IL', value: '050-12', why: reason('phoneTooShort') }))).toBe('מספר לא תקין ל־IL: „050-12” (קצר מדי)');
    expect(he(reason('csvPhoneColumnMissing', { column: 'tel', headers: reason('csvColumns', { list: '"Name", "City"' }) }))).toBe(
      'עמודת הטלפון „tel” לא נמצאת בקובץ. העמודות בקובץ: "Name", "City".',
    );
    expect(he(reason('gmailSlowDown', { wait: reason('waitSeconds', { count: 2 }), google: 'Rate Limit Exceeded' }))).toBe(
      'Gmail ביקש מ־Taskdeck להאט; ממשיכים בעוד שתי שניות (Rate Limit Exceeded)',
    );
    expect(he(reason('oauthTimeout', { duration: reason('minutes', { count: 5 }) }))).toBe('הכניסה ל־Google לא הסתיימה תוך 5 דקות. התחברו שוב כשתהיו מוכנים.');
  });

  it('chooses plural forms by count, and formats numbers for the language', () => {
    const gaveUp = (count: number) => he(reason('gaveUpAfterTries', { count, reason: reason('testBusy') }));
    expect(gaveUp(1)).toBe('לא נשלח אחרי ניסיון אחד: השירות עמוס, ננסה שוב בעוד רגע (מצב בדיקה)');
    expect(gaveUp(2)).toBe('לא נשלח אחרי שני ניסיונות: השירות עמוס, ננסה שוב בעוד רגע (מצב בדיקה)');
    expect(gaveUp(3)).toBe('לא נשלח אחרי 3 ניסיונות: השירות עמוס, ננסה שוב בעוד רגע (מצב בדיקה)');
    expect(he(reason('workerNotResponding', { count: 1200 }))).toBe('תהליך הרקע לא הגיב 1,200 שניות');
    expect(en(reason('workerNotResponding', { count: 1200 }))).toBe('The worker stopped responding for 1,200 s');
    // Text an older version wrote stays as written in English; Hebrew reads the count in it.
    expect(en(reason('workerNotResponding', { count: '7200' }))).toBe('The worker stopped responding for 7200 s');
    expect(he(reason('workerNotResponding', { count: '7200' }))).toBe('תהליך הרקע לא הגיב 7,200 שניות');
  });

  it('shows what the owner typed exactly as typed, in every language, and says it is not translated', () => {
    const typed = verbatim('Receipts from Gmail');
    expect(en(typed)).toBe('Receipts from Gmail');
    expect(he(typed)).toBe('Receipts from Gmail');
    expect(isTranslated(typed, 'he')).toBe(false);
    expect(isTranslated(reason('titleReceiptsSync'), 'he')).toBe(true);
    expect(isTranslated(reason('titleReceiptsSync'), 'en')).toBe(false);
    expect(he(reason('titleReceiptsSync'))).toBe('קבלות מ־Gmail');
  });

  it('a key this build does not know (a newer Taskdeck wrote it) still says what it has', () => {
    const future = { key: 'fromTheFuture', params: { phone: '+972501234567' } } as unknown as Message;
    expect(en(future)).toBe('fromTheFuture · +972501234567');
  });

  it('a value with braces is inserted as it is', () => {
    expect(en(reason('noValueFor', { fields: '{{city}}' }))).toBe('No value for {{city}}');
  });
});

describe('errors with words', () => {
  it('carry the Message and its English text; anything else thrown is its text, verbatim', () => {
    const error = new WordsError(reason('csvEmpty'));
    expect(error.message).toBe('The file is empty: no header row, no contacts');
    expect(wordsOf(error)).toEqual({ key: 'csvEmpty' });
    expect(wordsOf(new Error('SQLITE_FULL: database or disk is full'))).toEqual(verbatim('SQLITE_FULL: database or disk is full'));
  });
});

describe('task titles main makes up', () => {
  const ids = { ids: [1, 2] };
  const filter = (f: Record<string, string>) => ({ filter: f }) as Parameters<typeof receiptsDeleteTitle>[0];
  const date = (iso: string) => new Intl.DateTimeFormat('he', { dateStyle: 'medium' }).format(new Date(`${iso}T00:00:00`));
  const note = '(רק העותקים המקומיים; הדואר ב־Gmail נשמר)';

  it('read as before in English, with the conditions in order', () => {
    expect(en(receiptsDeleteTitle(ids, 2))).toBe('Delete 2 receipts (local copies only; mail in Gmail is kept)');
    expect(en(receiptsDeleteTitle(ids, 1))).toBe('Delete 1 receipt (local copies only; mail in Gmail is kept)');
    expect(en(receiptsDeleteTitle(filter({}), 1500))).toBe('Delete 1,500 receipts (local copies only; mail in Gmail is kept)');
    expect(en(receiptsDeleteTitle(filter({ vendor: 'Wolt Market', after: '2025-03-01T00:00:00+02:00', before: '2026-01-01', search: 'pizza since 2020' }), 12_345))).toBe(
      'Delete 12,345 receipts from Wolt Market since 2025-03-01 before 2026-01-01 matching “pizza since 2020” (local copies only; mail in Gmail is kept)',
    );
  });

  it('in Hebrew: by count, with the conditions and dates as the window shows them', () => {
    expect(he(receiptsDeleteTitle(ids, 1))).toBe(`מחיקת קבלה אחת ${note}`);
    expect(he(receiptsDeleteTitle(ids, 2))).toBe(`מחיקת שתי קבלות ${note}`);
    expect(he(receiptsDeleteTitle(ids, 1500))).toBe(`מחיקת 1,500 קבלות ${note}`);
    expect(he(receiptsDeleteTitle(filter({ vendor: 'Wolt', after: '2026-01-01' }), 2))).toBe(`מחיקת שתי קבלות של Wolt מ־${date('2026-01-01')} והלאה ${note}`);
    expect(he(receiptsDeleteTitle(filter({ before: '2026-01-31', search: 'פיצה' }), 7))).toBe(`מחיקת 7 קבלות מלפני ${date('2026-01-31')} שמתאימות ל„פיצה” ${note}`);
    const parts = JSON.stringify(messageParts(receiptsDeleteTitle(filter({ vendor: 'Wolt', after: '2026-01-01' }), 2), 'he'));
    expect(parts).toContain('{"param":"vendor","value":"Wolt"}');
    expect(parts).toContain(`{"param":"date","value":"${date('2026-01-01')}"}`);
  });
});
