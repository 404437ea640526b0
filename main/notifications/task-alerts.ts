/**
 * When a task deserves a desktop notification, and in what words. No Electron here:
 * main/electron/notifications.ts shows what this decides, and tests run it under Node.
 *
 * Snapshots repeat (a worker's last snapshot, then the row after its exit; a dismiss
 * re-sends a finished task), so each alert fires once: a finish once per finishing
 * time, and only for finishes during this session, an account problem once per spell.
 */
import type { Language } from '../../common/ipc/contract.ts';
import { formatMessage, type Message } from '../../common/messages.ts';
import type { TaskKind, TaskSnapshot } from '../../common/model.ts';
import { reason, type PlainReasonKey, type ReasonKey } from '../../common/reasons.ts';

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

/** The catalogue's words (common/reasons.ts) a notification uses for each kind's counters. */
const KIND_WORDS: Record<TaskKind, { finished: PlainReasonKey; succeeded: ReasonKey; failed: ReasonKey; skipped: ReasonKey }> = {
  broadcast: { finished: 'alertFinishedBroadcast', succeeded: 'alertCountSent', failed: 'alertCountFailed', skipped: 'alertCountSkipped' },
  'contacts-import': { finished: 'alertFinishedImport', succeeded: 'alertCountImported', failed: 'alertCountFailedRows', skipped: 'alertCountSkippedRows' },
  'receipts-sync': { finished: 'alertFinishedReceiptsSync', succeeded: 'alertCountSaved', failed: 'alertCountFailed', skipped: 'alertCountSkipped' },
  'receipts-delete': { finished: 'alertFinishedReceiptsDelete', succeeded: 'alertCountDeleted', failed: 'alertCountFailed', skipped: 'alertCountSkipped' },
};

const counted = (key: ReasonKey, count: number): Message => ({ key, params: { count } });

/** The counters after a finished task's title: "10 sent, 2 failed". */
function countsOf(task: TaskSnapshot): Message {
  const words = KIND_WORDS[task.kind];
  const c = task.counters;
  const parts = [counted(words.succeeded, c.succeeded)];
  if (c.failed) parts.push(counted(words.failed, c.failed));
  if (c.skipped) parts.push(counted(words.skipped, c.skipped));
  return parts.reduceRight((rest, first) => reason('alertListBoth', { first, then: rest }));
}

/** What a notification says about `alert`, in `language` (a pure function: tests run it). */
export function alertText(alert: TaskAlert, language: Language = 'en'): AlertText {
  const { task } = alert;
  const c = task.counters;
  const say = (words: Message) => formatMessage(words, language);
  const withInDoubt = (body: Message): Message =>
    c.inDoubt ? reason('alertWithInDoubt', { body, inDoubt: counted('alertInDoubt', c.inDoubt) }) : body;
  switch (alert.kind) {
    case 'completed':
      return {
        title: say(c.inDoubt ? reason('alertNeedsCheck') : reason(KIND_WORDS[task.kind].finished)),
        body: say(withInDoubt(reason('alertSummary', { title: task.title, counts: countsOf(task) }))),
      };
    case 'failed':
      return {
        title: say(reason('alertStopped')),
        body: say(withInDoubt(reason('alertStoppedBecause', { title: task.title, reason: task.lastError ?? reason('alertSomethingWrong') }))),
      };
    case 'needs-account':
      return {
        title: say(reason('alertWaiting')),
        body: say(reason(task.kind === 'receipts-sync' ? 'alertWaitingForGmail' : 'alertWaitingForAccount', { title: task.title })),
      };
  }
}
