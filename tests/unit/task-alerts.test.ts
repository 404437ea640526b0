import { describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '../../common/model.ts';
import { ZERO_COUNTERS } from '../../common/model.ts';
import { verbatim, type Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { receiptsDeleteTitle } from '../../main/tasks/receipts-delete/title.ts';
import { alertText, createAlertTracker } from '../../main/notifications/task-alerts.ts';

const START = 1_000_000;

function snap(patch: Partial<TaskSnapshot>): TaskSnapshot {
  return {
    id: 1,
    businessId: 1,
    kind: 'broadcast',
    title: verbatim('Spring sale'),
    status: 'running',
    waitReason: null,
    lastError: null,
    counters: { ...ZERO_COUNTERS },
    cancelRequested: false,
    pauseRequested: false,
    attempts: 1,
    crashCount: 0,
    rate: null,
    createdAt: START,
    startedAt: START,
    finishedAt: null,
    updatedAt: START,
    version: 1,
    ...patch,
  };
}

describe('createAlertTracker', () => {
  it('announces a finish once, however often the snapshot repeats', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'running' }))).toBeNull();
    const done = snap({ status: 'completed', finishedAt: START + 10, version: 5 });
    expect(alertFor(done)?.kind).toBe('completed');
    expect(alertFor({ ...done, version: 6 })).toBeNull();
  });

  it('stays quiet about tasks that finished before this session', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'completed', finishedAt: START - 1 }))).toBeNull();
    expect(alertFor(snap({ id: 2, status: 'failed', finishedAt: START - 1 }))).toBeNull();
  });

  it('announces a second finish after a retry', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'failed', finishedAt: START + 1 }))?.kind).toBe('failed');
    expect(alertFor(snap({ status: 'running' }))).toBeNull();
    expect(alertFor(snap({ status: 'completed', finishedAt: START + 2 }))?.kind).toBe('completed');
  });

  it('never announces a cancel or a pause (the owner did it)', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'cancelled', finishedAt: START + 1 }))).toBeNull();
    expect(alertFor(snap({ status: 'paused' }))).toBeNull();
  });

  it('announces an account problem once per spell of waiting', () => {
    const alertFor = createAlertTracker(START);
    const waiting = snap({ status: 'waiting', waitReason: 'account' });
    expect(alertFor(waiting)?.kind).toBe('needs-account');
    expect(alertFor({ ...waiting, version: 2 })).toBeNull();
    expect(alertFor(snap({ status: 'waiting', waitReason: 'offline' }))).toBeNull();
    expect(alertFor(snap({ status: 'running' }))).toBeNull();
    expect(alertFor(waiting)?.kind).toBe('needs-account');
  });
});

describe('alertText', () => {
  it('says what a finished broadcast did, in plain words', () => {
    const task = snap({ status: 'completed', counters: { ...ZERO_COUNTERS, total: 12, processed: 12, succeeded: 10, failed: 2 } });
    expect(alertText({ kind: 'completed', task })).toEqual({ title: 'Broadcast finished', body: '“Spring sale”: 10 sent, 2 failed.' });
  });

  it('asks for a check when messages are in doubt', () => {
    const task = snap({ status: 'completed', counters: { ...ZERO_COUNTERS, succeeded: 5, inDoubt: 3 } });
    const text = alertText({ kind: 'completed', task });
    expect(text.title).toBe('Finished, needs a check');
    expect(text.body).toContain('3 messages may or may not have gone out');
  });

  it('gives the reason of a failure and speaks of imports as imports', () => {
    const failed = alertText({ kind: 'failed', task: snap({ status: 'failed', lastError: verbatim('The worker stopped responding.') }) });
    expect(failed.body).toBe('“Spring sale” stopped: The worker stopped responding.');
    const imported = alertText({
      kind: 'completed',
      task: snap({ kind: 'contacts-import', title: verbatim('clients.csv'), counters: { ...ZERO_COUNTERS, succeeded: 200, skipped: 4 } }),
    });
    expect(imported).toEqual({ title: 'Contacts imported', body: '“clients.csv”: 200 imported, 4 skipped.' });
  });

  it('speaks of receipts as receipts, and of a sync’s Gmail connection', () => {
    const synced = snap({ kind: 'receipts-sync', title: reason('titleReceiptsSync'), counters: { ...ZERO_COUNTERS, succeeded: 1500, skipped: 1 } });
    expect(alertText({ kind: 'completed', task: synced })).toEqual({ title: 'Receipts synced', body: '“Receipts from Gmail”: 1,500 saved, 1 skipped.' });
    const deleted = snap({ kind: 'receipts-delete', title: receiptsDeleteTitle({ ids: [1, 2] }, 2), counters: { ...ZERO_COUNTERS, succeeded: 2 } });
    expect(alertText({ kind: 'completed', task: deleted }).title).toBe('Receipts deleted');
    expect(alertText({ kind: 'needs-account', task: { ...synced, status: 'waiting', waitReason: 'account' } }).body).toBe(
      '“Receipts from Gmail” is waiting: the Gmail connection needs attention. Open Taskdeck to fix it; the task goes on by itself after that.',
    );
    expect(alertText({ kind: 'needs-account', task: snap({ status: 'waiting', waitReason: 'account' }) }).body).toBe(
      '“Spring sale” is waiting: the sending account needs attention. Open Taskdeck to fix it; the task goes on by itself after that.',
    );
    expect(alertText({ kind: 'completed', task: snap({ counters: { ...ZERO_COUNTERS, succeeded: 4, inDoubt: 1 } }) }).body).toBe(
      '“Spring sale”: 4 sent. 1 message may or may not have gone out. Open the task to check it.',
    );
  });
});

describe('alertText in Hebrew', () => {
  const he = (alert: Parameters<typeof alertText>[0]) => alertText(alert, 'he');
  const done = (kind: TaskSnapshot['kind'], title: string | Message, counters: Partial<TaskSnapshot['counters']>) =>
    he({ kind: 'completed', task: snap({ kind, title: typeof title === 'string' ? verbatim(title) : title, status: 'completed', counters: { ...ZERO_COUNTERS, ...counters } }) });

  it('says what a finished task did, each kind in its words, counts in their plural forms; the owner’s title as typed', () => {
    expect(done('broadcast', 'Spring sale', { succeeded: 10, failed: 2, skipped: 3 })).toEqual({ title: 'הדיוור הסתיים', body: '„Spring sale”: נשלחו 10 הודעות, שתיים נכשלו, 3 דולגו.' });
    expect(done('broadcast', 'מבצע אביב', { succeeded: 1, failed: 1, skipped: 2 }).body).toBe('„מבצע אביב”: נשלחה הודעה אחת, אחת נכשלה, שתיים דולגו.');
    expect(done('broadcast', 'מבצע אביב', { succeeded: 2 }).body).toBe('„מבצע אביב”: נשלחו שתי הודעות.');
    expect(done('broadcast', 'מבצע אביב', { succeeded: 1234 }).body).toBe('„מבצע אביב”: נשלחו 1,234 הודעות.');
    expect(done('contacts-import', 'clients.csv', { succeeded: 200, skipped: 1 })).toEqual({
      title: 'ייבוא אנשי הקשר הסתיים',
      body: '„clients.csv”: יובאו 200 אנשי קשר, שורה אחת דולגה.',
    });
    expect(done('contacts-import', 'clients.csv', { succeeded: 1, failed: 2 }).body).toBe('„clients.csv”: יובא איש קשר אחד, שתי שורות נכשלו.');
  });

  it('shows a title main made up in Hebrew, a title the owner typed as typed', () => {
    expect(done('receipts-sync', reason('titleReceiptsSync'), { succeeded: 3 })).toEqual({ title: 'סנכרון הקבלות הסתיים', body: '„קבלות מ־Gmail”: נשמרו 3 קבלות.' });
    expect(done('receipts-delete', receiptsDeleteTitle({ ids: [1, 2] }, 2), { succeeded: 2 })).toEqual({
      title: 'מחיקת הקבלות הסתיימה',
      body: '„מחיקת שתי קבלות (רק העותקים המקומיים; הדואר ב־Gmail נשמר)”: נמחקו שתי קבלות.',
    });
    // Typed by the owner: a broadcast called like a receipts sync, give or take a word, is no receipts sync.
    expect(done('broadcast', 'Receipts from Gmail today', { succeeded: 1 }).body).toBe('„Receipts from Gmail today”: נשלחה הודעה אחת.');
  });

  it('asks for a check when messages are in doubt, by count', () => {
    const doubt = (inDoubt: number) => done('broadcast', 'Spring sale', { succeeded: 5, inDoubt });
    expect(doubt(1)).toEqual({
      title: 'המשימה הסתיימה, וצריך לבדוק אותה',
      body: '„Spring sale”: נשלחו 5 הודעות. הודעה אחת אולי נשלחה ואולי לא. פתחו את המשימה כדי לבדוק אותה.',
    });
    expect(doubt(2).body).toContain('שתי הודעות אולי נשלחו ואולי לא. פתחו את המשימה כדי לבדוק אותן.');
    expect(doubt(3).body).toContain('3 הודעות אולי נשלחו ואולי לא.');
  });

  it('gives the reason of a failure in Hebrew when main has it in Hebrew, and as main wrote it otherwise', () => {
    const failed = (lastError: Message | null) => he({ kind: 'failed', task: snap({ status: 'failed', lastError }) });
    const crashed = reason('crashedTooOften', { reason: reason('workerKilled', { signal: 'SIGKILL' }), count: 3 });
    expect(failed(crashed)).toEqual({
      title: 'המשימה נעצרה',
      body: 'המשימה „Spring sale” נעצרה: תהליך הרקע הופסק בכוח (SIGKILL), 3 פעמים ברצף. אפשר ללחוץ על „המשך” כדי לנסות שוב.',
    });
    expect(failed(verbatim('The worker stopped responding.')).body).toBe('המשימה „Spring sale” נעצרה: The worker stopped responding.');
    expect(failed(null).body).toBe('המשימה „Spring sale” נעצרה: משהו השתבש.');
  });

  it('says what a waiting task waits for', () => {
    const waiting = (kind: TaskSnapshot['kind'], title: Message) => he({ kind: 'needs-account', task: snap({ kind, title, status: 'waiting', waitReason: 'account' }) });
    expect(waiting('broadcast', verbatim('Spring sale'))).toEqual({
      title: 'משימה ממתינה לך',
      body: 'המשימה „Spring sale” ממתינה: חשבון השליחה דורש טיפול. פתחו את Taskdeck כדי לתקן; המשימה תמשיך מעצמה אחרי זה.',
    });
    expect(waiting('receipts-sync', reason('titleReceiptsSync')).body).toBe(
      'המשימה „קבלות מ־Gmail” ממתינה: החיבור ל־Gmail דורש טיפול. פתחו את Taskdeck כדי לתקן; המשימה תמשיך מעצמה אחרי זה.',
    );
  });

  it('follows the language it is given at each call (the setting is read when a notification is shown)', () => {
    const task = snap({ status: 'completed', counters: { ...ZERO_COUNTERS, succeeded: 1 } });
    expect(alertText({ kind: 'completed', task }, 'en').title).toBe('Broadcast finished');
    expect(alertText({ kind: 'completed', task }, 'he').title).toBe('הדיוור הסתיים');
    expect(alertText({ kind: 'completed', task }).title).toBe('Broadcast finished');
  });
});
