/**
 * The contacts-import task: streams a CSV into the business's contacts in chunks.
 * Each chunk's upserts, row errors, counters and plan cursor (CSV units consumed)
 * commit together, so a crash or pause resumes exactly after the last chunk.
 *
 * Counters: total = processed = units read; succeeded = contacts created; skipped =
 * rows merged into an existing contact (a number already known, or repeated in the
 * file); failed = rows rejected, each in import_errors with its line and reason.
 */
import type { Message } from '../../../common/messages.ts';
import { wordsToStore } from '../../store/words.ts';
import { isSupportedCountry } from 'libphonenumber-js';
import { WordsError } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import { contactsImportParams } from '../../../common/tasks/contacts-import/params.ts';
import { detectColumns, type ColumnMap } from '../../contacts/columns.ts';
import { toContactInput, type ContactDraft } from '../../contacts/contact-row.ts';
import { readCsvRows, type CsvEntry } from '../../contacts/csv-reader.ts';
import { getBusiness } from '../../store/businesses-repo.ts';
import { upsertContact } from '../../store/contacts-repo.ts';
import { stmt } from '../../store/statements.ts';
import type { TaskContext } from '../../worker/task-context.ts';

/** A chunk is ~20 ms of work: one fsync per 2000 rows, and a stop is seen within it. */
export const IMPORT_CHUNK = 2000;
const RAW_LIMIT = 200;

type Row = { unit: number; row: number } & ({ contact: ContactDraft } | { reason: Message; raw: string });

export async function runContactsImport(ctx: TaskContext): Promise<void> {
  const params = contactsImportParams.parse(JSON.parse(ctx.task.params));
  const country = params.defaultCountry ?? getBusiness(ctx.db, ctx.businessId).defaultCountry;
  if (!isSupportedCountry(country)) throw new WordsError(reason('csvUnknownCountry', { country }));
  let columns: ColumnMap | null = null;
  let chunk: Row[] = [];

  for await (const entry of readCsvRows(params.path, { skip: ctx.task.plan_cursor })) {
    // Rows read but not committed are read again on resume: the cursor moves only with a commit.
    if (ctx.stopping) return;
    if (entry.kind === 'header') {
      // Throws with the headers found when there is no phone column: the task fails with it.
      columns = detectColumns(entry.headers, params.mapping);
      continue;
    }
    if (!columns) throw new Error('The CSV reader gave a row before the header');
    chunk.push(toRow(entry, columns, country));
    if (chunk.length >= IMPORT_CHUNK) {
      commitChunk(ctx, chunk);
      chunk = [];
      // Let control messages (cancel, pause) in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (!columns) throw new WordsError(reason('csvEmptyFile', { path: params.path }));
  if (chunk.length && !ctx.stopping) commitChunk(ctx, chunk);
}

function toRow(entry: Exclude<CsvEntry, { kind: 'header' }>, columns: ColumnMap, country: string): Row {
  if (entry.kind === 'error') return { unit: entry.unit, row: entry.row, reason: entry.reason, raw: entry.raw };
  const result = toContactInput(entry.values, columns, country);
  if (result.ok) return { unit: entry.unit, row: entry.row, contact: result.contact };
  return { unit: entry.unit, row: entry.row, reason: result.reason, raw: rawOf(entry.values) };
}

function commitChunk(ctx: TaskContext, rows: readonly Row[]): void {
  const lastUnit = rows[rows.length - 1]!.unit;
  ctx.commit(
    () => {
      const insertError = stmt(
        ctx.db,
        `INSERT INTO import_errors (task_id, business_id, row_number, reason, raw) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (task_id, row_number) DO UPDATE SET reason = excluded.reason, raw = excluded.raw`,
      );
      const counts = { created: 0, merged: 0, failed: 0 };
      for (const row of rows) {
        if ('contact' in row) {
          // Scoped to this task's business: a number known to another business is a new contact here.
          const { created } = upsertContact(ctx.db, ctx.businessId, row.contact);
          if (created) counts.created++;
          else counts.merged++;
        } else {
          insertError.run(ctx.taskId, ctx.businessId, row.row, wordsToStore(row.reason), row.raw);
          counts.failed++;
        }
      }
      return counts;
    },
    (counts) => ({
      total: rows.length,
      processed: rows.length,
      succeeded: counts.created,
      skipped: counts.merged,
      failed: counts.failed,
    }),
    { planCursor: lastUnit },
  );
}

/** The row as CSV text again, for the error list (the reader keeps raw text only for unreadable rows). */
function rawOf(values: readonly string[]): string {
  const text = values.map((v) => (/[",;\t\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
  return text.length > RAW_LIMIT ? text.slice(0, RAW_LIMIT) : text;
}
