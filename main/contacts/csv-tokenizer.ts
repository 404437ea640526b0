/**
 * A streaming CSV tokenizer (RFC 4180 plus Excel's habits), fed decoded text chunk
 * by chunk. It knows nothing about headers or contacts; it only cuts records.
 *
 * Why not csv-parse: with `max_record_size` + `skip_records_with_error`, csv-parse
 * 7.0.3 reports the oversized record once per input chunk and then silently drops
 * every record after it (the parser returns mid-buffer without keeping its place).
 * Without a limit, a 10 MB field — or one stray quote at the top of a big file — is
 * buffered whole. Here an oversized field stops being kept, the record becomes an
 * error, and the next record starts where the oversized one ends. Cutting records
 * ourselves also gives the line each record starts on, which the owner needs.
 */

export type RecordProblem = 'unclosed-quote' | 'field-too-long' | 'too-many-values' | 'row-too-long';

export interface TokenizedRecord {
  /** 1-based line of the file on which the record starts. */
  line: number;
  fields: string[];
  /** The record's text as written, cut to RAW_LIMIT characters. */
  raw: string;
  problem: RecordProblem | null;
}

export interface TokenizerLimits {
  /** UTF-8 bytes one field may hold. */
  maxFieldBytes: number;
  /** UTF-16 units a whole record may hold (fields plus one per separator). */
  maxRecordChars: number;
  maxFields: number;
}

export const RAW_LIMIT = 200;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Saw a quote inside a quoted field: "" (an escaped quote) or the closing quote. */
const QUOTE_SEEN = 3;
type State = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_SEEN;

export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly limits: TokenizerLimits;
  private state: State = FIELD_START;
  private line = 1;
  private lastChar = -1;
  private inRecord = false;
  private recordLine = 0;
  private fields: string[] = [];
  private field = '';
  private fieldChars = 0;
  private recordChars = 0;
  private rawCarry = '';
  private problem: RecordProblem | null = null;

  constructor(delimiter: string, limits: TokenizerLimits) {
    if (delimiter.length !== 1) throw new Error(`delimiter must be one character, got ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
    this.limits = limits;
  }

  /** Cuts the records that end inside `text`; a record left open waits for the next chunk. */
  push(text: string): TokenizedRecord[] {
    const out: TokenizedRecord[] = [];
    const n = text.length;
    const delimiter = this.delimiter;
    let i = 0;
    let segment = 0;
    let rawStart = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case FIELD_START:
          if (!this.inRecord) {
            // Blank lines between records are skipped, not records.
            if (c === CR || c === LF) {
              this.countLine(c, text, i);
              i++;
              continue;
            }
            this.inRecord = true;
            this.recordLine = this.line;
            rawStart = i;
          }
          if (c === QUOTE) {
            this.state = QUOTED;
            segment = ++i;
          } else {
            this.state = UNQUOTED;
            segment = i;
          }
          continue;
        case UNQUOTED: {
          let j = i;
          let d = c;
          while (d !== delimiter && d !== CR && d !== LF) {
            if (++j === n) break;
            d = text.charCodeAt(j);
          }
          if (j === n) {
            i = n;
            continue;
          }
          this.append(text, segment, j);
          this.endField();
          if (d === delimiter) {
            this.state = FIELD_START;
          } else {
            out.push(this.endRecord(text, rawStart, j));
            this.countLine(d, text, j);
          }
          i = j + 1;
          continue;
        }
        case QUOTED: {
          let j = i;
          let d = c;
          while (d !== QUOTE) {
            // Newlines inside quotes are content, but they still move the line number.
            if (d === CR || d === LF) this.countLine(d, text, j);
            if (++j === n) break;
            d = text.charCodeAt(j);
          }
          if (j === n) {
            i = n;
            continue;
          }
          this.append(text, segment, j);
          this.state = QUOTE_SEEN;
          i = j + 1;
          continue;
        }
        case QUOTE_SEEN:
          if (c === QUOTE) {
            // "" inside quotes: one literal quote, kept as the start of the next segment.
            this.state = QUOTED;
            segment = i;
            i++;
          } else if (c === delimiter) {
            this.endField();
            this.state = FIELD_START;
            i++;
          } else if (c === CR || c === LF) {
            this.endField();
            out.push(this.endRecord(text, rawStart, i));
            this.countLine(c, text, i);
            i++;
          } else {
            // "abc"def: Excel never writes it, people do; keep the text rather than fail.
            this.state = UNQUOTED;
            segment = i;
          }
          continue;
      }
    }
    if (this.state === UNQUOTED || this.state === QUOTED) this.append(text, segment, n);
    if (this.inRecord && this.rawCarry.length < RAW_LIMIT) {
      this.rawCarry += text.slice(rawStart, rawStart + RAW_LIMIT - this.rawCarry.length);
    }
    if (n > 0) this.lastChar = text.charCodeAt(n - 1);
    return out;
  }

  /** The input is over: the last record may lack its line break, or its closing quote. */
  end(): TokenizedRecord[] {
    if (!this.inRecord) return [];
    if (this.state === QUOTED) this.problem = 'unclosed-quote';
    this.endField();
    return [this.endRecord('', 0, 0)];
  }

  private countLine(c: number, text: string, i: number): void {
    // \r\n is one line break; a lone \r (old Mac) or \n is one too.
    const previous = i > 0 ? text.charCodeAt(i - 1) : this.lastChar;
    if (c === CR || previous !== CR) this.line++;
  }

  private append(text: string, from: number, to: number): void {
    if (to <= from || this.problem) return;
    const length = to - from;
    this.fieldChars += length;
    this.recordChars += length;
    const piece = text.slice(from, to);
    // A UTF-8 byte count is exact but costs a pass; characters bound it from both sides
    // (1 to 3 bytes per UTF-16 unit), so only the rare field in between gets counted.
    const { maxFieldBytes } = this.limits;
    if (this.fieldChars > maxFieldBytes) return this.fail('field-too-long');
    if (this.fieldChars * 3 > maxFieldBytes && Buffer.byteLength(this.field) + Buffer.byteLength(piece) > maxFieldBytes) {
      return this.fail('field-too-long');
    }
    if (this.recordChars > this.limits.maxRecordChars) return this.fail('row-too-long');
    this.field += piece;
  }

  private fail(problem: RecordProblem): void {
    // Keep nothing more of a record that is already an error: memory stays flat.
    this.problem = problem;
    this.field = '';
    this.fields = [];
  }

  private endField(): void {
    if (!this.problem) {
      if (this.fields.length >= this.limits.maxFields) this.fail('too-many-values');
      else {
        this.fields.push(this.field);
        this.recordChars++;
        if (this.recordChars > this.limits.maxRecordChars) this.fail('row-too-long');
      }
    }
    this.field = '';
    this.fieldChars = 0;
  }

  private endRecord(text: string, rawStart: number, rawEnd: number): TokenizedRecord {
    const rest = RAW_LIMIT - this.rawCarry.length;
    const raw = rest > 0 ? this.rawCarry + text.slice(rawStart, Math.min(rawEnd, rawStart + rest)) : this.rawCarry;
    const record: TokenizedRecord = { line: this.recordLine, fields: this.fields, raw, problem: this.problem };
    this.fields = [];
    this.field = '';
    this.fieldChars = 0;
    this.recordChars = 0;
    this.rawCarry = '';
    this.problem = null;
    this.inRecord = false;
    this.state = FIELD_START;
    return record;
  }
}
