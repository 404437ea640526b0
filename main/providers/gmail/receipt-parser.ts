// Longer than 400 lines: one pass over a MIME tree (sender, date, amount, currency, attachments) whose rules depend on each other; split, each part would re-walk the tree.
/**
 * Reads a receipt out of one Gmail message (as messages.get format=full returns it):
 * sender, subject, date, vendor, the amount and currency when they can be found with
 * reasonable confidence, and the attachments worth keeping (PDFs and images).
 *
 * Pure functions, no I/O: the sync task calls `parseReceipt(message)` and downloads the
 * attachments it lists.
 *
 * The amount is a best effort and says "don't know" (null) rather than guess:
 * 1. the subject, when it names exactly one amount with a currency;
 * 2. otherwise an amount right after a "total" word (Total, Amount due, Grand total,
 *    סה״כ, סך הכל, לתשלום …) in the snippet or the text body, the largest of those
 *    (a "Total before VAT" is smaller than the total);
 * 3. otherwise, if the snippet and body name a single amount with a currency (possibly
 *    several times), that one;
 * anything else is null.
 */
import type { GmailHeader, GmailMessage, GmailMessagePart } from './client.ts';

export interface ReceiptAttachment {
  partId: string;
  filename: string;
  /** Normalised: application/pdf or image/…, also for parts Gmail labels octet-stream. */
  mimeType: string;
  size: number;
  /** Fetch the bytes with GmailClient.getAttachment(messageId, attachmentId). */
  attachmentId: string | null;
  /** base64url bytes when Gmail put the (small) part inline instead of giving an attachment id. */
  inlineData?: string;
}

export interface ParsedReceipt {
  messageId: string;
  threadId: string;
  from: { name: string | null; address: string | null };
  subject: string;
  date: Date;
  vendor: string;
  /** Decimal amount, e.g. 1234.56, or null when not found or ambiguous. */
  amount: number | null;
  /** ISO 4217 (ILS, USD, EUR, GBP, …) or null (unknown, or no amount). */
  currency: string | null;
  attachments: ReceiptAttachment[];
}

export interface ParseReceiptOptions {
  /** Images smaller than this that are not explicitly attachments are skipped (signature logos). Default 2048. */
  minInlineImageBytes?: number;
}

const DEFAULT_MIN_INLINE_IMAGE_BYTES = 2048;
const MAX_BODY_CHARS = 50_000;

export function parseReceipt(message: GmailMessage, options: ParseReceiptOptions = {}): ParsedReceipt {
  const headers = message.payload.headers;
  const from = parseAddress(decodeEncodedWords(header(headers, 'From') ?? ''));
  const subject = decodeEncodedWords(header(headers, 'Subject') ?? '').trim();
  const date = messageDate(header(headers, 'Date'), message.internalDate);
  const body = bodyText(message.payload);
  const money = findAmount({ subject, snippet: decodeEntities(message.snippet), body });
  return {
    messageId: message.id,
    threadId: message.threadId,
    from,
    subject,
    date,
    vendor: vendorOf(from),
    amount: money?.amount ?? null,
    currency: money?.currency ?? null,
    attachments: receiptAttachments(message.payload, options),
  };
}

// --- Headers --------------------------------------------------------------------------------

export function header(headers: readonly GmailHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=); Gmail usually decodes them already. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g, (whole, charset: string, encoding: string, text: string) => {
      try {
        const bytes = encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
        return decodeBytes(bytes, charset.replace(/\*.*$/, ''));
      } catch {
        return whole;
      }
    });
}

function decodeBytes(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase() || 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** `"Name" <a@b.c>`, `Name <a@b.c>`, `a@b.c (Name)`, `a@b.c`. */
export function parseAddress(value: string): { name: string | null; address: string | null } {
  const text = value.trim();
  const angle = /^(.*?)<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$/.exec(text);
  if (angle) return { name: cleanName(angle[1]!), address: angle[2]!.toLowerCase() };
  const comment = /^([^\s()]+@[^\s()]+)\s*\((.*)\)\s*$/.exec(text);
  if (comment) return { name: cleanName(comment[2]!), address: comment[1]!.toLowerCase() };
  const bare = /^<?([^\s<>]+@[^\s<>]+?)>?$/.exec(text);
  if (bare) return { name: null, address: bare[1]!.toLowerCase() };
  return { name: cleanName(text), address: null };
}

function cleanName(raw: string): string | null {
  let name = raw.trim();
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  name = name.replace(/^'(.*)'$/, '$1').replace(/\s+/g, ' ').trim();
  return name || null;
}

/**
 * The Date header when it is believable, otherwise internalDate (when Google received it).
 * A Date header more than 7 days away from internalDate is treated as a sender's clock error.
 */
export function messageDate(dateHeader: string | undefined, internalDate: number): Date {
  const fromHeader = dateHeader ? parseMailDate(dateHeader) : null;
  if (fromHeader !== null) {
    if (!internalDate || Math.abs(fromHeader - internalDate) <= 7 * 24 * 3600_000) return new Date(fromHeader);
  }
  return new Date(internalDate || 0);
}

function parseMailDate(value: string): number | null {
  // Drop a trailing "(UTC)"-style comment; Date.parse copes with RFC 2822 otherwise.
  const cleaned = value.replace(/\([^)]*\)\s*$/, '').trim();
  const ms = Date.parse(cleaned);
  return Number.isNaN(ms) ? null : ms;
}

// --- Vendor -------------------------------------------------------------------------------

const GENERIC_NAMES = /^(no[-_. ]?reply|do[-_. ]?not[-_. ]?reply|donotreply|notifications?|billing|receipts?|invoices?|info|support|mailer[-_ ]daemon|service|team|admin|accounts?|payments?)$/i;
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'muni', 'idf', 'k12']);

/** The sender's display name, or, if it has none (or a generic one such as "noreply"), its domain. */
export function vendorOf(from: { name: string | null; address: string | null }): string {
  const name = from.name?.trim();
  if (name && !GENERIC_NAMES.test(name) && !name.includes('@')) return name;
  const domain = from.address?.split('@')[1];
  if (domain) return registrableDomain(domain);
  return name || 'Unknown sender';
}

/** mail.amazon.co.uk → amazon.co.uk; em.stripe.com → stripe.com (no public-suffix list, a small rule). */
export function registrableDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const take = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

// --- Body text ---------------------------------------------------------------------------

/** text/plain parts, or the text of text/html parts when there is no plain text; attachments excluded. */
export function bodyText(payload: GmailMessagePart): string {
  const plain: string[] = [];
  const html: string[] = [];
  walk(payload, (part) => {
    if (part.filename || part.body.attachmentId || !part.body.data) return;
    const disposition = header(part.headers, 'Content-Disposition') ?? '';
    if (/^\s*attachment/i.test(disposition)) return;
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(header(part.headers, 'Content-Type') ?? '')?.[1];
    if (part.mimeType === 'text/plain') plain.push(decodeBytes(Buffer.from(part.body.data, 'base64url'), charset));
    else if (part.mimeType === 'text/html') html.push(htmlToText(decodeBytes(Buffer.from(part.body.data, 'base64url'), charset)));
  });
  const text = (plain.length ? plain : html).join('\n');
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text;
}

function walk(part: GmailMessagePart, visit: (part: GmailMessagePart) => void): void {
  visit(part);
  for (const child of part.parts ?? []) walk(child, visit);
}

export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|tr|li|h[1-6]|table)\s*>/gi, '\n')
      .replace(/<\/t[dh]\s*>/gi, ' ')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  shy: '',
  zwnj: '',
  zwj: '',
  lrm: '',
  rlm: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

// --- Amounts --------------------------------------------------------------------------------

export interface Money {
  amount: number;
  currency: string | null;
}

/**
 * Currency words and symbols → ISO code. Longer forms first so "US$" is not read as "$".
 * Hebrew: ש״ח / ש"ח / ש''ח / שח (new shekels), שקל(ים), דולר, אירו / יורו.
 */
const CURRENCY_TOKENS: readonly (readonly [string, string])[] = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['C$', 'CAD'],
  ['AU$', 'AUD'],
  ['A$', 'AUD'],
  ['₪', 'ILS'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['NIS', 'ILS'],
  ['ILS', 'ILS'],
  ['USD', 'USD'],
  ['EUR', 'EUR'],
  ['GBP', 'GBP'],
  ['CAD', 'CAD'],
  ['AUD', 'AUD'],
  ['CHF', 'CHF'],
  ['JPY', 'JPY'],
  ['ש״ח', 'ILS'],
  ['ש"ח', 'ILS'],
  ["ש''ח", 'ILS'],
  ['ש׳׳ח', 'ILS'],
  ['שקלים', 'ILS'],
  ['שקל', 'ILS'],
  ['שח', 'ILS'],
  ['דולר', 'USD'],
  ['אירו', 'EUR'],
  ['יורו', 'EUR'],
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CURRENCY = CURRENCY_TOKENS.map(([token]) => escapeRegExp(token)).join('|');
const CURRENCY_CODE = new Map(CURRENCY_TOKENS.map(([token, code]) => [token.toUpperCase(), code]));
/** 1,234.56 · 1.234,56 · 1 234,56 · 9,99 · 120 · 1234.5 — never part of a longer number. */
const NUMBER = String.raw`(?<![\d.,])(?<!\d[ \u00a0\u202f])(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d])(?![.,]\d)`;
// A word-ish boundary that also works next to Hebrew letters (\b is ASCII-only).
const NOT_LETTER_BEFORE = String.raw`(?<![A-Za-z\u0590-\u05FF])`;
const NOT_LETTER_AFTER = String.raw`(?![A-Za-z\u0590-\u05FF])`;
const SYMBOL_FIRST = new RegExp(String.raw`${NOT_LETTER_BEFORE}(${CURRENCY})\s?${NUMBER}`, 'giu');
const NUMBER_FIRST = new RegExp(String.raw`${NUMBER}\s?(${CURRENCY})${NOT_LETTER_AFTER}`, 'giu');
const TOTAL_WORDS = String.raw`(?:grand\s+total|total(?:\s+(?:amount|due|paid|charged|price))?|amount\s+(?:due|paid|charged)|amount|balance\s+due|you\s+paid|charged|סה["״׳']{1,2}כ(?:\s+לתשלום)?|סך\s+הכל(?:\s+לתשלום)?|סכום(?:\s+לתשלום)?|לתשלום|שולם)`;
const TOTAL_BEFORE = new RegExp(String.raw`${NOT_LETTER_BEFORE}${TOTAL_WORDS}${NOT_LETTER_AFTER}[^\n\d]{0,30}$`, 'iu');
const TOTAL_THEN_NUMBER = new RegExp(String.raw`${NOT_LETTER_BEFORE}${TOTAL_WORDS}${NOT_LETTER_AFTER}\s*[:：\-–]?\s*${NUMBER}`, 'giu');

/** "1,234.56" → 1234.56; "1.234,56" → 1234.56; "9,99" → 9.99; "1,234" → 1234. null when not a sane amount. */
export function parseNumber(raw: string): number | null {
  const text = raw.replace(/[\u00a0\u202f]/g, ' ');
  const decimal = /[.,](\d{1,2})$/.exec(text);
  let integer = decimal ? text.slice(0, decimal.index) : text;
  // Thousands groups must be consistent: 1,234,567 or 1.234.567 or 1 234 567.
  if (/[.,\s]/.test(integer)) {
    if (!/^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$/.test(integer)) return null;
    if (decimal && integer.includes(text[decimal.index]!)) return null; // "1.234.56"
    integer = integer.replace(/[.,\s]/g, '');
  }
  const value = Number(`${integer}${decimal ? `.${decimal[1]}` : ''}`);
  return Number.isFinite(value) && value > 0 && value < 100_000_000 ? value : null;
}

interface Candidate {
  amount: number;
  currency: string | null;
  /** Preceded by a "total" word. */
  total: boolean;
}

function currencyCode(token: string): string | null {
  return CURRENCY_CODE.get(token.toUpperCase()) ?? null;
}

/** Every amount with a currency in `text`, and amounts right after a "total" word (currency possibly unknown). */
export function moneyCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const seenAt = new Set<number>();
  const add = (index: number, rawNumber: string, currency: string | null, numberIndex: number) => {
    const amount = parseNumber(rawNumber);
    if (amount === null || seenAt.has(numberIndex)) return;
    seenAt.add(numberIndex);
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    const before = text.slice(Math.max(lineStart, index - 40), index);
    out.push({ amount, currency, total: TOTAL_BEFORE.test(before) });
  };
  for (const m of text.matchAll(SYMBOL_FIRST)) add(m.index, m[2]!, currencyCode(m[1]!), m.index + m[0].length - m[2]!.length);
  for (const m of text.matchAll(NUMBER_FIRST)) add(m.index, m[1]!, currencyCode(m[2]!), m.index);
  for (const m of text.matchAll(TOTAL_THEN_NUMBER)) {
    const numberIndex = m.index + m[0].length - m[1]!.length;
    if (seenAt.has(numberIndex)) continue;
    // A currency right after the number ("סה״כ 120 ש״ח") was already taken by NUMBER_FIRST.
    const amount = parseNumber(m[1]!);
    if (amount === null) continue;
    seenAt.add(numberIndex);
    out.push({ amount, currency: null, total: true });
  }
  return out;
}

/** The receipt's amount, or null when it cannot be told with reasonable confidence. */
export function findAmount(sources: { subject?: string; snippet?: string; body?: string }): Money | null {
  const subject = moneyCandidates(sources.subject ?? '').filter((c) => c.currency !== null);
  const subjectValues = distinct(subject);
  if (subjectValues.length === 1) return subjectValues[0]!;

  const rest = [...moneyCandidates(sources.snippet ?? ''), ...moneyCandidates(sources.body ?? '')];
  const totals = rest.filter((c) => c.total);
  if (totals.length) {
    const max = Math.max(...totals.map((c) => c.amount));
    const atMax = totals.filter((c) => c.amount === max);
    // Prefer the reading that knows its currency; a currency elsewhere in the text can tell it otherwise.
    const currency = atMax.find((c) => c.currency)?.currency ?? soleCurrency(rest);
    return { amount: max, currency };
  }
  const withCurrency = distinct(rest.filter((c) => c.currency !== null));
  if (withCurrency.length === 1) return withCurrency[0]!;
  return null;
}

function distinct(candidates: readonly Candidate[]): Money[] {
  const byKey = new Map<string, Money>();
  for (const c of candidates) byKey.set(`${c.amount}|${c.currency}`, { amount: c.amount, currency: c.currency });
  return [...byKey.values()];
}

function soleCurrency(candidates: readonly Candidate[]): string | null {
  const currencies = new Set(candidates.map((c) => c.currency).filter((c): c is string => c !== null));
  return currencies.size === 1 ? [...currencies][0]! : null;
}

// --- Attachments ------------------------------------------------------------------------------

const IMAGE_EXTENSIONS: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic', tif: 'image/tiff', tiff: 'image/tiff' };

/** application/pdf or image/*, from the MIME type or (for octet-stream parts) the file name; null for anything else. */
export function receiptMimeType(mimeType: string, filename: string): string | null {
  const type = mimeType.toLowerCase().split(';')[0]!.trim();
  if (type === 'application/pdf' || type === 'application/x-pdf' || type === 'application/acrobat') return 'application/pdf';
  if (type.startsWith('image/') && type !== 'image/svg+xml') return type === 'image/jpg' ? 'image/jpeg' : type;
  if (type === 'application/octet-stream' || type === 'binary/octet-stream' || type === 'application/x-download' || type === 'application/download') {
    const ext = /\.([a-z0-9]{1,5})$/i.exec(filename.trim())?.[1]?.toLowerCase();
    if (ext === 'pdf') return 'application/pdf';
    if (ext && IMAGE_EXTENSIONS[ext]) return IMAGE_EXTENSIONS[ext]!;
  }
  return null;
}

/**
 * PDFs and images only. Images smaller than ~2 KB are skipped unless they are explicitly
 * `Content-Disposition: attachment` (signature logos, tracking pixels, social icons are
 * inline and tiny).
 */
export function receiptAttachments(payload: GmailMessagePart, options: ParseReceiptOptions = {}): ReceiptAttachment[] {
  const minImage = options.minInlineImageBytes ?? DEFAULT_MIN_INLINE_IMAGE_BYTES;
  const out: ReceiptAttachment[] = [];
  walk(payload, (part) => {
    if (part.parts?.length) return;
    if (!part.body.attachmentId && !part.body.data) return;
    const disposition = (header(part.headers, 'Content-Disposition') ?? '').trim().toLowerCase();
    const explicitAttachment = disposition.startsWith('attachment');
    // A body part (text/html without a name) is not an attachment.
    if (!part.filename && !explicitAttachment && !part.body.attachmentId) return;
    const mimeType = receiptMimeType(part.mimeType, part.filename);
    if (!mimeType) return;
    const size = part.body.size || (part.body.data ? Buffer.byteLength(part.body.data, 'base64url') : 0);
    if (mimeType.startsWith('image/') && size < minImage && !explicitAttachment) return;
    const filename = part.filename.trim() || `attachment-${part.partId || out.length + 1}.${mimeType === 'application/pdf' ? 'pdf' : mimeType.slice(6).replace(/[^a-z0-9]/g, '') || 'bin'}`;
    const attachment: ReceiptAttachment = { partId: part.partId, filename, mimeType, size, attachmentId: part.body.attachmentId ?? null };
    if (!part.body.attachmentId && part.body.data) attachment.inlineData = part.body.data;
    out.push(attachment);
  });
  return out;
}
