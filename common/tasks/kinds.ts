/**
 * The registry of task kinds, process-neutral: one line per kind. main's registry
 * (main/tasks/registry.ts) and the window's (renderer/src/tasks/registry.ts) are typed to
 * have an entry for each key here, so a kind cannot be half added.
 */
import type { TaskKindFacts } from './kind.ts';
import { broadcastFacts } from './broadcast/facts.ts';
import { contactsImportFacts } from './contacts-import/facts.ts';
import { receiptsDeleteFacts } from './receipts-delete/facts.ts';
import { receiptsSyncFacts } from './receipts-sync/facts.ts';

export const KIND_FACTS = {
  broadcast: broadcastFacts,
  'contacts-import': contactsImportFacts,
  'receipts-delete': receiptsDeleteFacts,
  'receipts-sync': receiptsSyncFacts,
} as const satisfies Record<string, TaskKindFacts>;

/** The kinds this build ships. A task row may name another (a test kind, a newer build): see `factsOf`. */
export type TaskKind = keyof typeof KIND_FACTS;
export const TASK_KINDS = Object.keys(KIND_FACTS) as TaskKind[];

/**
 * A set of kinds the engine runs with: the shipped ones, plus any a test adds. Every lookup
 * of a kind by the id stored in a task row goes through one.
 */
export class KindSet<F extends TaskKindFacts = TaskKindFacts> {
  private readonly byId: ReadonlyMap<string, F>;

  constructor(kinds: Iterable<F>) {
    this.byId = new Map([...kinds].map((k) => [k.id, k]));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The kind named `id`; throws for a kind this build does not know. */
  get(id: string): F {
    const kind = this.byId.get(id);
    if (!kind) throw new UnknownKindError(id);
    return kind;
  }

  find(id: string): F | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  all(): F[] {
    return [...this.byId.values()];
  }

  /** These kinds and `more` (a later one of the same id replaces the earlier). */
  with(...more: F[]): KindSet<F> {
    return new KindSet([...this.byId.values(), ...more]);
  }
}

export class UnknownKindError extends Error {
  readonly kind: string;
  constructor(kind: string) {
    super(`This version of Taskdeck does not know tasks of kind "${kind}"`);
    this.name = 'UnknownKindError';
    this.kind = kind;
  }
}

export const SHIPPED_FACTS = new KindSet<TaskKindFacts>(Object.values(KIND_FACTS));
