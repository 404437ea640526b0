import { sentenceToMessage, titleToMessage, verbatimText } from './legacy/to-message.ts';
import type { Migration } from './types.ts';

/**
 * The owner's words become message ids. Up to v7, main stored English sentences (task
 * titles it made up, last errors and wait reasons, item reasons, CSV row errors, an
 * account check's error) and the window parsed them back to translate them. From v8 each
 * column holds a Message as JSON (`{"key":…,"params":…}`, common/messages.ts), and a title
 * or text the owner typed is `verbatim`. Each distinct stored text is converted once
 * (reasons repeat across thousands of items) through a temporary mapping table, then every
 * column is updated in one pass over it.
 */
export const migration008: Migration = {
  version: 8,
  name: 'owner-words-as-message-ids',
  up(db) {
    db.exec('CREATE TEMP TABLE words_map (old TEXT PRIMARY KEY, new TEXT NOT NULL) WITHOUT ROWID');
    const insert = db.prepare('INSERT OR IGNORE INTO words_map (old, new) VALUES (?, ?)');
    const convert = (sql: string, toJson: (text: string) => string) => {
      for (const row of db.prepare(sql).pluck().all() as string[]) insert.run(row, toJson(row));
    };
    const sentence = (text: string) => JSON.stringify(sentenceToMessage(text));

    convert('SELECT DISTINCT last_error FROM tasks WHERE last_error IS NOT NULL', sentence);
    convert('SELECT DISTINCT reason FROM task_items WHERE reason IS NOT NULL', sentence);
    convert('SELECT DISTINCT reason FROM import_errors', sentence);
    convert('SELECT DISTINCT check_error FROM whatsapp_accounts WHERE check_error IS NOT NULL', sentence);
    const mapped = (column: string) => `(SELECT new FROM words_map WHERE old = ${column})`;
    db.exec(`
      UPDATE tasks SET last_error = ${mapped('last_error')} WHERE last_error IS NOT NULL;
      UPDATE task_items SET reason = ${mapped('reason')} WHERE reason IS NOT NULL;
      UPDATE import_errors SET reason = ${mapped('reason')};
      UPDATE whatsapp_accounts SET check_error = ${mapped('check_error')} WHERE check_error IS NOT NULL;
    `);

    // Only receipt tasks ever had titles main made up; a broadcast's title was typed (or its
    // message's first words) and an import's is the file's name, so they stay as they are
    // even when they happen to read like one of main's titles.
    const setTitle = db.prepare('UPDATE tasks SET title = ? WHERE id = ?');
    for (const row of db.prepare('SELECT id, kind, title FROM tasks').all() as { id: number; kind: string; title: string }[]) {
      const madeUp = row.kind === 'receipts-sync' || row.kind === 'receipts-delete';
      setTitle.run(JSON.stringify(madeUp ? titleToMessage(row.title) : verbatimText(row.title)), row.id);
    }
    db.exec('DROP TABLE temp.words_map');
  },
};
