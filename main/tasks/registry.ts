/**
 * main's registry of task kinds: one line per kind, typed to have every kind of
 * common/tasks/kinds.ts. The engine, the services, IPC and the CLI take a `MainKinds`
 * (the shipped ones, or more in tests), never a kind's module.
 */
import { KindSet, UnknownKindError, type TaskKind } from '../../common/tasks/kinds.ts';
import { broadcastKind } from './broadcast/kind.ts';
import { contactsImportKind } from './contacts-import/kind.ts';
import type { MainKind } from './kind.ts';
import { receiptsDeleteKind } from './receipts-delete/kind.ts';
import { receiptsSyncKind } from './receipts-sync/kind.ts';

const SHIPPED = {
  broadcast: broadcastKind,
  'contacts-import': contactsImportKind,
  'receipts-delete': receiptsDeleteKind,
  'receipts-sync': receiptsSyncKind,
} satisfies Record<TaskKind, MainKind>;

/** Kinds looked up by the id a task row stores. */
export class MainKinds {
  private readonly byId: ReadonlyMap<string, MainKind>;

  constructor(kinds: Iterable<MainKind>) {
    this.byId = new Map([...kinds].map((k) => [k.facts.id, k]));
  }

  /** The kind named `id`; throws for a kind this build does not know (a newer build wrote the row). */
  get(id: string): MainKind {
    const kind = this.byId.get(id);
    if (!kind) throw new UnknownKindError(id);
    return kind;
  }

  find(id: string): MainKind | undefined {
    return this.byId.get(id);
  }

  all(): MainKind[] {
    return [...this.byId.values()];
  }

  /** The facts of these kinds, for code that needs no more (the supervisor, the pump). */
  facts(): KindSet {
    return new KindSet(this.all().map((k) => k.facts));
  }

  /** These kinds and `more` (a test adds its kind in one line with this). */
  with(...more: MainKind[]): MainKinds {
    return new MainKinds([...this.all(), ...more]);
  }
}

export const SHIPPED_KINDS = new MainKinds(Object.values(SHIPPED));
