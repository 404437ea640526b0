/**
 * The owner's words as message ids. Everything main tells the owner — an item's reason, why
 * a task waits or failed, a title main made up, a CSV row error, a provider's error — is a
 * Message: a catalogue key (common/reasons.ts) and its params. Messages are stored as JSON
 * and sent to the window as they are; the window renders them in its language, the CLI,
 * logs and error texts in English, all with `formatMessage` below. Editing an English
 * template therefore never orphans a stored row, and a title the owner typed (`verbatim`)
 * is never translated.
 *
 * Params: a string is shown as it is (a phone number, a file name, Google's own words); a
 * number is formatted for the language; a Message is another sentence of the catalogue,
 * rendered in the same language. `count` chooses a plural form (`key_one`, `key_two`, …,
 * where the language's catalogue has them); a `date` param (YYYY-MM-DD) is shown as the
 * window shows dates. A nested sentence ending with "." loses that period when the template
 * goes on with punctuation ("{{reason}}. Waiting…" never gives "..").
 */
import { REASONS, type ReasonKey } from './reasons.ts';
import { reasonsHe } from './reasons-he.ts';

export type MessageParam = string | number | Message;

export interface Message {
  readonly key: ReasonKey;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** Text the owner (or a provider) wrote, shown exactly as it is in every language. */
export function verbatim(text: string): Message {
  return { key: 'verbatim', params: { text } };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';
}

/** A rendered message: fixed text, a param as given, or a nested sentence (for <bdi> isolation). */
export type MessagePart = string | { param: string; value: string } | { param: string; nested: MessagePart[] };

export type MessageLanguage = 'en' | 'he';

type Catalogue = Readonly<Record<string, string>>;
const CATALOGUES: Record<MessageLanguage, Catalogue> = { en: REASONS, he: reasonsHe };

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
/** Punctuation that takes the place of a nested sentence's final period. */
const TAKES_PERIOD = /^[.:;,]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GROUPED_NUMBER = /^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$/;
const MAX_DEPTH = 8;

function languageOf(language: string): MessageLanguage {
  return language === 'he' || language.startsWith('he-') ? 'he' : 'en';
}

/** Whether a message comes out in the language's own words (not verbatim, not English). */
export function isTranslated(message: Message, language: string): boolean {
  return languageOf(language) !== 'en' && message.key !== 'verbatim';
}

/** The message as parts, in `language` ('en' when unknown). */
export function messageParts(message: Message, language: string = 'en'): MessagePart[] {
  return render(message, languageOf(language), 0);
}

/** The message as plain text, in `language`: what the CLI prints and error texts carry. */
export function formatMessage(message: Message, language: string = 'en'): string {
  return joinParts(messageParts(message, language));
}

export function joinParts(parts: readonly MessagePart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : 'nested' in p ? joinParts(p.nested) : p.value)).join('');
}

function render(message: Message, language: MessageLanguage, depth: number): MessagePart[] {
  const params = message.params ?? {};
  if (message.key === 'verbatim') return [String(params.text ?? '')];
  const template = templateFor(message.key, params.count, language);
  if (template === undefined || depth > MAX_DEPTH) {
    // A key this build does not know (written by a newer Taskdeck): say what there is.
    return [[message.key, ...Object.values(params).map((v) => (isMessage(v) ? formatMessage(v, language) : String(v)))].join(' · ')];
  }
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    const name = match[1]!;
    const value = params[name];
    const after = template.slice(match.index + match[0].length);
    parts.push(renderParam(name, value, language, depth, TAKES_PERIOD.test(after)));
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

function templateFor(key: string, count: MessageParam | undefined, language: MessageLanguage): string | undefined {
  const catalogue = CATALOGUES[language];
  const n = countOf(count);
  if (n !== null) {
    const plural = catalogue[`${key}_${new Intl.PluralRules(language).select(n)}`];
    if (plural !== undefined) return plural;
  }
  return catalogue[key] ?? CATALOGUES.en[key];
}

function countOf(value: MessageParam | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && GROUPED_NUMBER.test(value)) return Number(value.replace(/,/g, ''));
  return null;
}

function renderParam(name: string, value: MessageParam | undefined, language: MessageLanguage, depth: number, periodTaken: boolean): MessagePart {
  if (value === undefined) return { param: name, value: '' };
  if (isMessage(value)) {
    // Text someone else wrote (a provider's words, an error code) keeps its own direction: a param, isolated.
    if (value.key === 'verbatim') {
      const text = String(value.params?.text ?? '');
      return { param: name, value: periodTaken && text.endsWith('.') ? text.slice(0, -1) : text };
    }
    const nested = render(value, language, depth + 1);
    return { param: name, nested: periodTaken ? withoutFinalPeriod(nested) : nested };
  }
  if (typeof value === 'number') return { param: name, value: new Intl.NumberFormat(language).format(value) };
  // Written as text (by an older Taskdeck, or a provider): English shows it as written.
  if (language !== 'en') {
    const n = name === 'count' ? countOf(value) : null;
    if (n !== null) return { param: name, value: new Intl.NumberFormat(language).format(n) };
    if (name === 'date') return { param: name, value: formatDate(value, language) };
  }
  return { param: name, value };
}

/** "2026-01-31" as the window shows a date in `language`; anything else as it is. */
function formatDate(value: string, language: MessageLanguage): string {
  const match = ISO_DATE.exec(value);
  if (!match) return value;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(year, month, day);
  if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}

function withoutFinalPeriod(parts: readonly MessagePart[]): MessagePart[] {
  const last = parts[parts.length - 1];
  if (typeof last === 'string' && last.endsWith('.')) return [...parts.slice(0, -1), last.slice(0, -1)];
  if (last !== undefined && typeof last !== 'string') {
    if ('nested' in last) return [...parts.slice(0, -1), { ...last, nested: withoutFinalPeriod(last.nested) }];
    if (last.value.endsWith('.')) return [...parts.slice(0, -1), { ...last, value: last.value.slice(0, -1) }];
  }
  return [...parts];
}

/**
 * An error whose words are a Message: its `message` is the English text (logs, the CLI),
 * `words` what the window shows in its language. Thrown where a task must stop with a
 * reason the owner can act on (an empty CSV, a missing column).
 */
export class WordsError extends Error {
  readonly words: Message;
  constructor(words: Message, options?: ErrorOptions) {
    super(formatMessage(words), options);
    this.name = 'WordsError';
    this.words = words;
  }
}

/** The owner's words for anything thrown: its Message when it has one, else its text as is. */
export function wordsOf(error: unknown): Message {
  if (typeof error === 'object' && error !== null && isMessage((error as { words?: unknown }).words)) {
    return (error as { words: Message }).words;
  }
  return verbatim(error instanceof Error ? error.message : String(error));
}

/**
 * The message with every occurrence of a secret (an access token a provider's error may
 * quote) replaced in its text params, at any depth. Secrets shorter than 8 characters are
 * ignored: they would blank out ordinary words.
 */
export function redactWords(message: Message, secrets: Iterable<string>): Message {
  const list = [...secrets].filter((s) => s.length >= 8);
  if (!list.length || !message.params) return message;
  const params: Record<string, MessageParam> = {};
  for (const [name, value] of Object.entries(message.params)) {
    if (typeof value === 'string') params[name] = list.reduce((text, secret) => text.split(secret).join('[redacted]'), value);
    else params[name] = isMessage(value) ? redactWords(value, list) : value;
  }
  return { key: message.key, params };
}
