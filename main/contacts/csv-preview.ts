/**
 * The composer's look at a CSV before importing or sending: the headers, which
 * column was taken as phone and name, and the first rows as they would import.
 * Reads only the start of the file, so it answers at once even for 200,000 rows.
 */
import { ColumnsError, detectColumns, type ColumnMap, type ColumnMapping } from './columns.ts';
import { toContactInput, type ContactDraft } from './contact-row.ts';
import { readCsvRows } from './csv-reader.ts';
import { reason } from '../../common/reasons.ts';
import type { Message } from '../../common/messages.ts';

export type PreviewRow =
  /** Imports as this contact. */
  | { row: number; status: 'ok'; values: string[]; contact: ContactDraft }
  /** Readable, but rejected (bad phone number…). */
  | { row: number; status: 'invalid'; values: string[]; reason: Message }
  /** The CSV itself is broken on this row (too many values, a huge field…). */
  | { row: number; status: 'unreadable'; raw: string; reason: Message }
  /** No phone column yet, so the row cannot be checked. */
  | { row: number; status: 'unchecked'; values: string[] };

export interface CsvPreview {
  headers: string[];
  columns: { ok: true; map: ColumnMap } | { ok: false; reason: Message };
  rows: PreviewRow[];
}

export interface PreviewOptions {
  limit?: number;
  defaultCountry: string;
  mapping?: ColumnMapping;
}

/** Throws only when the file cannot be read at all (missing, a workbook, binary). */
export async function previewCsv(path: string, options: PreviewOptions): Promise<CsvPreview> {
  const limit = options.limit ?? 20;
  let headers: string[] = [];
  let columns: CsvPreview['columns'] = { ok: false, reason: reason('csvEmpty') };
  const rows: PreviewRow[] = [];
  if (limit <= 0) return { headers, columns, rows };
  for await (const entry of readCsvRows(path)) {
    if (entry.kind === 'header') {
      headers = entry.headers;
      columns = detect(entry.headers, options.mapping);
      continue;
    }
    if (entry.kind === 'error') {
      rows.push({ row: entry.row, status: 'unreadable', raw: entry.raw, reason: entry.reason });
    } else if (!columns.ok) {
      rows.push({ row: entry.row, status: 'unchecked', values: entry.values });
    } else {
      const result = toContactInput(entry.values, columns.map, options.defaultCountry);
      rows.push(
        result.ok
          ? { row: entry.row, status: 'ok', values: entry.values, contact: result.contact }
          : { row: entry.row, status: 'invalid', values: entry.values, reason: result.reason },
      );
    }
    // Leaving the loop closes the file; the rest is never read.
    if (rows.length >= limit) break;
  }
  return { headers, columns, rows };
}

function detect(headers: string[], mapping: ColumnMapping | undefined): CsvPreview['columns'] {
  try {
    return { ok: true, map: detectColumns(headers, mapping) };
  } catch (error) {
    if (error instanceof ColumnsError) return { ok: false, reason: error.words };
    throw error;
  }
}
