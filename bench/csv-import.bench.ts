/**
 * Contacts CSV import, end to end minus the worker process: generate a CSV, stream
 * it through readCsvRows + toContactInput, upsert into a fresh SQLite file in
 * transactions of 2000 (the runner's chunk). Prints one JSON line.
 *
 *   ./node_modules/.bin/node bench/csv-import.bench.ts [rows]
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectColumns, type ColumnMap } from '../main/contacts/columns.ts';
import { toContactInput, type ContactDraft } from '../main/contacts/contact-row.ts';
import { readCsvRows } from '../main/contacts/csv-reader.ts';
import { createBusiness } from '../main/store/businesses-repo.ts';
import { upsertContact } from '../main/store/contacts-repo.ts';
import { openDatabase } from '../main/store/db.ts';

export interface CsvImportBenchResult {
  bench: 'csv-import';
  rows: number;
  seconds: number;
  rows_per_s: number;
  peak_rss_mb: number;
  created: number;
  merged: number;
  failed: number;
}

const CHUNK = 2000;

export async function runCsvImportBench(rows = 200_000): Promise<CsvImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taskdeck-bench-csv-'));
  try {
    const csvPath = join(dir, 'contacts.csv');
    await writeCsv(csvPath, rows);
    const db = openDatabase(join(dir, 'taskdeck.db'), { migrate: true });
    const business = createBusiness(db, 'Bench', 'IL');

    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 50);
    const counts = { created: 0, merged: 0, failed: 0 };
    const upsertChunk = db.transaction((contacts: ContactDraft[]) => {
      for (const contact of contacts) {
        if (upsertContact(db, business.id, contact).created) counts.created++;
        else counts.merged++;
      }
    });

    const started = performance.now();
    let columns: ColumnMap | null = null;
    let chunk: ContactDraft[] = [];
    for await (const entry of readCsvRows(csvPath)) {
      if (entry.kind === 'header') {
        columns = detectColumns(entry.headers);
        continue;
      }
      if (entry.kind === 'error' || !columns) {
        counts.failed++;
        continue;
      }
      const result = toContactInput(entry.values, columns, business.defaultCountry);
      if (!result.ok) {
        counts.failed++;
        continue;
      }
      chunk.push(result.contact);
      if (chunk.length >= CHUNK) {
        upsertChunk(chunk);
        chunk = [];
      }
    }
    if (chunk.length) upsertChunk(chunk);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    db.close();

    return {
      bench: 'csv-import',
      rows,
      seconds: round(seconds, 3),
      rows_per_s: Math.round(rows / seconds),
      peak_rss_mb: round(peakRss / 1024 / 1024, 1),
      ...counts,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mixed real-world shapes: local, +972, 00972, Excel-stripped; ~1% bad numbers, ~2% repeats. */
export async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('\ufeffFull Name,Mobile,City,Plan,Notes\r\n');
  const cities = ['Haifa', 'Tel Aviv', '"Be\'er Sheva, South"', 'ירושלים', 'Eilat'];
  for (let i = 0; i < rows; i++) {
    const n = i % 50 === 49 ? i - 17 : i; // a repeat of an earlier number
    const sub = String(1_000_000 + (n % 9_000_000)).slice(-7);
    const prefix = ['50', '52', '53', '54', '55', '58'][n % 6]!;
    const phone =
      i % 100 === 99
        ? `0${prefix}-${sub.slice(0, 3)}` // too short
        : [`0${prefix}-${sub.slice(0, 3)}-${sub.slice(3)}`, `+972 ${prefix} ${sub}`, `00972${prefix}${sub}`, `972${prefix}${sub}`][i % 4]!;
    const line = `Customer ${i},${phone},${cities[i % cities.length]},${i % 3 ? 'gold' : 'silver'},${i % 7 ? '' : '"called back,\r\nlikes SMS"'}\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (import.meta.main) {
  const rows = Number(process.argv[2] ?? 200_000);
  const { bench, rows: n, seconds, rows_per_s, peak_rss_mb } = await runCsvImportBench(rows);
  console.log(JSON.stringify({ bench, rows: n, seconds, rows_per_s, peak_rss_mb }));
}
