/**
 * Ordering inside a business: a task that reads some of the business's data does not
 * start while an earlier task of that business that writes the same data is unfinished.
 * Without it, "import customers.csv" then "broadcast to all contacts" started together
 * planned the broadcast from the few contacts imported so far.
 *
 * The rule, in full:
 * - What a kind reads and writes is a fact of the kind (`TaskKindFacts.data`: a broadcast
 *   reads the contacts, a contact import writes them); the engine never names a kind.
 * - "Earlier" means created earlier: task ids grow with creation, in the app and the CLI
 *   alike, since both insert into the same table.
 * - "Unfinished" is every status but completed, cancelled and failed. A paused writer
 *   counts too (an import paused halfway is half a list); the reader's card says so and
 *   that Resume or Cancel on the writer lets it go on.
 * - Only a reader that has not started yet waits (started_at is null). Once started it has
 *   planned from what it read and is never held back again: a retry or a resume does not
 *   wait behind a later import (and a broadcast reads each contact's opt-out again just
 *   before sending anyway).
 * - Writers do not wait for readers, and tasks of other businesses never hold each other up.
 */
import type { Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import type { TaskRow } from '../store/tasks-repo.ts';
import { earliestUnfinishedBefore } from '../store/tasks-repo.ts';
import type { Db } from '../store/db.ts';
import { storedWords } from '../store/words.ts';
import type { MainKinds } from '../tasks/registry.ts';

/** The earlier task `row` has to wait for, or null when it may start. */
export function mustWaitFor(db: Db, kinds: MainKinds, row: TaskRow): TaskRow | null {
  if (row.started_at !== null) return null;
  const reads = kinds.find(row.kind)?.facts.data?.reads ?? [];
  if (!reads.length) return null;
  const writers = kinds
    .all()
    .filter((k) => k.facts.data?.writes?.some((d) => reads.includes(d)))
    .map((k) => k.facts.id);
  return earliestUnfinishedBefore(db, row.business_id, row.id, writers) ?? null;
}

/** What the waiting task's card says about the task it waits for. */
export function waitingForWords(earlier: TaskRow): Message {
  const title = storedWords(earlier.title);
  return earlier.status === 'paused' ? reason('waitsForPausedTask', { title }) : reason('waitsForEarlierTask', { title });
}
