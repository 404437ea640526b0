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
import type { TaskSnapshot } from '../../common/model.ts';
import { reason, type ReasonKey } from '../../common/reasons.ts';
import type { TaskKindFacts } from '../../common/tasks/kind.ts';
import { SHIPPED_FACTS } from '../../common/tasks/kinds.ts';

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

/** A kind's words (its facts, common/tasks/<kind>/facts.ts); a kind this build does not know gets plain ones. */
function wordsOf(kind: string): TaskKindFacts['words'] {
  return SHIPPED_FACTS.find(kind)?.words ?? GENERIC_WORDS;
}

const GENERIC_WORDS: TaskKindFacts['words'] = {
  finished: 'alertFinishedTask',
  succeeded: 'alertCountDone',
  failed: 'alertCountFailed',
  skipped: 'alertCountSkipped',
  waitingForAccount: 'alertWaitingForAccount',
};

const counted = (key: ReasonKey, count: number): Message => ({ key, params: { count } });

/** The counters after a finished task's title: "10 sent, 2 failed". */
function countsOf(task: TaskSnapshot): Message {
  const words = wordsOf(task.kind);
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
        title: say(c.inDoubt ? reason('alertNeedsCheck') : reason(wordsOf(task.kind).finished)),
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
        body: say({ key: wordsOf(task.kind).waitingForAccount, params: { title: task.title } }),
      };
  }
}
