/**
 * Which CSV column is the phone, which is the name, and which become custom fields.
 * Owners export from Excel, Google Contacts, WhatsApp tools and CRMs, in English or
 * Hebrew, so headers are matched loosely (case, spacing, _ - . and BOM ignored).
 */
import { reason } from '../../common/reasons.ts';
import { WordsError, type Message } from '../../common/messages.ts';

/** Header names the owner picked in the composer (common/tasks/shared-params.ts columnMapping). */
export interface ColumnMapping {
  phone?: string | undefined;
  name?: string | undefined;
}

export interface CustomField {
  index: number;
  /** The header as written (trimmed), for showing the owner. */
  header: string;
  /**
   * The key in contact.fields and the template variable, {{city_name}}: the header
   * lowercased, spaces → _. Stored normalized because the broadcast uses field keys
   * as variables as they are, a variable cannot hold a space, and "City" in one file
   * and "city " in the next must merge into one field, not two.
   */
  key: string;
}

export interface ColumnMap {
  /** Headers as found, BOM stripped and trimmed. */
  headers: string[];
  phone: number;
  /** A full-name column, or null when the name is built from first + last (or absent). */
  name: number | null;
  firstName: number | null;
  lastName: number | null;
  /** Every other column with a header. First/last name stay here too, for "Hi {{first_name}}". */
  fields: CustomField[];
}

/** The file cannot be imported as contacts; the message is for the owner. */
export class ColumnsError extends WordsError {
  constructor(message: Message) {
    super(message);
    this.name = 'ColumnsError';
  }
}

/** Phone-ish headers, best first: WhatsApp goes to mobiles, so a mobile column beats a landline one. */
const PHONE_WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [4, ['whatsapp', 'וואטסאפ', 'ווטסאפ', 'וואצאפ', 'ווצאפ']],
  [3, ['mobile', 'cell', 'cellphone', 'cellular', 'נייד', 'פלאפון', 'סלולרי', 'סלולר', 'פלא']],
  [2, ['phone', 'phones', 'telephone', 'msisdn', 'טלפון', 'טל']],
  // Bare "number" / "מספר" is left out on purpose: "Order number" is not a phone.
  [1, ['tel']],
];
const FULL_NAME = new Set([
  'name', 'full name', 'fullname', 'contact name', 'customer name', 'client name', 'display name',
  'שם', 'שם מלא', 'שם לקוח', 'שם הלקוח', 'שם איש קשר', 'שם איש הקשר', 'איש קשר',
]);
const FIRST_NAME = new Set(['first name', 'firstname', 'first', 'given name', 'שם פרטי', 'פרטי']);
const LAST_NAME = new Set(['last name', 'lastname', 'last', 'surname', 'family name', 'שם משפחה', 'משפחה']);
/** Template variables the broadcast fills from the contact itself. */
const RESERVED_KEYS = ['phone', 'name'];

/** "  Phone_Number " → "phone number": the form headers are compared in. */
export function headerKey(header: string): string {
  return cleanHeader(header)
    .toLowerCase()
    .replace(/[\s_\-.:#"'׳״]+/g, ' ')
    .trim();
}

/** "City Name" → "city_name": a field key usable as {{city_name}} in a template. */
export function fieldKey(header: string): string {
  return cleanHeader(header)
    .toLowerCase()
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}_.-]/gu, '')
    .replace(/_{2,}/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** BOM, and the invisible bidi marks Hebrew spreadsheets put around text, then trim. */
function cleanHeader(header: string): string {
  return header.replace(/[\ufeff\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
}

function phoneScore(key: string): number {
  // "Phone1", "Mobile 2": a number after the word still names a phone column.
  const words = key.split(' ').map((w) => w.replace(/\d+$/, ''));
  let best = 0;
  for (const [score, names] of PHONE_WORDS) {
    if (score > best && names.some((name) => words.includes(name))) best = score;
  }
  // "Phone type", "WhatsApp opt-in" and the like describe a number, they are not one.
  if (best > 0 && words.some((w) => ['type', 'kind', 'opt', 'optin', 'status', 'סוג'].includes(w))) return 0;
  return best;
}

/** Throws ColumnsError, listing the headers found, when there is no phone column. */
export function detectColumns(rawHeaders: readonly string[], mapping: ColumnMapping = {}): ColumnMap {
  const headers = rawHeaders.map(cleanHeader);
  const keys = headers.map(headerKey);
  const find = (wanted: string): number => keys.indexOf(headerKey(wanted));

  let phone = -1;
  if (mapping.phone !== undefined) {
    phone = find(mapping.phone);
    if (phone < 0) throw new ColumnsError(reason('csvPhoneColumnMissing', { column: mapping.phone, headers: listHeaders(headers) }));
  } else {
    let best = 0;
    keys.forEach((key, i) => {
      const score = phoneScore(key);
      if (score > best) [best, phone] = [score, i];
    });
    if (phone < 0) throw new ColumnsError(noPhoneColumn(headers));
  }

  let name: number | null = null;
  let firstName: number | null = null;
  let lastName: number | null = null;
  if (mapping.name !== undefined) {
    name = find(mapping.name);
    if (name < 0) throw new ColumnsError(reason('csvNameColumnMissing', { column: mapping.name, headers: listHeaders(headers) }));
  } else {
    const pick = (set: Set<string>): number | null => {
      const i = keys.findIndex((key, index) => index !== phone && set.has(key));
      return i < 0 ? null : i;
    };
    name = pick(FULL_NAME);
    if (name === null) {
      firstName = pick(FIRST_NAME);
      lastName = pick(LAST_NAME);
    }
  }
  if (name === phone) throw new ColumnsError(reason('csvPhoneIsName', { column: headers[phone] ?? '' }));

  const fields: CustomField[] = [];
  const usedKeys = new Set(RESERVED_KEYS);
  headers.forEach((header, index) => {
    // A column without a header has no name to use in a template; its values are dropped.
    if (index === phone || index === name || header === '') return;
    // Two "Notes" columns must not overwrite each other, nor a second phone column {{phone}}.
    const key = unique(fieldKey(header) || `column_${index + 1}`, usedKeys);
    fields.push({ index, header, key });
  });
  return { headers, phone, name, firstName, lastName, fields };
}

function unique(base: string, used: Set<string>): string {
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base}_${n}`;
  used.add(candidate);
  return candidate;
}

function listHeaders(headers: readonly string[]): Message {
  const named = headers.filter((h) => h !== '');
  if (named.length === 0) return reason('csvNoColumnNames');
  return reason('csvColumns', { list: named.map((h) => `"${h.length > 40 ? `${h.slice(0, 40)}…` : h}"`).join(', ') });
}

function noPhoneColumn(headers: readonly string[]): Message {
  const looksLikeData = headers.some((h) => /^\+?[\d\s\-().]{7,}$/.test(h));
  return reason(looksLikeData ? 'csvNoPhoneColumnData' : 'csvNoPhoneColumn', { headers: listHeaders(headers) });
}
