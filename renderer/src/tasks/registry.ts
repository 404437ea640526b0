/**
 * The window's registry of task kinds: one line per kind, typed to have an entry for every
 * kind common/tasks/kinds.ts ships, so a kind cannot be half added. Components read it
 * through the context in ./views-context.tsx, so a test can add a kind of its own.
 */
import type { TaskKind, TaskKindId } from '../../../common/model.ts';
import type { KindView } from './kind-view.ts';
import { broadcastView } from './broadcast/view.tsx';
import { contactsImportView } from './contacts-import/view.ts';
import { receiptsDeleteView } from './receipts-delete/view.ts';
import { receiptsSyncView } from './receipts-sync/view.tsx';
import { unknownKindView } from './unknown/view.ts';

export const SHIPPED_VIEWS = {
  broadcast: broadcastView,
  'contacts-import': contactsImportView,
  'receipts-delete': receiptsDeleteView,
  'receipts-sync': receiptsSyncView,
} as const satisfies Record<TaskKind, KindView>;

export class KindViews {
  private readonly byId: ReadonlyMap<string, KindView>;
  /** Stand-ins made so far, so a card keeps the same view object across renders. */
  private readonly unknown = new Map<string, KindView>();

  constructor(views: Iterable<KindView>) {
    this.byId = new Map([...views].map((v) => [v.facts.id, v]));
  }

  /** A shipped kind's view: always there (the registry's type sees to it). */
  get(id: TaskKind): KindView {
    return this.find(id) ?? SHIPPED_VIEWS[id];
  }

  /** The view of the kind a task row names, or undefined when this build does not know it. */
  find(id: TaskKindId): KindView | undefined {
    return this.byId.get(id);
  }

  /** The view to show a task row with: its kind's, or the explained stand-in for an unknown kind. */
  resolve(id: TaskKindId): KindView {
    const known = this.byId.get(id);
    if (known) return known;
    let standIn = this.unknown.get(id);
    if (!standIn) {
      standIn = unknownKindView(id);
      this.unknown.set(id, standIn);
    }
    return standIn;
  }

  all(): KindView[] {
    return [...this.byId.values()];
  }

  /** These views and `more` (a later one of the same id replaces the earlier). */
  with(...more: KindView[]): KindViews {
    return new KindViews([...this.byId.values(), ...more]);
  }
}

export const SHIPPED_KIND_VIEWS = new KindViews(Object.values(SHIPPED_VIEWS));
