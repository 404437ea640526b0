/**
 * The catalogue of owner-facing sentences (common/reasons.ts): every sentence main writes
 * can be found again from its English, params and all, so the window can show it in Hebrew.
 */
import { describe, expect, it } from 'vitest';
import { NESTED_PARAMS, NUMERIC_PARAMS, parseConditions, parseReason, parseTitle, readingsOf, reason, REASONS, type ReasonKey } from '../../common/reasons.ts';
import { receiptsDeleteTitle } from '../../main/receipts/delete-task.ts';
import { WHATSAPP_ERROR_TABLE, classifyGraphError } from '../../main/providers/whatsapp/errors.ts';
import { normalizePhone } from '../../main/contacts/phone.ts';
import { detectColumns } from '../../main/contacts/columns.ts';
import { createI18n } from '../../renderer/src/i18n/index.ts';
import { reasonsHe } from '../../common/reasons-he.ts';
import { localizeReason, localizeReasonParts, localizeTitle, localizeTitleParts } from '../../common/reasons-localize.ts';

const KEYS = Object.keys(REASONS) as ReasonKey[];
const placeholders = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);

/** A value main passes through as is: punctuation, brackets, quotes, Hebrew and digits. */
const RAW = `“Invalid” value (code 7); 'a', "b" — ערך שגוי 42!`;
/**
 * Worse still: the separators templates use (": ", ". "). Only where it is a sentence's one
 * param: "{{country}}: '{{value}}'" with ": '" inside both values cannot be read back by anyone.
 */
const HARSH = `Invalid “value” (code 7): 'a', "b"; ערך שגוי 42.`;
/** Sentences of the catalogue for nested params, some ending in a period, one with params itself. */
const NESTED_SAMPLES: Record<string, string> = {
  reason: reason('gmailTemporary', { google: RAW }),
  action: reason('thenPressResume'),
  ref: reason('waErrorCode', { code: '190/463' }),
  what: reason('netLookupFailed', { host: 'gmail.googleapis.com' }),
  why: reason('phoneTooShort'),
  headers: reason('csvColumns', { list: '"Name", "טלפון (נייד)"' }),
  wait: reason('waitSeconds', { count: 30 }),
  duration: reason('minutes', { count: 5 }),
};

function sampleParams(key: ReasonKey, nested: (name: string) => string = (name) => NESTED_SAMPLES[name]!): Record<string, string> {
  const names = placeholders(REASONS[key]);
  const params: Record<string, string> = {};
  for (const name of names) {
    params[name] = NESTED_PARAMS.has(name) ? nested(name) : NUMERIC_PARAMS.has(name) ? '12' : names.length === 1 ? HARSH : RAW;
  }
  return params;
}

const write = (key: ReasonKey, params: Record<string, string>) => (reason as (k: ReasonKey, p: Record<string, string>) => string)(key, params);

describe('the reasons catalogue', () => {
  it('keys are flat camelCase, placeholders are never side by side, and every template is used once', () => {
    for (const key of KEYS) {
      expect(key, key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(REASONS[key], key).not.toMatch(/\}\}\{\{/);
    }
    expect(new Set(Object.values(REASONS)).size).toBe(KEYS.length);
  });

  it.each(KEYS)('%s: parse(reason(key, params)) gives back the key and the params', (key) => {
    const params = sampleParams(key);
    const text = write(key, params);
    expect(parseReason(text)).toEqual({ key, params });
    // No other template reads the sentence as well: another reading, if any, leaves more of
    // it unexplained, or is a bare frame ("{{reason}} ({{ref}})") that explains no more.
    const [best, next] = readingsOf(text);
    expect(best?.key).toBe(key);
    if (next) expect(next.unexplained > best!.unexplained || (next.unexplained === best!.unexplained && next.frame && !best!.frame), JSON.stringify([best, next])).toBe(true);
  });

  it.each(KEYS.filter((k) => placeholders(REASONS[k]).some((n) => NESTED_PARAMS.has(n))))(
    '%s: a nested sentence that ends with a period does not double it, and gets it back',
    (key) => {
      const ending: Record<string, string> = { reason: reason('accountCannotSend'), action: reason('waTokenExpiredAction'), headers: reason('csvNoColumnNames') };
      const params = sampleParams(key, (name) => ending[name] ?? NESTED_SAMPLES[name]!);
      const text = write(key, params);
      expect(text).not.toMatch(/\.\.|\.:|\.;|\.,/);
      expect(parseReason(text)).toEqual({ key, params });
    },
  );

  it('a nested param that is not a sentence of the catalogue (a provider’s own words) is kept as it is', () => {
    const foreign = 'Socket hang up (ECONNRESET)';
    expect(parseReason(reason('waitingForNetworkSync', { reason: foreign }))).toEqual({ key: 'waitingForNetworkSync', params: { reason: foreign } });
    expect(parseReason(reason('csvRow', { row: 7, reason: foreign }))).toEqual({ key: 'csvRow', params: { row: '7', reason: foreign } });
    // A template with no words of its own only reads sentences of the catalogue.
    expect(parseReason(`${foreign} (WhatsApp error 131026)`)).toBeNull();
    expect(parseReason('Hello there')).toBeNull();
  });

  it('sentences main writes today parse, nested all the way down', () => {
    const parked = reason('accountWait', {
      reason: classifyGraphError({ status: 401, code: 190, subcode: 463 }).reason,
      action: reason('waTokenExpiredAction'),
    });
    expect(parked).toBe(
      'The WhatsApp access token has expired. (WhatsApp error 190/463) Paste a new access token in the WhatsApp account settings; the task goes on by itself after that.',
    );
    const parsed = parseReason(parked)!;
    expect(parsed.key).toBe('accountWait');
    expect(parseReason(parsed.params.reason!)).toEqual({ key: 'errorWithRef', params: { reason: REASONS.waTokenExpired, ref: 'WhatsApp error 190/463' } });

    // Every Graph error of the table, with and without Meta's explanation.
    for (const rule of WHATSAPP_ERROR_TABLE) {
      for (const input of [{ status: rule.httpStatus, code: rule.code, subcode: rule.subcode }, { status: 400, code: rule.code, subcode: rule.subcode, details: 'Param (1) is too long.' }]) {
        const words = classifyGraphError(input).reason;
        expect(parseReason(words)?.key, words).toBe('errorWithRef');
        expect(parseReason(parseReason(words)!.params.reason!), words).not.toBeNull();
      }
    }
    for (const cell of ['', '9.72501E+11', 'abc', '050-12', '+44 20', '0501234567890123']) {
      const result = normalizePhone(cell, 'IL');
      if (!result.ok) expect(parseReason(result.reason), result.reason).not.toBeNull();
    }
    expect(() => detectColumns(['Name', 'City'])).toThrow(expect.objectContaining({ message: expect.stringMatching(/^No phone column found/) }));
    try {
      detectColumns(['Name', 'City']);
    } catch (error) {
      expect(parseReason((error as Error).message)?.key).toBe('csvNoPhoneColumn');
    }
  });

  it('"No value for {{city}}": a value with braces is inserted as it is', () => {
    expect(reason('noValueFor', { fields: '{{city}}' })).toBe('No value for {{city}}');
    expect(() => (reason as (k: string, p: object) => string)('csvRow', { row: 1 })).toThrow(/needs the param "reason"/);
  });
});

describe('Hebrew reasons', () => {
  it('use only the params of the English sentence (a count as {{n}}), with plural forms only for counts', () => {
    for (const [name, text] of Object.entries(reasonsHe)) {
      const key = name.replace(/_(one|two|other)$/, '') as ReasonKey;
      expect(REASONS[key], name).toBeDefined();
      const english = new Set(placeholders(REASONS[key]));
      const allowed = new Set([...english].filter((p) => p !== 'count'));
      if (english.has('count')) allowed.add('n');
      for (const p of placeholders(text)) expect(allowed.has(p), `${name}: {{${p}}}`).toBe(true);
      if (name !== key) expect(english.has('count'), name).toBe(true);
      expect(text, name).toMatch(/\S/);
    }
  });

  it('keep a sentence that ends with a nested one ending with it (readings that nest differently then look the same)', () => {
    for (const key of KEYS) {
      const last = /\{\{(\w+)\}\}$/.exec(REASONS[key])?.[1];
      if (!last || !NESTED_PARAMS.has(last)) continue;
      for (const [name, text] of Object.entries(reasonsHe)) {
        if (name === key || name.startsWith(`${key}_`)) expect(text, name).toMatch(new RegExp(`\\{\\{${last}\\}\\}$`));
      }
    }
  });

  it('localizes a sentence, nested sentences in it, and keeps the params main gave', () => {
    const { t } = createI18n('he');
    const text = reason('accountWait', {
      reason: reason('gmailAccessLost', { reason: reason('gmailNotAllowed', { google: 'Request had insufficient authentication scopes.' }) }),
      action: reason('thenPressResume'),
    });
    expect(localizeReason(text, t, 'he')).toBe(
      'הגישה ל־Gmail אבדה: ל־Taskdeck אין הרשאה לקרוא את חשבון ה־Gmail הזה (Request had insufficient authentication scopes.). חברו מחדש את Gmail בעמוד הקבלות ואשרו קריאת דואר. אחר כך לחצו על „המשך”.',
    );
    // Google's words are a part of their own (the window isolates them).
    expect(JSON.stringify(localizeReasonParts(text, t, 'he'))).toContain('{"param":"google","value":"Request had insufficient authentication scopes."}');
  });

  it('merges a nested sentence’s period into the punctuation after it, in Hebrew too', () => {
    const { t } = createI18n('he');
    const offline = reason('waitingForNetworkSync', { reason: reason('oauthOffline') });
    expect(localizeReason(offline, t, 'he')).toBe('Taskdeck לא הצליח להגיע ל־Google (אין חיבור לאינטרנט?). הוא ינסה שוב כשהחיבור יחזור. ממתינה לרשת; הסנכרון ימשיך מעצמו.');
    const refused = classifyGraphError({ status: 400, code: 139999, message: '(#139999) A brand new refusal' }).reason;
    expect(localizeReason(refused, t, 'he')).toBe('וואטסאפ סירב לשלוח את ההודעה הזו: A brand new refusal. (שגיאת וואטסאפ 139999)');
  });

  it('translates the small sentences params hold: transport errors, lengths, column lists, waits, durations', () => {
    const { t } = createI18n('he');
    const he = (text: string) => localizeReason(text, t, 'he');
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
    expect(he(reason('csvCannotRead', { path: '/home/dana/לקוחות.csv', why: reason('fileLocked') }))).toBe(
      'אי אפשר לקרוא את קובץ אנשי הקשר /home/dana/לקוחות.csv: הקובץ נעול על ידי תוכנה אחרת (סגרו אותו ב־Excel ונסו שוב)',
    );
  });

  it('chooses Hebrew plural forms by count', () => {
    const { t } = createI18n('he');
    const gaveUp = (count: number) => localizeReason(reason('gaveUpAfterTries', { count, reason: reason('testBusy') }), t, 'he');
    expect(gaveUp(1)).toBe('לא נשלח אחרי ניסיון אחד: השירות עמוס, ננסה שוב בעוד רגע (מצב בדיקה)');
    expect(gaveUp(2)).toBe('לא נשלח אחרי שני ניסיונות: השירות עמוס, ננסה שוב בעוד רגע (מצב בדיקה)');
    expect(gaveUp(3)).toBe('לא נשלח אחרי 3 ניסיונות: השירות עמוס, ננסה שוב בעוד רגע (מצב בדיקה)');
    expect(localizeReason(reason('workerNotResponding', { count: 1200 }), t, 'he')).toBe('תהליך הרקע לא הגיב 1,200 שניות');
  });

  it('leaves English, and sentences that are not in the catalogue, exactly as they are', () => {
    const he = createI18n('he').t;
    const en = createI18n('en').t;
    const text = reason('csvRow', { row: 3, reason: reason('phoneNotNumber', { value: 'abc' }) });
    expect(localizeReason(text, en, 'en')).toBe(text);
    expect(localizeReason(text, he, 'he')).toBe('שורה 3: זה לא מספר טלפון: „abc”');
    expect(localizeReason('SQLITE_BUSY: database is locked', he, 'he')).toBe('SQLITE_BUSY: database is locked');
    expect(localizeReasonParts('', he, 'he')).toEqual(['']);
  });
});

describe('task titles main makes up', () => {
  const ids = { ids: [1, 2] };
  const filter = (f: Record<string, string>) => ({ filter: f }) as Parameters<typeof receiptsDeleteTitle>[0];

  it('are sentences of the catalogue: the English stays as it was, and reads back into its template and params', () => {
    const cases: [Parameters<typeof receiptsDeleteTitle>[0], number, string, ReasonKey][] = [
      [ids, 2, 'Delete 2 receipts (local copies only; mail in Gmail is kept)', 'titleDeleteReceipts'],
      [ids, 1, 'Delete 1 receipt (local copies only; mail in Gmail is kept)', 'titleDeleteOneReceipt'],
      [filter({}), 1500, 'Delete 1,500 receipts (local copies only; mail in Gmail is kept)', 'titleDeleteReceipts'],
      [
        filter({ vendor: 'Wolt', after: '2026-01-01' }),
        2,
        'Delete 2 receipts from Wolt since 2026-01-01 (local copies only; mail in Gmail is kept)',
        'titleDeleteReceiptsWhich',
      ],
      [
        filter({ vendor: 'Wolt Market', after: '2025-03-01T00:00:00+02:00', before: '2026-01-01', search: 'pizza since 2020' }),
        12_345,
        'Delete 12,345 receipts from Wolt Market since 2025-03-01 before 2026-01-01 matching “pizza since 2020” (local copies only; mail in Gmail is kept)',
        'titleDeleteReceiptsWhich',
      ],
      [filter({ before: '2026-01-01' }), 1, 'Delete 1 receipt before 2026-01-01 (local copies only; mail in Gmail is kept)', 'titleDeleteOneReceiptWhich'],
    ];
    for (const [params, count, english, key] of cases) {
      const title = receiptsDeleteTitle(params, count);
      expect(title).toBe(english);
      expect(parseReason(title)?.key, title).toBe(key);
      expect(parseTitle(title)?.key, title).toBe(key);
    }
    expect(parseReason(reason('titleReceiptsSync'))).toEqual({ key: 'titleReceiptsSync', params: {} });
    expect(reason('titleReceiptsSync')).toBe('Receipts from Gmail');
  });

  it('read the conditions of a filter back one by one, in order', () => {
    const title = receiptsDeleteTitle(filter({ vendor: 'Wolt Market', after: '2025-03-01', search: 'x before y' }), 3);
    expect(parseTitle(title)).toEqual({
      key: 'titleDeleteReceiptsWhich',
      params: { count: '3', which: 'from Wolt Market since 2025-03-01 matching “x before y”' },
      conditions: [
        { key: 'whichFromVendor', params: { vendor: 'Wolt Market' } },
        { key: 'whichSince', params: { date: '2025-03-01' } },
        { key: 'whichMatching', params: { search: 'x before y' } },
      ],
    });
    expect(parseConditions('since 2025-03-01 from Wolt')).toBeNull(); // not main's order
    expect(parseConditions('from Wolt and more')).toEqual([{ key: 'whichFromVendor', params: { vendor: 'Wolt and more' } }]);
    expect(parseConditions('a few of them')).toBeNull();
  });

  it('a title the owner typed is no title main made: not read as one unless it is one completely', () => {
    for (const typed of ['Spring sale', 'Already stored', 'connection refused', 'from Wolt', 'Receipts from Gmail!', 'Delete 2 receipts (mine)', 'Delete 2 receipts a few (local copies only; mail in Gmail is kept)']) {
      expect(parseTitle(typed), typed).toBeNull();
    }
  });

  it('a nested reason is never read as a title or a condition (a provider’s words that happen to start with “before”)', () => {
    const words = 'before 2026-01-01';
    expect(parseReason(reason('waitingForNetworkSync', { reason: words }))).toEqual({ key: 'waitingForNetworkSync', params: { reason: words } });
    const { t } = createI18n('he');
    expect(localizeReason(reason('waitingForNetworkSync', { reason: words }), t, 'he')).toBe('before 2026-01-01. ממתינה לרשת; הסנכרון ימשיך מעצמו.');
  });

  it('in Hebrew: by count, with the conditions and dates as the window shows them; English and typed titles as they are', () => {
    const he = createI18n('he').t;
    const en = createI18n('en').t;
    const title = (params: Parameters<typeof receiptsDeleteTitle>[0], count: number) => localizeTitle(receiptsDeleteTitle(params, count), he, 'he');
    const date = (iso: string) => new Intl.DateTimeFormat('he', { dateStyle: 'medium' }).format(new Date(`${iso}T00:00:00`));
    const note = '(רק העותקים המקומיים; הדואר ב־Gmail נשמר)';
    expect(title(ids, 1)).toBe(`מחיקת קבלה אחת ${note}`);
    expect(title(ids, 2)).toBe(`מחיקת שתי קבלות ${note}`);
    expect(title(ids, 1500)).toBe(`מחיקת 1,500 קבלות ${note}`);
    expect(title(filter({ vendor: 'Wolt', after: '2026-01-01' }), 2)).toBe(`מחיקת שתי קבלות של Wolt מ־${date('2026-01-01')} והלאה ${note}`);
    expect(title(filter({ before: '2026-01-31', search: 'פיצה' }), 7)).toBe(`מחיקת 7 קבלות מלפני ${date('2026-01-31')} שמתאימות ל„פיצה” ${note}`);
    expect(localizeTitle('Receipts from Gmail', he, 'he')).toBe('קבלות מ־Gmail');
    // The vendor and the date stay params of their own (the window isolates them).
    const parts = JSON.stringify(localizeTitleParts(receiptsDeleteTitle(filter({ vendor: 'Wolt', after: '2026-01-01' }), 2), he, 'he'));
    expect(parts).toContain('{"param":"vendor","value":"Wolt"}');
    expect(parts).toContain(`{"param":"date","value":"${date('2026-01-01')}"}`);

    const english = receiptsDeleteTitle(filter({ vendor: 'Wolt', after: '2026-01-01' }), 2);
    expect(localizeTitle(english, en, 'en')).toBe(english);
    // An owner's title that is a reason (not a title) is not translated, nor one close to a title.
    expect(localizeTitle('Already stored', he, 'he')).toBe('Already stored');
    expect(localizeTitle('Receipts from Gmail 2025', he, 'he')).toBe('Receipts from Gmail 2025');
    expect(localizeTitle('Spring sale', he, 'he')).toBe('Spring sale');
  });
});
