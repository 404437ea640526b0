/**
 * How the owner's words (common/messages.ts) are kept in SQLite: a Message as JSON text in
 * the columns that hold them (tasks.title and last_error, task_items.reason,
 * import_errors.reason, whatsapp_accounts.check_error). Migration 008 converted the English
 * sentences older versions stored.
 */
import { isMessage, verbatim, type Message } from '../../common/messages.ts';

export function wordsToStore(words: Message): string {
  return JSON.stringify(words);
}

export function wordsToStoreOrNull(words: Message | null | undefined): string | null {
  return words ? JSON.stringify(words) : null;
}

/** A stored Message; text that is not one (never written since migration 008) is shown as it is. */
export function storedWords(text: string): Message {
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isMessage(parsed)) return parsed;
    } catch {
      // Not JSON after all: fall through to verbatim.
    }
  }
  return verbatim(text);
}

export function storedWordsOrNull(text: string | null): Message | null {
  return text === null ? null : storedWords(text);
}
