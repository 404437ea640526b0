/**
 * What every process knows about a task kind, with no code of its own: how to check what
 * starts one, what its items carry, whether its side effect leaves the machine, how many
 * may run per business, and the owner's words for it. The engine, the supervisor, the
 * item pump and the generic window read these facts, never a kind's name.
 *
 * A kind is one folder per process: common/tasks/<kind>/facts.ts (this), main/tasks/<kind>/
 * (create, credentials, run) and renderer/src/tasks/<kind>/ (icon, start form, item
 * columns, words), each with one line in its process's registry.
 */
import type { z } from 'zod';
import type { PlainReasonKey, ReasonKey } from '../reasons.ts';

export interface TaskKindFacts {
  readonly id: string;
  /** What the window or the CLI sends to start one (`tasks:start`); main validates it first. */
  readonly input: z.ZodType;
  /** What tasks.params holds; the worker validates it again before running. */
  readonly params: z.ZodType;
  /**
   * 'leaves-machine': each item's side effect reaches the outside world (a message, a call):
   * items a dead worker had claimed become in doubt and are never redone on their own.
   * 'repeatable': nothing leaves this machine that cannot be done again (reading mail,
   * local rows): such items are simply redone, and an item whose work throws is retried.
   */
  readonly sideEffect: 'leaves-machine' | 'repeatable';
  /** At most this many of its tasks run at once in one business; null: only the global limit. */
  readonly perBusiness: number | null;
  /**
   * The business's data it reads or writes. A task that reads some data does not start
   * while an earlier task of its business that writes it is unfinished (main/engine/ordering.ts):
   * a broadcast started right after an import sends to the whole imported list.
   */
  readonly data?: { readonly reads?: readonly BusinessData[]; readonly writes?: readonly BusinessData[] };
  /** Whether "Retry failed" puts its failed items back to pending. */
  readonly retryFailed: boolean;
  /**
   * Failed items "Retry failed" keeps as they are, and says how many: a broadcast does not
   * retry recipients who are opted out (most often because that very failure was WhatsApp
   * saying they stopped marketing messages).
   */
  readonly retryLeavesAlone?: RetryLeavesAlone;
  /** What the details page lists: its task_items, or (contact imports) the rows that failed. */
  readonly details: 'items' | 'row-errors';
  /** The JSON an item carries for its worker (task_items.payload) and what it records when done (result). */
  readonly item?: { readonly payload: z.ZodType; readonly result: z.ZodType };
  /** The owner's words (catalogue keys, common/reasons.ts): notifications and the CLI say these. */
  readonly words: {
    /** A notification's title when one finishes. */
    readonly finished: PlainReasonKey;
    /** "{{count}} sent": its items that succeeded, failed, were skipped. */
    readonly succeeded: ReasonKey;
    readonly failed: ReasonKey;
    readonly skipped: ReasonKey;
    /** "“{{title}}” is waiting: … needs attention" when it waits for its account. */
    readonly waitingForAccount: ReasonKey;
    /** What a start request that fails its input schema is told (the details list what exactly). */
    readonly invalidInput?: PlainReasonKey;
  };
}

/** Failed items Retry failed keeps (main/store/task-progress-repo.ts says which, in SQL). */
export type RetryLeavesAlone = 'opted-out-recipients';

/** Data of a business that tasks share (the contacts list); what `TaskKindFacts.data` names. */
export type BusinessData = 'contacts';

/** Keeps a kind's literal types (its id, its schemas) while checking it is a TaskKindFacts. */
export function defineKindFacts<const F extends TaskKindFacts>(facts: F): F {
  return facts;
}
