/**
 * Reads a sentence an older Taskdeck stored (English, from the catalogue frozen in
 * sentences-v7.ts) back into the Message that says it. Used by migration 008 only.
 *
 * Nested params (a `reason` inside "… Waiting for the network") become nested Messages;
 * numbers stay the text they were written as (the formatter shows them as written in
 * English, and reads `count` for plural forms), so every converted row reads exactly as
 * before in English, and as the window used to translate it in Hebrew.
 */
import type { Message, MessageParam } from '../../../../common/messages.ts';
import type { ReasonKey } from '../../../../common/reasons.ts';
import { NESTED_PARAMS, parseReason, parseTitle, type ParsedReason } from './sentences-v7.ts';

function toMessage(parsed: ParsedReason): Message {
  const params: Record<string, MessageParam> = {};
  for (const [name, value] of Object.entries(parsed.params)) {
    const nested = NESTED_PARAMS.has(name) ? parseReason(value, name) : null;
    params[name] = nested ? toMessage(nested) : value;
  }
  // Keys of v7 are keys of today's catalogue (keys are never renamed; a test checks).
  const key = parsed.key as ReasonKey;
  return Object.keys(params).length ? { key, params } : { key };
}

export const verbatimText = (text: string): Message => ({ key: 'verbatim', params: { text } });

/** A stored reason, wait explanation or error; text that was no catalogue sentence stays as it is. */
export function sentenceToMessage(text: string): Message {
  const parsed = parseReason(text);
  return parsed ? toMessage(parsed) : verbatimText(text);
}

/** A task title: only a title main made up (read completely) becomes its Message; a typed one stays as typed. */
export function titleToMessage(text: string): Message {
  const parsed = parseTitle(text);
  if (!parsed) return verbatimText(text);
  const message = toMessage({ key: parsed.key, params: Object.fromEntries(Object.entries(parsed.params).filter(([name]) => name !== 'which')) });
  if (!parsed.conditions) return message;
  // "from Wolt since 2026-01-01": each condition its own sentence, in main's order.
  const which = parsed.conditions
    .map(toMessage)
    .reduceRight<Message | null>((rest, first) => (rest ? { key: 'whichBoth', params: { first, then: rest } } : first), null);
  return { key: message.key, params: { ...message.params, ...(which ? { which } : {}) } };
}
