/**
 * Plans a broadcast straight from a CSV file: each row is merged into the
 * business's contacts (so opt-outs and later broadcasts know them) and becomes an
 * item; bad rows become skipped items with the row number and reason.
 * Resumable: the plan cursor counts CSV units (records and error rows) consumed.
 */
import type { Message } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import { requiredFields, type BroadcastParams } from '../../../common/tasks/broadcast/params.ts';
import { readCsvRows } from '../../contacts/csv-reader.ts';
import { detectColumns } from '../../contacts/columns.ts';
import { toContactInput } from '../../contacts/contact-row.ts';
import { getBusiness } from '../../store/businesses-repo.ts';
import { getContact, upsertContact } from '../../store/contacts-repo.ts';
import type { TaskContext } from '../../worker/task-context.ts';
import { insertRecipients, PLAN_CHUNK, recipientFromContact, type PlannedRecipient } from './recipients.ts';

type PendingRow =
  | { kind: 'ok'; phone: string; name: string; fields: Record<string, string> }
  | { kind: 'bad'; raw: string; reason: Message };

export async function planFromCsv(ctx: TaskContext, params: BroadcastParams): Promise<void> {
  if (params.recipients.type !== 'csv') return;
  const business = getBusiness(ctx.db, ctx.businessId);
  const country = params.defaultCountry ?? business.defaultCountry;
  let columns: ReturnType<typeof detectColumns> | null = null;
  let chunk: PendingRow[] = [];
  let lastUnit = ctx.task.plan_cursor;
  let seq = ctx.task.total + 1;
  const required = requiredFields(params);

  const flush = () => {
    if (!chunk.length) return;
    const rows = chunk;
    chunk = [];
    ctx.commit(
      () => {
        const recipients: PlannedRecipient[] = rows.map((row) => {
          if (row.kind === 'bad') {
            return { contactId: null, phone: row.raw, e164: null, name: '', vars: {}, skipReason: row.reason };
          }
          const { id } = upsertContact(ctx.db, ctx.businessId, { phone: row.phone, name: row.name, fields: row.fields });
          return recipientFromContact(getContact(ctx.db, ctx.businessId, id), required);
        });
        return insertRecipients(ctx, seq, recipients);
      },
      (skipped) => ({ total: rows.length, skipped, processed: skipped }),
      { planCursor: lastUnit },
    );
    seq += rows.length;
  };

  for await (const entry of readCsvRows(params.recipients.path, { skip: ctx.task.plan_cursor })) {
    if (ctx.stopping) return;
    if (entry.kind === 'header') {
      columns = detectColumns(entry.headers, params.recipients.mapping);
      continue;
    }
    lastUnit = entry.unit;
    if (entry.kind === 'error') {
      chunk.push({ kind: 'bad', raw: entry.raw.slice(0, 64) || `row ${entry.row}`, reason: reason('csvRow', { row: entry.row, reason: entry.reason }) });
    } else if (columns) {
      const parsed = toContactInput(entry.values, columns, country);
      if (parsed.ok) chunk.push({ kind: 'ok', ...parsed.contact });
      else chunk.push({ kind: 'bad', raw: entry.values.join(', ').slice(0, 64) || `row ${entry.row}`, reason: reason('csvRow', { row: entry.row, reason: parsed.reason }) });
    }
    if (chunk.length >= PLAN_CHUNK) {
      flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (!ctx.stopping) flush();
}
