/**
 * The window side of a task kind: what the generic card, counters, actions and details page
 * ask a kind instead of naming it. One per folder (renderer/src/tasks/<kind>/view.tsx), one
 * line each in ./registry.ts. The kind's facts (common/tasks/<kind>/facts.ts) say how it
 * behaves; this says how it looks and what it is called.
 */
import type { ComponentType } from 'react';
import type { Language } from '../../../common/ipc/contract.ts';
import type { BusinessId, ItemState, TaskCounters, TaskItem, TaskSnapshot } from '../../../common/model.ts';
import type { TaskKindFacts } from '../../../common/tasks/kind.ts';
import type { Tone } from '../lib/task-view.ts';

/** A sentence with a count: the form is chosen by the language's plural rules (Hebrew has a dual). */
export interface Plural {
  readonly one: string;
  readonly two?: string;
  readonly other: string;
}

/**
 * A kind's own words in one language. `{{name}}` placeholders are filled by ./kind-words.ts;
 * counts arrive as `n`, already formatted for the language.
 */
export interface KindWords {
  /** The kind's name: the card's subtitle and the Tasks page's kind filter. */
  readonly name: string;
  /** Its pace while running: `{{rate}}`. */
  readonly rate: string;
  /** The card's line while the total is not known yet. */
  readonly preparing: string;
  /** The counter of items that succeeded ("Sent", "Imported"). */
  readonly succeeded: string;
  /** The card's link to the details page. */
  readonly detailsLink: string;
  /** The cancel dialog: its title (`{{title}}`), what is left (`{{n}}`), and the confirm button. */
  readonly cancelTitle: string;
  readonly cancelLeft: Plural;
  readonly cancelConfirm: string;
  /** The details page: the list's title and how many it shows (`{{n}}`). */
  readonly items: string;
  readonly shown: Plural;
  /** The list's empty states: nothing yet (or, for row errors, none at all), and nothing matching. */
  readonly noItemsYet: string;
  readonly noMatch: string;
  /** The search box: its (hidden) label and its placeholder. */
  readonly search: string;
  readonly searchPlaceholder: string;
  /** The column header over each item's subject and label, and what an item without a label shows. */
  readonly subject: string;
  readonly noLabel: string;
  /**
   * Items a dead worker had claimed, in this kind's words ("messages may or may not have been
   * sent"): the card's notice, the details panel's title and what happened. Only kinds whose
   * side effect leaves the machine have such items; absent, the generic words say "items".
   */
  readonly inDoubt?: { readonly notice: Plural; readonly title: Plural; readonly body: string };
  /** An item state in this kind's words ("Saved" rather than "Sent"); the rest keep the generic ones. */
  readonly itemStates?: Partial<Record<ItemState, string>>;
}

/** Both languages side by side: a kind without its Hebrew words does not compile. */
export type KindWordsByLanguage = Readonly<Record<Language, KindWords>>;

/** One more cell of the counters strip, past the generic succeeded / failed / skipped / cancelled. */
export interface ExtraCounter {
  /** One the generic strip leaves out; its label is the generic word (counters.<key>). */
  readonly key: Exclude<keyof TaskCounters, 'total' | 'processed' | 'succeeded' | 'failed' | 'skipped' | 'cancelled'>;
  readonly tone?: Tone;
}

/** How the details page shows one of the kind's items. */
export interface ItemColumns {
  /** A phone number or an id reads left to right in every language; a name finds its own direction. */
  readonly subjectDir: 'ltr' | 'auto';
  /** What its result says (a receipt id…), shown after the label; absent: nothing. */
  readonly result?: (item: TaskItem) => string | null;
}

export interface KindView {
  readonly facts: TaskKindFacts;
  readonly icon: ComponentType;
  /** A tint for the icon (a CSS modifier); absent: the accent colour. */
  readonly iconTone?: 'info' | 'accent';
  readonly words: KindWordsByLanguage;
  readonly columns: ItemColumns;
  readonly extraCounters?: readonly ExtraCounter[];
  /** Shortcuts to where the owner fixes what it waits for (its account), under the wait note. */
  readonly accountShortcuts?: ComponentType<{ task: TaskSnapshot }>;
  /** A form that starts one, shown on the pages its tasks change (`listedOn`). */
  readonly startForm?: ComponentType<{ businessId: BusinessId }>;
  /** A page of its own that composes one (the header's "New broadcast"). */
  readonly composer?: ComponentType<{ businessId: BusinessId }>;
  /** The list page whose rows its tasks change: their cards show there, and it is read again when one finishes. */
  readonly listedOn?: 'contacts' | 'receipts';
  /** Set only on the stand-in for a kind this build does not know (./unknown/view.ts). */
  readonly unknown?: true;
}

/** Keeps a view's literal types while checking it is a KindView. */
export function defineKindView<const V extends KindView>(view: V): V {
  return view;
}
