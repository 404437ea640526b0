/**
 * A kind's words (KindView.words) as text in the window's language. They are plain objects
 * rather than i18next keys so a kind's folder owns them, a test kind can bring its own, and
 * the compiler checks both languages; this fills their placeholders and picks plural forms.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../common/ipc/contract.ts';
import type { KindView, KindWords, Plural } from './kind-view.ts';

type Params = Readonly<Record<string, string>>;
type SentenceKey = { [K in keyof KindWords]-?: KindWords[K] extends string ? K : never }[keyof KindWords];
type PluralKey = { [K in keyof KindWords]-?: KindWords[K] extends Plural ? K : never }[keyof KindWords];

export interface KindText {
  /** A sentence with its `{{placeholders}}` filled. */
  (key: SentenceKey, params?: Params): string;
  /** A counted sentence: `count` picks the form, `n` (formatted) is what it shows. */
  plural(key: PluralKey, count: number, params: Params): string;
  /** The kind's words for its items in doubt (`count` of them, shown as `n`), or undefined to use the generic ones. */
  inDoubt(count: number, n: string): { notice: string; title: string; body: string } | undefined;
  /** The kind's word for an item state, or undefined to use the generic one. */
  itemState(state: keyof NonNullable<KindWords['itemStates']>): string | undefined;
}

export function languageOf(language: string): Language {
  return language === 'he' || language.startsWith('he-') ? 'he' : 'en';
}

export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => params[name] ?? whole);
}

export function pluralForm(forms: Plural, count: number, language: Language): string {
  const rule = new Intl.PluralRules(language).select(count);
  return rule === 'one' ? forms.one : rule === 'two' ? (forms.two ?? forms.other) : forms.other;
}

export function kindText(view: KindView, language: string): KindText {
  const lang = languageOf(language);
  const words = view.words[lang];
  const text = ((key: SentenceKey, params?: Params) => fill(words[key], params)) as KindText;
  text.plural = (key, count, params) => fill(pluralForm(words[key], count, lang), params);
  text.inDoubt = (count, n) => {
    const doubt = words.inDoubt;
    if (!doubt) return undefined;
    return { notice: fill(pluralForm(doubt.notice, count, lang), { n }), title: fill(pluralForm(doubt.title, count, lang), { n }), body: doubt.body };
  };
  text.itemState = (state) => words.itemStates?.[state];
  return text;
}

/** The view's words in the window's current language. */
export function useKindText(view: KindView): KindText {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => kindText(view, language), [view, language]);
}
