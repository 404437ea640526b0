/**
 * When a task deserves a desktop notification, and in what words. No Electron here:
 * main/electron/notifications.ts shows what this decides, and tests run it under Node.
 *
 * Snapshots repeat (a worker's last snapshot, then the row after its exit; a dismiss
 * re-sends a finished task), so each alert fires once: a finish once per finishing
 * time, and only for finishes during this session, an account problem once per spell.
 */
import type { Language } from '../../common/ipc/contract.ts';
import type { TaskSnapshot } from '../../common/model.ts';

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

interface Words {
  finished(task: TaskSnapshot): AlertText;
  failed(task: TaskSnapshot): AlertText;
  needsAccount(task: TaskSnapshot): AlertText;
}

const english: Words = {
  finished(task) {
    const c = task.counters;
    const isImport = task.kind === 'contacts-import';
    const parts = [isImport ? `${c.succeeded} imported` : `${c.succeeded} sent`];
    if (c.failed) parts.push(`${c.failed} failed`);
    if (c.skipped) parts.push(`${c.skipped} skipped`);
    let body = `“${task.title}”: ${parts.join(', ')}.`;
    if (c.inDoubt) body += ` ${inDoubtSentence(c.inDoubt)}`;
    const title = c.inDoubt ? 'Finished, needs a check' : isImport ? 'Contacts imported' : 'Broadcast finished';
    return { title, body };
  },
  failed(task) {
    let body = `“${task.title}” stopped: ${task.lastError ?? 'something went wrong'}.`.replace(/\.\.$/, '.');
    if (task.counters.inDoubt) body += ` ${inDoubtSentence(task.counters.inDoubt)}`;
    return { title: 'Task stopped', body };
  },
  needsAccount(task) {
    return {
      title: 'Task is waiting for you',
      body: `“${task.title}” is waiting: the sending account needs attention. Open Taskdeck to fix it; the task goes on by itself after that.`,
    };
  },
};

function inDoubtSentence(count: number): string {
  return count === 1
    ? '1 message may or may not have gone out. Open the task to check it.'
    : `${count} messages may or may not have gone out. Open the task to check them.`;
}

/**
 * The language seam: every language maps to its words here. Only English exists so
 * far; Hebrew falls back to it until the translations land.
 */
const WORDS: Record<Language, Words> = { en: english, he: english };

export function alertText(alert: TaskAlert, language: Language = 'en'): AlertText {
  const words = WORDS[language] ?? english;
  switch (alert.kind) {
    case 'completed':
      return words.finished(alert.task);
    case 'failed':
      return words.failed(alert.task);
    case 'needs-account':
      return words.needsAccount(alert.task);
  }
}
