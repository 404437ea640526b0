/**
 * When a task deserves a desktop notification, and in what words. No Electron here:
 * main/electron/notifications.ts shows what this decides, and tests run it under Node.
 *
 * Snapshots repeat (a worker's last snapshot, then the row after its exit; a dismiss
 * re-sends a finished task), so each alert fires once: a finish once per finishing
 * time, and only for finishes during this session, an account problem once per spell.
 */
import type { TFunction } from 'i18next';
import type { Language } from '../../common/ipc/contract.ts';
import { TASK_KINDS, type TaskKind, type TaskSnapshot } from '../../common/model.ts';
import { reasonsHe } from '../../common/reasons-he.ts';
import { localizeReason, localizeTitle } from '../../common/reasons-localize.ts';

export type TaskAlert =
  | { kind: 'completed'; task: TaskSnapshot }
  | { kind: 'failed'; task: TaskSnapshot }
  | { kind: 'needs-account'; task: TaskSnapshot };

export interface AlertText {
  title: string;
  body: string;
}

export function createAlertTracker(sessionStartedAt: number): (snapshot: TaskSnapshot) => TaskAlert | null {
  const announcedFinish = new Map<number, number>();
  const waitingForAccount = new Set<number>();
  return (task) => {
    const needsAccount = task.status === 'waiting' && task.waitReason === 'account';
    if (!needsAccount) waitingForAccount.delete(task.id);
    else if (!waitingForAccount.has(task.id)) {
      waitingForAccount.add(task.id);
      return { kind: 'needs-account', task };
    }
    if (task.status !== 'completed' && task.status !== 'failed') return null;
    const finishedAt = task.finishedAt ?? task.updatedAt;
    if (finishedAt < sessionStartedAt || announcedFinish.get(task.id) === finishedAt) return null;
    announcedFinish.set(task.id, finishedAt);
    return { kind: task.status, task };
  };
}

/** A sentence with a count (`{{n}}`), in the plural forms of a language (CLDR: one, two, other). */
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** What a notification says, in one language. Task titles and main's reasons come in as stored. */
interface Phrasebook {
  /** A task finished; by kind, since each does something else. */
  finished: Record<TaskKind, string>;
  /** A task finished with messages in doubt. */
  needsCheck: string;
  stopped: string;
  waiting: string;
  /** The counters of a finished task ("10 sent", "2 failed"), by kind. */
  succeeded: Record<TaskKind, Plural>;
  failed: Record<TaskKind, Plural>;
  skipped: Record<TaskKind, Plural>;
  /** What the counters say, after the task's title. */
  summary(title: string, counts: readonly string[]): string;
  stoppedBecause(title: string, why: string): string;
  somethingWentWrong: string;
  /** A task parked for its account: a broadcast's sending account, a sync's Gmail. */
  waitingFor(title: string, kind: TaskKind): string;
  inDoubt: Plural;
  /** A title or one of main's sentences (stored in English) in this language. */
  title(text: string): string;
  reason(text: string): string;
}

const same = (text: string) => text;

const english: Phrasebook = {
  finished: { broadcast: 'Broadcast finished', 'contacts-import': 'Contacts imported', 'receipts-sync': 'Receipts synced', 'receipts-delete': 'Receipts deleted' },
  needsCheck: 'Finished, needs a check',
  stopped: 'Task stopped',
  waiting: 'Task is waiting for you',
  succeeded: {
    broadcast: { other: '{{n}} sent' },
    'contacts-import': { other: '{{n}} imported' },
    'receipts-sync': { other: '{{n}} saved' },
    'receipts-delete': { other: '{{n}} deleted' },
  },
  failed: byKind({ other: '{{n}} failed' }),
  skipped: byKind({ other: '{{n}} skipped' }),
  summary: (title, counts) => `“${title}”: ${counts.join(', ')}.`,
  stoppedBecause: (title, why) => `“${title}” stopped: ${why}.`.replace(/\.\.$/, '.'),
  somethingWentWrong: 'something went wrong',
  waitingFor: (title, kind) =>
    `“${title}” is waiting: ${kind === 'receipts-sync' ? 'the Gmail connection' : 'the sending account'} needs attention. Open Taskdeck to fix it; the task goes on by itself after that.`,
  inDoubt: {
    one: '1 message may or may not have gone out. Open the task to check it.',
    other: '{{n}} messages may or may not have gone out. Open the task to check them.',
  },
  title: same,
  reason: same,
};

const hebrew: Phrasebook = {
  finished: { broadcast: 'הדיוור הסתיים', 'contacts-import': 'ייבוא אנשי הקשר הסתיים', 'receipts-sync': 'סנכרון הקבלות הסתיים', 'receipts-delete': 'מחיקת הקבלות הסתיימה' },
  needsCheck: 'המשימה הסתיימה, וצריך לבדוק אותה',
  stopped: 'המשימה נעצרה',
  waiting: 'משימה ממתינה לך',
  succeeded: {
    broadcast: { one: 'נשלחה הודעה אחת', two: 'נשלחו שתי הודעות', other: 'נשלחו {{n}} הודעות' },
    'contacts-import': { one: 'יובא איש קשר אחד', two: 'יובאו שני אנשי קשר', other: 'יובאו {{n}} אנשי קשר' },
    'receipts-sync': { one: 'נשמרה קבלה אחת', two: 'נשמרו שתי קבלות', other: 'נשמרו {{n}} קבלות' },
    'receipts-delete': { one: 'נמחקה קבלה אחת', two: 'נמחקו שתי קבלות', other: 'נמחקו {{n}} קבלות' },
  },
  // Messages and receipts (הודעה, קבלה) are feminine; an import counts rows.
  failed: {
    ...byKind({ one: 'אחת נכשלה', two: 'שתיים נכשלו', other: '{{n}} נכשלו' }),
    'contacts-import': { one: 'שורה אחת נכשלה', two: 'שתי שורות נכשלו', other: '{{n}} שורות נכשלו' },
  },
  skipped: {
    ...byKind({ one: 'אחת דולגה', two: 'שתיים דולגו', other: '{{n}} דולגו' }),
    'contacts-import': { one: 'שורה אחת דולגה', two: 'שתי שורות דולגו', other: '{{n}} שורות דולגו' },
  },
  summary: (title, counts) => `„${title}”: ${counts.join(', ')}.`,
  stoppedBecause: (title, why) => `המשימה „${title}” נעצרה: ${why}.`.replace(/\.\.$/, '.'),
  somethingWentWrong: 'משהו השתבש',
  waitingFor: (title, kind) =>
    `המשימה „${title}” ממתינה: ${kind === 'receipts-sync' ? 'החיבור ל־Gmail' : 'חשבון השליחה'} דורש טיפול. פתחו את Taskdeck כדי לתקן; המשימה תמשיך מעצמה אחרי זה.`,
  inDoubt: {
    one: 'הודעה אחת אולי נשלחה ואולי לא. פתחו את המשימה כדי לבדוק אותה.',
    two: 'שתי הודעות אולי נשלחו ואולי לא. פתחו את המשימה כדי לבדוק אותן.',
    other: '{{n}} הודעות אולי נשלחו ואולי לא. פתחו את המשימה כדי לבדוק אותן.',
  },
  // The window's own translations of main's sentences (a title main made up, a reason).
  title: (text) => localizeTitle(text, hebrewReasons, 'he'),
  reason: (text) => localizeReason(text, hebrewReasons, 'he'),
};

function byKind(plural: Plural): Record<TaskKind, Plural> {
  return Object.fromEntries(TASK_KINDS.map((kind) => [kind, plural])) as Record<TaskKind, Plural>;
}

/**
 * The language seam: every language maps to its words here, chosen when a notification
 * is shown (the language setting is read then, so a change applies to the next one).
 */
const PHRASEBOOKS: Record<Language, Phrasebook> = { en: english, he: hebrew };

/** `plural` for `count`: its form in `language`, `{{n}}` the count formatted. */
function counted(plural: Plural, count: number, language: Language): string {
  const form = new Intl.PluralRules(language).select(count);
  return (plural[form] ?? plural.other).replace('{{n}}', new Intl.NumberFormat(language).format(count));
}

/** What a notification says about `alert`, in `language` (a pure function: tests run it). */
export function alertText(alert: TaskAlert, language: Language = 'en'): AlertText {
  const words = PHRASEBOOKS[language] ?? english;
  const { task } = alert;
  const c = task.counters;
  const title = words.title(task.title);
  const inDoubt = (body: string) => (c.inDoubt ? `${body} ${counted(words.inDoubt, c.inDoubt, language)}` : body);
  switch (alert.kind) {
    case 'completed': {
      const counts = [counted(words.succeeded[task.kind], c.succeeded, language)];
      if (c.failed) counts.push(counted(words.failed[task.kind], c.failed, language));
      if (c.skipped) counts.push(counted(words.skipped[task.kind], c.skipped, language));
      return { title: c.inDoubt ? words.needsCheck : words.finished[task.kind], body: inDoubt(words.summary(title, counts)) };
    }
    case 'failed':
      return { title: words.stopped, body: inDoubt(words.stoppedBecause(title, task.lastError ? words.reason(task.lastError) : words.somethingWentWrong)) };
    case 'needs-account':
      return { title: words.waiting, body: words.waitingFor(title, task.kind) };
  }
}

/**
 * i18next's `t` over the window's Hebrew sentences (common/reasons-he.ts), as
 * far as the shared localizer uses it: `reasons.<key>`, the plural form by `count`, and
 * `{{params}}`. main has no i18next; its notifications are all it says in Hebrew.
 */
const HEBREW_REASONS: Readonly<Record<string, string>> = reasonsHe;
const hebrewRules = new Intl.PluralRules('he');
const hebrewReasons = ((key: string, options: Record<string, unknown> = {}) => {
  const name = key.replace(/^reasons\./, '');
  const plural = typeof options.count === 'number' ? HEBREW_REASONS[`${name}_${hebrewRules.select(options.count)}`] : undefined;
  const template = plural ?? HEBREW_REASONS[name] ?? key;
  return template.replace(/\{\{(\w+)\}\}/g, (whole, param: string) => (param in options ? String(options[param]) : whole));
}) as unknown as TFunction;
