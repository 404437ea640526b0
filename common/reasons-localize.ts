/**
 * main's owner-facing sentences (item reasons, why a task waits or failed, CSV row errors,
 * Gmail errors) in the window's language. main stores them in English; here a sentence
 * is parsed back into its catalogue key and params (common/reasons.ts) and translated
 * (`reasons.<key>`: common/reasons-he.ts for Hebrew). English, and any sentence that is not
 * in the catalogue, is shown exactly as main wrote it.
 *
 * The result is a list of parts, so a component can isolate each param (<bdi>): a phone
 * number, a file name or Google's own words keep their order inside a Hebrew sentence.
 */
import type { TFunction } from 'i18next';
import { CONDITIONS_PARAM, NESTED_PARAMS, parseReason, parseTitle, type ParsedReason } from './reasons.ts';

/** Translated text, a param shown as main gave it, or a nested sentence, translated too. */
export type ReasonPart = string | { param: string; value: string } | { param: string; nested: ReasonPart[] };

/** Private-use characters around a slot number: they never occur in a translation. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SLOT = /\uE000(\d+)\uE001/g;
/** Punctuation that takes the place of a nested sentence's final period (as in main). */
const TAKES_PERIOD = /^[.:;,]/;
/** A `date` param main wrote as a calendar date; shown as the window's dates are. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isEnglish(language: string): boolean {
  return language === 'en' || language.startsWith('en-');
}

/** Whether `text` is a sentence of the catalogue (so it can be shown in any language). */
export function isKnownReason(text: string): boolean {
  return parseReason(text) !== null;
}

/** The parts of `text` in `language`; `[text]` for English or an unknown sentence. */
export function localizeReasonParts(text: string, t: TFunction, language: string): ReasonPart[] {
  if (isEnglish(language)) return [text];
  return localize(text, t, language) ?? [text];
}

/** `text` in `language`, as plain text. */
export function localizeReason(text: string, t: TFunction, language: string): string {
  return joinParts(localizeReasonParts(text, t, language));
}

export function joinParts(parts: readonly ReasonPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : 'nested' in p ? joinParts(p.nested) : p.value)).join('');
}

/**
 * A task title in `language`: only a title main made up (a `title…` sentence of the
 * catalogue, read completely) is translated; a title the owner typed is kept as typed.
 */
export function localizeTitleParts(title: string, t: TFunction, language: string): ReasonPart[] {
  if (isEnglish(language)) return [title];
  const parsed = parseTitle(title);
  if (!parsed) return [title];
  const conditions = parsed.conditions;
  if (!conditions) return translate(parsed, t, language);
  // The filter's conditions, each translated, in main's order.
  const which = conditions.flatMap((c, i) => (i === 0 ? translate(c, t, language) : [' ', ...translate(c, t, language)]));
  return translate(parsed, t, language, (name) => (name === CONDITIONS_PARAM ? which : null));
}

/** A task title in `language`, as plain text (an aria-label, a sentence around it). */
export function localizeTitle(title: string, t: TFunction, language: string): string {
  return joinParts(localizeTitleParts(title, t, language));
}

/** `text` translated; as the sentence a param named `param` holds, when it is nested. */
function localize(text: string, t: TFunction, language: string, param?: string): ReasonPart[] | null {
  const parsed = parseReason(text, param);
  return parsed ? translate(parsed, t, language) : null;
}

function translate(parsed: ParsedReason, t: TFunction, language: string, nestedParam?: (name: string) => ReasonPart[] | null): ReasonPart[] {
  const slots: ReasonPart[] = [];
  const slot = (part: ReasonPart) => `${OPEN}${slots.push(part) - 1}${CLOSE}`;
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed.params)) {
    if (name === 'count') continue;
    const nested = nestedParam?.(name) ?? (NESTED_PARAMS.has(name) ? localize(value, t, language, name) : null);
    options[name] = slot(nested ? { param: name, nested } : { param: name, value: name === 'date' ? formatDate(value, language) : value });
  }
  if (parsed.params.count !== undefined) {
    // i18next picks the plural form from `count`; translations show `n`, formatted.
    const count = Number(parsed.params.count.replace(/,/g, ''));
    options.count = count;
    options.n = slot({ param: 'count', value: new Intl.NumberFormat(language).format(count) });
  }
  const translated: string = t(`reasons.${parsed.key}`, options);
  return split(translated, slots);
}

/** "2026-01-31" as the window shows a date in `language`; anything else as it is. */
function formatDate(value: string, language: string): string {
  const match = ISO_DATE.exec(value);
  if (!match) return value;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(year, month, day);
  if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) return value;
  // The same format as the window's dates (renderer/src/i18n/format.ts, `date`).
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}

function split(translated: string, slots: readonly ReasonPart[]): ReasonPart[] {
  const parts: ReasonPart[] = [];
  let last = 0;
  for (const match of translated.matchAll(SLOT)) {
    if (match.index > last) parts.push(translated.slice(last, match.index));
    parts.push(slots[Number(match[1])]!);
    last = match.index + match[0].length;
  }
  if (last < translated.length) parts.push(translated.slice(last));
  // "<sentence>." followed by ": …" or ". …" reads "<sentence>: …", as main writes it.
  return parts.map((part, i) => {
    const next = parts[i + 1];
    return typeof part !== 'string' && 'nested' in part && typeof next === 'string' && TAKES_PERIOD.test(next)
      ? { ...part, nested: withoutFinalPeriod(part.nested) }
      : part;
  });
}

function withoutFinalPeriod(parts: readonly ReasonPart[]): ReasonPart[] {
  const last = parts[parts.length - 1];
  if (typeof last === 'string' && last.endsWith('.')) return [...parts.slice(0, -1), last.slice(0, -1)];
  if (last !== undefined && typeof last !== 'string' && 'nested' in last) return [...parts.slice(0, -1), { ...last, nested: withoutFinalPeriod(last.nested) }];
  return [...parts];
}
