/**
 * Streams a contacts CSV as a header, then records and per-row errors, with flat
 * memory however big the file or a field in it. Encoding (BOM, or Windows-1255 for
 * a Hebrew Excel "CSV" that is not UTF-8) and the delimiter (, ; or tab, from the
 * header line) are sniffed. A bad row never stops the rows after it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { reason, type PlainReasonKey } from '../../common/reasons.ts';
import { WordsError, type Message } from '../../common/messages.ts';
import { CsvTokenizer, type RecordProblem, type TokenizedRecord } from './csv-tokenizer.ts';

export type CsvEntry =
  | { kind: 'header'; headers: string[] }
  /** `unit` counts records and errors from 1, so a resumed import skips exactly; `row` is the file line. */
  | { kind: 'record'; unit: number; row: number; values: string[] }
  | { kind: 'error'; unit: number; row: number; reason: Message; raw: string };

export interface CsvReadOptions {
  /** Units (records + errors) already handled by an earlier run; they are read but not yielded. */
  skip?: number;
  maxFieldBytes?: number;
}

export const DEFAULT_MAX_FIELD_BYTES = 64 * 1024;
/** No real contact row is near this; it bounds memory when a file has no line breaks. */
const MAX_RECORD_CHARS = 1024 * 1024;
const MAX_FIELDS = 5_000;
/**
 * A chunk's records stay alive while the consumer takes them one by one across
 * awaits, so they survive young-generation GCs and get promoted. With 64 KB chunks
 * that alone took the heap of a 200,000-row phone check from ~50 MB to ~180 MB.
 */
const CHUNK_BYTES = 16 * 1024;
/** The header line must end within this much text, or it is not a contacts header. */
const SNIFF_CHARS = 64 * 1024;
const DELIMITERS = [',', ';', '\t'] as const;

export async function* readCsvRows(path: string, options: CsvReadOptions = {}): AsyncGenerator<CsvEntry> {
  const skip = options.skip ?? 0;
  const maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const limits = { maxFieldBytes, maxRecordChars: Math.max(MAX_RECORD_CHARS, maxFieldBytes * 4), maxFields: MAX_FIELDS };
  const handle = await openCsvFile(path);
  const stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  let decoder: TextDecoder | null = null;
  let tokenizer: CsvTokenizer | null = null;
  let pending = '';
  let headers: string[] | null = null;
  let unit = 0;

  function* entries(records: TokenizedRecord[]): Generator<CsvEntry> {
    for (const record of records) {
      if (!record.problem && isBlank(record.fields)) continue;
      if (headers === null) {
        if (record.problem) {
          throw new WordsError(reason('csvBadHeaderRow', { line: record.line, reason: describe(record.problem, maxFieldBytes) }));
        }
        headers = record.fields;
        yield { kind: 'header', headers };
        continue;
      }
      unit++;
      if (unit <= skip) continue;
      const values = record.problem ? null : fitToHeader(record.fields, headers.length);
      if (values === null || !Array.isArray(values)) {
        const why = values ?? describe(record.problem!, maxFieldBytes);
        yield { kind: 'error', unit, row: record.line, reason: why, raw: record.raw };
      } else {
        yield { kind: 'record', unit, row: record.line, values };
      }
    }
  }

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      decoder ??= pickDecoder(chunk, path);
      const text = decoder.decode(chunk, { stream: true });
      if (tokenizer) {
        yield* entries(tokenizer.push(text));
        continue;
      }
      // The delimiter comes from the header line, so wait until it is whole.
      pending += text;
      if (!firstLineEnds(pending) && pending.length < SNIFF_CHARS) continue;
      tokenizer = new CsvTokenizer(sniffDelimiter(pending), limits);
      yield* entries(tokenizer.push(pending));
      pending = '';
    }
    const tail = decoder?.decode() ?? '';
    if (!tokenizer) {
      pending += tail;
      tokenizer = new CsvTokenizer(sniffDelimiter(pending), limits);
      yield* entries([...tokenizer.push(pending), ...tokenizer.end()]);
    } else {
      yield* entries([...tokenizer.push(tail), ...tokenizer.end()]);
    }
  } catch (error) {
    throw readError(error, path);
  } finally {
    // Also runs when the consumer stops early (the preview reads 20 rows).
    stream.destroy();
    await handle.close().catch(() => {});
  }
}

/**
 * Shorter rows are padded: Excel leaves off trailing empty cells. Longer rows are
 * an error unless the extra cells are empty (Excel pads with ";;;" too).
 */
function fitToHeader(fields: string[], width: number): string[] | Message {
  if (fields.length > width) {
    let last = fields.length;
    while (last > width && fields[last - 1]!.trim() === '') last--;
    if (last > width) return width === 1 ? reason('csvTooManyValuesOneColumn', { count: last }) : reason('csvTooManyValues', { count: last, columns: width });
    return fields.slice(0, width);
  }
  while (fields.length < width) fields.push('');
  return fields;
}

function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

function describe(problem: RecordProblem, maxFieldBytes: number): Message {
  switch (problem) {
    case 'field-too-long':
      return reason('csvFieldTooLong', { limit: formatKb(maxFieldBytes) });
    case 'row-too-long':
      return reason('csvRowTooLong', { limit: formatKb(Math.max(MAX_RECORD_CHARS, maxFieldBytes * 4)) });
    case 'too-many-values':
      return reason('csvTooManyFields', { count: MAX_FIELDS });
    case 'unclosed-quote':
      return reason('csvUnclosedQuote');
  }
}

function formatKb(bytes: number): string {
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Counts , ; and tab outside quotes on the header line; the most frequent wins (ties: , then ; then tab). */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      // Leading blank lines come before the header, not after it.
      if ([...counts.values()].some((n) => n > 0) || text.slice(0, i).trim() !== '') break;
    } else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

function firstLineEnds(text: string): boolean {
  let quoted = false;
  let seenContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (seenContent) return true;
      continue;
    }
    if (c.trim() !== '') seenContent = true;
  }
  return false;
}

function pickDecoder(first: Buffer, path: string): TextDecoder {
  if (startsWith(first, [0x50, 0x4b, 0x03, 0x04]) || startsWith(first, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new WordsError(reason('csvExcelWorkbook', { path }));
  }
  if (startsWith(first, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8');
  if (startsWith(first, [0xff, 0xfe])) return new TextDecoder('utf-16le');
  if (startsWith(first, [0xfe, 0xff])) return new TextDecoder('utf-16be');
  if (first.includes(0)) throw new WordsError(reason('csvNotText', { path }));
  try {
    // stream: true, so a character cut at the chunk's end is not mistaken for bad UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return new TextDecoder('utf-8');
  } catch {
    // Not UTF-8: Excel's plain "CSV" on a Hebrew Windows is Windows-1255. Its ASCII
    // half is ASCII, so an English file in another legacy code page keeps its digits.
    return new TextDecoder('windows-1255');
  }
}

function startsWith(buffer: Buffer, bytes: readonly number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);
}

async function openCsvFile(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw readError(error, path);
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new WordsError(reason('csvCannotRead', { path, why: reason('fileIsFolder') }));
  }
  return handle;
}

function readError(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words: Record<string, PlainReasonKey> = {
    ENOENT: 'fileMissing',
    EACCES: 'filePermission',
    EPERM: 'filePermission',
    EISDIR: 'fileIsFolder',
    EBUSY: 'fileLocked',
  };
  const why = code ? words[code] : undefined;
  if (why) return new WordsError(reason('csvCannotRead', { path, why: reason(why) }));
  return error instanceof Error ? error : new Error(String(error));
}
