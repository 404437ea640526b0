/**
 * A local fake of the Gmail API (v1) and of Google's OAuth 2.0 endpoints, for tests and
 * benches, on 127.0.0.1 with a random port. It speaks the documented shapes:
 *
 *   GET  /gmail/v1/users/me/profile                          { emailAddress, messagesTotal, threadsTotal, historyId }
 *   GET  /gmail/v1/users/me/messages?q&pageToken&maxResults&includeSpamTrash&labelIds
 *                                                             { messages: [{ id, threadId }], nextPageToken?, resultSizeEstimate }
 *   GET  /gmail/v1/users/me/messages/{id}?format=full|metadata|minimal&metadataHeaders
 *                                                             a realistic MIME tree: multipart/mixed → multipart/alternative
 *                                                             (text/plain + text/html, inline base64url data) + attachment
 *                                                             parts (application/pdf, image/jpeg) with body.attachmentId
 *   GET  /gmail/v1/users/me/messages/{id}/attachments/{aid}  { attachmentId, size, data (base64url) }
 *   GET  /gmail/v1/users/me/history?startHistoryId&historyTypes&pageToken&maxResults&labelId
 *                                                             { history: [{ id, messages, messagesAdded }], nextPageToken?, historyId }
 *                                                             404 for a start history id older than the retention switch
 *   GET  /o/oauth2/v2/auth?…                                  Google's consent page, answered at once: 302 to the
 *                                                             loopback redirect_uri with code & state (or error=access_denied)
 *   POST /token                                               authorization_code (checks the PKCE code_verifier against the
 *                                                             challenge, the redirect_uri, one use per code) and refresh_token
 *
 * Errors use Google's shape: { error: { code, message, errors: [{ message, domain, reason }], status } }.
 *
 * Switches: quota errors (429 / 403 rateLimitExceeded, userRateLimitExceeded, dailyLimitExceeded)
 * for the next N requests, every Nth request, or above a rate; latency; outages (refuse
 * connections for N ms, or drop sockets); access tokens that expire (401 until refreshed);
 * revoked refresh tokens (invalid_grant); expired history ids; denied consent; a forged state.
 *
 * Message content is deterministic: attachment bytes derive from a content key, so a test can
 * hash what it stored, and `addMessages(n, { sameAttachmentEvery: k })` gives every k-th
 * message the same attachment bytes (to test content-addressed storage). The request log
 * counts messages.get per message id and attachments.get per attachment, so a test can say
 * "each message fetched once, each attachment downloaded once".
 *
 * Simplifications (documented, not hidden): search is substring-based (Gmail matches words),
 * after:/before: dates are UTC midnight (Gmail uses the account's time zone), unknown search
 * operators (category:, larger:, …) match everything, and pagination cursors are opaque
 * base64url of (internalDate, seq), stable while new mail arrives.
 */
import type http from 'node:http';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { FakeHttpServer } from './fake-http-server.ts';

// --- Errors ---------------------------------------------------------------------------------

export interface FakeGoogleError {
  status: number;
  reason: string;
  message: string;
  domain?: string;
  /** google.rpc status: RESOURCE_EXHAUSTED, PERMISSION_DENIED, … */
  statusText?: string;
  /** Sent as a Retry-After header (seconds). */
  retryAfterSeconds?: number;
  /** Adds a google.rpc.RetryInfo detail ("Ns"). */
  retryDelaySeconds?: number;
  /** Answer this raw body instead (e.g. an HTML page from a front end). */
  rawBody?: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export const GMAIL_ERRORS = {
  rateLimit429: { status: 429, reason: 'rateLimitExceeded', domain: 'usageLimits', message: 'Resource has been exhausted (e.g. check quota).' },
  rateLimit403: { status: 403, reason: 'rateLimitExceeded', domain: 'usageLimits', message: 'Rate Limit Exceeded' },
  userRateLimit403: {
    status: 403,
    reason: 'userRateLimitExceeded',
    domain: 'usageLimits',
    message: 'User Rate Limit Exceeded. Rate of requests for user exceed configured project quota.',
  },
  userRateLimit429: { status: 429, reason: 'userRateLimitExceeded', domain: 'usageLimits', message: 'User-rate limit exceeded.' },
  dailyLimit403: { status: 403, reason: 'dailyLimitExceeded', domain: 'usageLimits', message: 'Daily Limit Exceeded' },
  insufficientScope403: {
    status: 403,
    reason: 'insufficientPermissions',
    message: 'Request had insufficient authentication scopes.',
  },
  domainPolicy403: { status: 403, reason: 'domainPolicy', message: 'The domain administrators have disabled Gmail apps.' },
  invalidCredentials401: { status: 401, reason: 'authError', message: 'Invalid Credentials' },
  notFound404: { status: 404, reason: 'notFound', message: 'Requested entity was not found.' },
  badRequest400: { status: 400, reason: 'badRequest', message: 'Invalid value for ByteString: bad' },
  failedPrecondition400: { status: 400, reason: 'failedPrecondition', message: 'Precondition check failed.', statusText: 'FAILED_PRECONDITION' },
  backendError500: { status: 500, reason: 'backendError', message: 'Backend Error' },
  unavailable503: { status: 503, reason: 'backendError', message: 'The service is currently unavailable.' },
  gateway502: { status: 502, reason: '', message: '', rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
} satisfies Record<string, FakeGoogleError>;

function errorBody(error: FakeGoogleError): Record<string, unknown> {
  const body: Record<string, unknown> = {
    code: error.status,
    message: error.message,
    errors: [{ message: error.message, domain: error.domain ?? 'global', reason: error.reason }],
    status: error.statusText ?? STATUS_TEXT[error.status] ?? 'UNKNOWN',
  };
  if (error.status === 401) Object.assign((body.errors as Record<string, unknown>[])[0]!, { location: 'Authorization', locationType: 'header' });
  if (error.retryDelaySeconds !== undefined) body.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${error.retryDelaySeconds}s` }];
  return { error: body };
}

// --- Shapes ------------------------------------------------------------------------------------

export type FakeEndpoint = 'profile' | 'messages.list' | 'messages.get' | 'attachments.get' | 'history.list' | 'oauth.auth' | 'oauth.token' | 'unknown';
const API_ENDPOINTS: readonly FakeEndpoint[] = ['profile', 'messages.list', 'messages.get', 'attachments.get', 'history.list'];

export interface FakeAttachmentSpec {
  filename: string;
  mimeType?: string;
  /** Bytes; default from the content key (20–300 KB). */
  size?: number;
  /** Same key and size → same bytes. Default: unique per message and part. */
  contentKey?: string;
  /** Exact bytes (overrides key and size). */
  content?: Buffer;
  /** Content-Disposition: inline, with a Content-ID (signature logos). */
  inline?: boolean;
}

export interface FakeMessageSpec {
  from?: string;
  to?: string;
  subject?: string;
  /** internalDate and the Date header (unless dateHeader is given). */
  date?: Date;
  dateHeader?: string;
  text?: string;
  html?: string;
  /** Default: the start of the text. */
  snippet?: string;
  attachments?: FakeAttachmentSpec[];
  labelIds?: string[];
  threadId?: string;
}

export interface AddMessagesOptions {
  /** true/1: one PDF per message; 2: a PDF and a JPEG; false/0: none. Default true. */
  withAttachments?: boolean | number;
  /** Every k-th message generated (counting all generated messages) carries the same shared PDF bytes. */
  sameAttachmentEvery?: number;
  /** Attachment size in bytes, fixed or a range (deterministic per attachment). Default 20–300 KB. */
  attachmentSize?: number | { min: number; max: number };
  /** Also add a ~1 KB inline signature logo to each message. */
  withSignatureLogo?: boolean;
  /** Time between consecutive messages. Default 60 s; the newest is at most "now". */
  spacingMs?: number;
  labelIds?: string[];
}

interface StoredAttachment {
  attachmentId: string;
  partId: string;
  filename: string;
  mimeType: string;
  size: number;
  contentKey: string;
  content?: Buffer;
  inline: boolean;
}

interface StoredMessage {
  seq: number;
  id: string;
  threadId: string;
  historyId: number;
  internalDate: number;
  labelIds: string[];
  from: string;
  to: string;
  subject: string;
  dateHeader: string;
  text: string;
  html: string;
  snippet: string;
  attachments: StoredAttachment[];
  deleted: boolean;
  /** Lower-case text searched by bare words. */
  haystack: string;
}

interface HistoryEvent {
  id: number;
  type: 'messageAdded' | 'messageDeleted';
  messageId: string;
  threadId: string;
  labelIds: string[];
}

export interface RequestRecord {
  n: number;
  at: number;
  method: string;
  endpoint: FakeEndpoint;
  path: string;
  status: number | 'dropped';
  messageId?: string;
  attachmentId?: string;
}

export interface FakeGmailOptions {
  emailAddress?: string;
  clientId?: string;
  clientSecret?: string;
  /** A valid access token from the start (so tests without OAuth can use the API). */
  accessToken?: string;
  /** Lifetime reported in expires_in. Default 3599 s. */
  accessTokenTtlSeconds?: number;
  /** The first history id. Default 100000. */
  startHistoryId?: number;
  /** Clock for newer_than / generated dates. */
  now?: () => number;
}

const REQUEST_LOG_MAX = 20_000;
const DAY_MS = 24 * 3600_000;

interface Fault {
  error: FakeGoogleError;
  remaining: number;
  endpoint?: FakeEndpoint;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  method: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

type Json = Record<string, unknown>;

// --- Deterministic content --------------------------------------------------------------------

function hashInt(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** Deterministic bytes for a key: a PDF or JPEG header, then an AES-CTR keystream. */
export function contentFor(key: string, size: number, mimeType: string): Buffer {
  const out = Buffer.alloc(size);
  let offset = 0;
  const head = mimeType === 'application/pdf' ? Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1') : mimeType.startsWith('image/') ? Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]) : Buffer.alloc(0);
  offset += head.copy(out, 0, 0, Math.min(head.length, size));
  if (offset < size) {
    // AES-128-CTR keystream keyed by the content key: deterministic, fast, incompressible.
    const cipherKey = createHash('sha256').update(`content:${key}`).digest();
    const cipher = createCipheriv('aes-128-ctr', cipherKey.subarray(0, 16), cipherKey.subarray(16, 32));
    cipher.update(Buffer.alloc(size - offset)).copy(out, offset);
  }
  if (mimeType === 'application/pdf' && size > 32) out.write('\n%%EOF\n', size - 7, 'latin1');
  return out;
}

function sizeFor(key: string, spec: number | { min: number; max: number } | undefined): number {
  const range = spec === undefined ? { min: 20_000, max: 300_000 } : typeof spec === 'number' ? { min: spec, max: spec } : spec;
  return range.min + (hashInt(`size:${key}`) % (range.max - range.min + 1));
}

const VENDORS = [
  { name: 'Acme Coffee', address: 'receipts@acme-coffee.example', symbol: '$', hebrew: false },
  { name: 'חברת החשמל', address: 'noreply@iec.example.co.il', symbol: '₪', hebrew: true },
  { name: 'Cloud Hosting GmbH', address: 'billing@cloudhost.example', symbol: '€', hebrew: false },
  { name: '', address: 'no-reply@mail.bookshop.example.co.uk', symbol: '£', hebrew: false },
  { name: 'סופר השכונה', address: 'kabala@super.example.co.il', symbol: 'ש״ח', hebrew: true },
] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

// --- Search ----------------------------------------------------------------------------------------

type Token = { t: '(' | ')' | '{' | '}' | '-' } | { t: 'word'; v: string; op?: string } | { t: 'op-group'; op: string };
type QueryNode = { type: 'and' | 'or'; items: QueryNode[] } | { type: 'not'; item: QueryNode } | { type: 'term'; op?: string; value: string };

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '{' || c === '}') {
      tokens.push({ t: c });
      i++;
    } else if (c === '-' && i + 1 < q.length && !/\s/.test(q[i + 1]!)) {
      tokens.push({ t: '-' });
      i++;
    } else if (c === '"') {
      const end = q.indexOf('"', i + 1);
      const v = q.slice(i + 1, end === -1 ? q.length : end);
      tokens.push({ t: 'word', v });
      i = end === -1 ? q.length : end + 1;
    } else {
      let j = i;
      while (j < q.length && !/[\s(){}"]/.test(q[j]!)) j++;
      const word = q.slice(i, j);
      const op = /^([a-z_]+):(.*)$/i.exec(word);
      if (op && op[2] === '' && q[j] === '(') {
        tokens.push({ t: 'op-group', op: op[1]!.toLowerCase() });
      } else if (op && op[2] === '' && q[j] === '"') {
        const end = q.indexOf('"', j + 1);
        tokens.push({ t: 'word', op: op[1]!.toLowerCase(), v: q.slice(j + 1, end === -1 ? q.length : end) });
        j = end === -1 ? q.length : end + 1;
      } else if (op && op[2] !== '') {
        tokens.push({ t: 'word', op: op[1]!.toLowerCase(), v: op[2]! });
      } else {
        tokens.push({ t: 'word', v: word });
      }
      i = j;
    }
  }
  return tokens;
}

/** Gmail's search syntax, the parts receipt sync uses: AND by juxtaposition, OR, {a b}, (…), -x, op:value, op:(a b). */
export function parseQuery(q: string): QueryNode {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];
  const parseOr = (op?: string): QueryNode => {
    const items = [parseAnd(op)];
    for (;;) {
      const t = peek();
      if (t?.t === 'word' && !t.op && t.v === 'OR') {
        pos++;
        items.push(parseAnd(op));
      } else break;
    }
    return items.length === 1 ? items[0]! : { type: 'or', items };
  };
  const parseAnd = (op?: string): QueryNode => {
    const items: QueryNode[] = [];
    for (;;) {
      const t = peek();
      if (!t || t.t === ')' || t.t === '}' || (t.t === 'word' && !t.op && t.v === 'OR')) break;
      items.push(parseUnary(op));
    }
    return items.length === 1 ? items[0]! : { type: 'and', items };
  };
  const parseUnary = (op?: string): QueryNode => {
    const t = tokens[pos++]!;
    if (t.t === '-') return { type: 'not', item: parseUnary(op) };
    if (t.t === '(') {
      const inner = parseOr(op);
      if (peek()?.t === ')') pos++;
      return inner;
    }
    if (t.t === '{') {
      const items: QueryNode[] = [];
      while (peek() && peek()!.t !== '}') items.push(parseUnary(op));
      if (peek()?.t === '}') pos++;
      return { type: 'or', items };
    }
    if (t.t === 'op-group') {
      pos++; // the "("
      const inner = parseOr(t.op);
      if (peek()?.t === ')') pos++;
      return inner;
    }
    if (t.t === 'word') {
      const opName = t.op ?? op;
      return opName ? { type: 'term', op: opName, value: t.v } : { type: 'term', value: t.v };
    }
    return { type: 'and', items: [] }; // a stray ")" or "}"
  };
  const root: QueryNode[] = [];
  while (pos < tokens.length) {
    const before = pos;
    root.push(parseOr());
    if (pos === before) pos++; // skip a stray closer
  }
  return root.length === 1 ? root[0]! : { type: 'and', items: root };
}

function parseSearchDate(value: string): number | null {
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

function relativeMs(value: string): number | null {
  const m = /^(\d+)([dmy])$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  return n * (unit === 'd' ? DAY_MS : unit === 'm' ? 30 * DAY_MS : 365 * DAY_MS);
}

// --- The server -------------------------------------------------------------------------------------

export class FakeGmailApi extends FakeHttpServer {
  readonly emailAddress: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly requests: RequestRecord[] = [];
  /** Every query term the fake did not understand and ignored. */
  readonly ignoredQueryTerms: string[] = [];

  private readonly now: () => number;
  private readonly ttlSeconds: number;

  private readonly messages: StoredMessage[] = [];
  private readonly byId = new Map<string, StoredMessage>();
  private readonly history: HistoryEvent[] = [];
  private historyCounter: number;
  private oldestValidHistoryId = 0;
  private seq = 0;
  private generated = 0;
  private lastDate = 0;

  private requestCount = 0;
  private readonly endpointCounts = new Map<FakeEndpoint, number>();
  private readonly messageGetCounts = new Map<string, number>();
  private readonly attachmentGetCounts = new Map<string, number>();
  private inFlight = 0;
  private maxInFlightSeen = 0;

  private readonly validAccessTokens = new Set<string>();
  private readonly refreshTokens = new Map<string, { scope: string; revoked: boolean }>();
  private readonly codes = new Map<string, AuthCode>();
  private consent: 'grant' | 'deny' = 'grant';
  private grantedScopesOverride: string[] | null = null;
  private stateOverride: string | null = null;
  private tokenGrants = { authorizationCode: 0, refresh: 0 };

  private faults: Fault[] = [];
  private everyNth: { n: number; error: FakeGoogleError; endpoint?: FakeEndpoint; count: number } | null = null;
  private rateLimit: { perSecond: number; error: FakeGoogleError; times: number[] } | null = null;

  private constructor(options: FakeGmailOptions) {
    // Let clients notice their pooled keep-alive sockets are gone after an outage starts, so
    // the next request meets a refused connection (offline), not a dead pooled socket (connection-lost).
    super({ settleAfterCloseMs: 20 });
    this.emailAddress = options.emailAddress ?? 'owner@taskdeck-bakery.example';
    this.clientId = options.clientId ?? '1234567890-taskdeck.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret ?? 'GOCSPX-fake-desktop-secret';
    this.now = options.now ?? Date.now;
    this.ttlSeconds = options.accessTokenTtlSeconds ?? 3599;
    this.historyCounter = options.startHistoryId ?? 100_000;
    if (options.accessToken) this.validAccessTokens.add(options.accessToken);
  }

  static async start(options: FakeGmailOptions = {}): Promise<FakeGmailApi> {
    const api = new FakeGmailApi(options);
    await api.listen(0);
    return api;
  }

  get authUrl(): string {
    return `${this.baseUrl}/o/oauth2/v2/auth`;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/token`;
  }

  get currentHistoryId(): number {
    return this.historyCounter;
  }

  // --- Mailbox ------------------------------------------------------------------------------

  /** Adds one message; returns its id. */
  addMessage(spec: FakeMessageSpec = {}): string {
    const seq = ++this.seq;
    const id = `19${seq.toString(16).padStart(14, '0')}`;
    const date = spec.date?.getTime() ?? Math.max(this.now(), this.lastDate + 1000);
    this.lastDate = Math.max(this.lastDate, date);
    const text = spec.text ?? '';
    const html = spec.html ?? '';
    const attachments = (spec.attachments ?? []).map((a, index): StoredAttachment => {
      const mimeType = a.mimeType ?? (a.filename.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream');
      const contentKey = a.contentKey ?? `att:${id}:${index}`;
      const size = a.content?.length ?? a.size ?? sizeFor(contentKey, undefined);
      const stored: StoredAttachment = {
        attachmentId: `ANGjdJ_${Buffer.from(`${id}.${index + 1}:${hashInt(contentKey + id).toString(36)}`).toString('base64url')}`,
        partId: String(index + 1),
        filename: a.filename,
        mimeType,
        size,
        contentKey,
        inline: a.inline ?? false,
      };
      if (a.content) stored.content = a.content;
      return stored;
    });
    const snippet = spec.snippet ?? escapeHtml((text || html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim().slice(0, 200));
    const from = spec.from ?? 'Someone <someone@example.com>';
    const subject = spec.subject ?? '';
    const message: StoredMessage = {
      seq,
      id,
      threadId: spec.threadId ?? id,
      historyId: ++this.historyCounter,
      internalDate: date,
      labelIds: spec.labelIds ?? ['INBOX', 'UNREAD', 'CATEGORY_UPDATES'],
      from,
      to: spec.to ?? this.emailAddress,
      subject,
      dateHeader: spec.dateHeader ?? rfc2822(new Date(date)),
      text,
      html,
      snippet,
      attachments,
      deleted: false,
      haystack: `${from}\n${subject}\n${text}\n${html}`.toLowerCase(),
    };
    this.messages.push(message);
    this.byId.set(id, message);
    this.history.push({ id: message.historyId, type: 'messageAdded', messageId: id, threadId: message.threadId, labelIds: message.labelIds });
    return id;
  }

  /**
   * Adds `n` realistic receipt mails (vendors in English and Hebrew, amounts in the body),
   * newest last. Returns their ids in the order added.
   */
  addMessages(n: number, options: AddMessagesOptions = {}): string[] {
    const count = options.withAttachments === undefined || options.withAttachments === true ? 1 : options.withAttachments === false ? 0 : options.withAttachments;
    const spacing = options.spacingMs ?? 60_000;
    const now = this.now();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = ++this.generated;
      const vendor = VENDORS[k % VENDORS.length]!;
      const amount = ((k * 7919) % 90_000) / 100 + 10;
      const total = amount.toFixed(2);
      const money = vendor.symbol === 'ש״ח' ? `${total} ש״ח` : `${vendor.symbol}${total}`;
      const subject = vendor.hebrew ? `קבלה מס' ${1000 + k} מ${vendor.name}` : `Your receipt from ${vendor.name || 'Bookshop'} #${1000 + k}`;
      const text = vendor.hebrew
        ? `תודה על התשלום.\nמספר הזמנה: ${1000 + k}\nסה״כ לתשלום: ${money}\n`
        : `Thank you for your purchase.\nOrder #${1000 + k}\nTotal: ${money}\n`;
      const html = `<html><body><p>${escapeHtml(text).replace(/\n/g, '<br>')}</p></body></html>`;
      const date = new Date(Math.max(now - (n - 1 - i) * spacing, this.lastDate + spacing));
      const attachments: FakeAttachmentSpec[] = [];
      for (let a = 0; a < count; a++) {
        const pdf = a % 2 === 0;
        const shared = a === 0 && options.sameAttachmentEvery !== undefined && options.sameAttachmentEvery > 0 && k % options.sameAttachmentEvery === 0;
        const contentKey = shared ? 'shared-attachment' : `gen:${k}:${a}`;
        attachments.push({
          filename: pdf ? `receipt-${1000 + k}${a ? `-${a}` : ''}.pdf` : `photo-${1000 + k}-${a}.jpg`,
          mimeType: pdf ? 'application/pdf' : 'image/jpeg',
          contentKey,
          size: sizeFor(contentKey, options.attachmentSize),
        });
      }
      if (options.withSignatureLogo) attachments.push({ filename: 'logo.png', mimeType: 'image/png', size: 1100, contentKey: 'signature-logo', inline: true });
      ids.push(
        this.addMessage({
          from: vendor.name ? `"${vendor.name}" <${vendor.address}>` : vendor.address,
          subject,
          date,
          text,
          html,
          attachments,
          ...(options.labelIds ? { labelIds: options.labelIds } : {}),
        }),
      );
    }
    return ids;
  }

  /** Deletes a message: messages.get answers 404 from now on, and history gets messageDeleted. */
  deleteMessage(id: string): void {
    const message = this.byId.get(id);
    if (!message || message.deleted) return;
    message.deleted = true;
    this.history.push({ id: ++this.historyCounter, type: 'messageDeleted', messageId: id, threadId: message.threadId, labelIds: [] });
  }

  /** Non-deleted message ids, newest first (the order messages.list uses). */
  messageIds(): string[] {
    return this.sorted(this.messages.filter((m) => !m.deleted)).map((m) => m.id);
  }

  /** The attachments of a message as the API lists them. */
  attachmentsOf(messageId: string): { attachmentId: string; filename: string; mimeType: string; size: number; inline: boolean; contentKey: string }[] {
    return (this.byId.get(messageId)?.attachments ?? []).map(({ attachmentId, filename, mimeType, size, inline, contentKey }) => ({ attachmentId, filename, mimeType, size, inline, contentKey }));
  }

  attachmentContent(messageId: string, attachmentId: string): Buffer {
    const attachment = this.byId.get(messageId)?.attachments.find((a) => a.attachmentId === attachmentId);
    if (!attachment) throw new Error(`No attachment ${attachmentId} in message ${messageId}`);
    return attachment.content ?? contentFor(attachment.contentKey, attachment.size, attachment.mimeType);
  }

  attachmentSha256(messageId: string, attachmentId: string): string {
    return createHash('sha256').update(this.attachmentContent(messageId, attachmentId)).digest('hex');
  }

  /** history.list answers 404 for any startHistoryId below `historyId` (null: keep everything). */
  expireHistoryBefore(historyId: number | null): void {
    this.oldestValidHistoryId = historyId ?? 0;
  }

  /** Every history id handed out so far is too old now; the current one (from getProfile) still works. */
  expireHistory(): void {
    this.oldestValidHistoryId = this.historyCounter;
  }

  // --- Tokens and consent ---------------------------------------------------------------------

  /** A fresh valid access token (for tests that do not go through OAuth). */
  issueAccessToken(): string {
    const token = `ya29.fake-${randomBytes(18).toString('base64url')}`;
    this.validAccessTokens.add(token);
    return token;
  }

  /** Every access token issued so far stops working (401) until a new one is obtained. */
  expireAccessTokens(): void {
    this.validAccessTokens.clear();
  }

  /** Refresh tokens issued so far are revoked: the token endpoint answers invalid_grant. */
  revokeRefreshTokens(): void {
    for (const entry of this.refreshTokens.values()) entry.revoked = true;
  }

  /** The consent screen grants (default) or the owner clicks Cancel (error=access_denied). */
  setConsent(consent: 'grant' | 'deny'): void {
    this.consent = consent;
  }

  /** The owner unticks scopes on Google's granular consent screen: only these are granted. */
  grantOnlyScopes(scopes: string[] | null): void {
    this.grantedScopesOverride = scopes;
  }

  /** The redirect carries this state instead of the one asked for (a forged redirect). */
  forgeState(state: string | null): void {
    this.stateOverride = state;
  }

  get grants(): { authorizationCode: number; refresh: number } {
    return { ...this.tokenGrants };
  }

  // --- Faults ------------------------------------------------------------------------------------

  /** The next `count` API requests (optionally only to one endpoint) answer `error`. */
  failNext(error: FakeGoogleError, options: { count?: number; endpoint?: FakeEndpoint } = {}): void {
    this.faults.push({ error, remaining: options.count ?? 1, ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  }

  /** Every Nth API request (optionally only to one endpoint) answers `error`. */
  failEveryNth(n: number, error: FakeGoogleError, endpoint?: FakeEndpoint): void {
    this.everyNth = n > 0 ? { n, error, count: 0, ...(endpoint ? { endpoint } : {}) } : null;
  }

  /** API requests above `perSecond` in the last second answer `error` (default 429 rateLimitExceeded); null = no limit. */
  limitRate(perSecond: number | null, error: FakeGoogleError = GMAIL_ERRORS.rateLimit429): void {
    this.rateLimit = perSecond === null ? null : { perSecond, error, times: [] };
  }

  clearFaults(): void {
    this.faults = [];
    this.everyNth = null;
    this.rateLimit = null;
  }

  // --- Request log --------------------------------------------------------------------------------

  get counts(): { requests: number; byEndpoint: Partial<Record<FakeEndpoint, number>>; maxInFlight: number } {
    return { requests: this.requestCount, byEndpoint: Object.fromEntries(this.endpointCounts) as Partial<Record<FakeEndpoint, number>>, maxInFlight: this.maxInFlightSeen };
  }

  /** Successful (200) messages.get answers per message id. */
  messageGets(): Map<string, number> {
    return new Map(this.messageGetCounts);
  }

  /** Successful (200) attachments.get answers per "messageId/attachmentId". */
  attachmentGets(): Map<string, number> {
    return new Map(this.attachmentGetCounts);
  }

  /** Messages fetched, and attachments downloaded, more than once (successfully). */
  fetchedMoreThanOnce(): { messages: string[]; attachments: string[] } {
    const over = (m: Map<string, number>) => [...m].filter(([, n]) => n > 1).map(([k]) => k);
    return { messages: over(this.messageGetCounts), attachments: over(this.attachmentGetCounts) };
  }

  resetLog(): void {
    this.requests.length = 0;
    this.requestCount = 0;
    this.endpointCounts.clear();
    this.messageGetCounts.clear();
    this.attachmentGetCounts.clear();
    this.maxInFlightSeen = 0;
  }

  // --- Plumbing ---------------------------------------------------------------------------------------

  private record(entry: Omit<RequestRecord, 'at'>): void {
    this.requests.push({ at: Date.now(), ...entry });
    if (this.requests.length > REQUEST_LOG_MAX) this.requests.splice(0, this.requests.length - REQUEST_LOG_MAX);
  }

  private endpointOf(method: string, parts: string[]): { endpoint: FakeEndpoint; messageId?: string; attachmentId?: string } {
    if (method === 'GET' && parts.join('/') === 'o/oauth2/v2/auth') return { endpoint: 'oauth.auth' };
    if (method === 'POST' && parts.length === 1 && parts[0] === 'token') return { endpoint: 'oauth.token' };
    if (method !== 'GET' || parts[0] !== 'gmail' || parts[1] !== 'v1' || parts[2] !== 'users' || !parts[3]) return { endpoint: 'unknown' };
    const rest = parts.slice(4);
    if (rest.length === 1 && rest[0] === 'profile') return { endpoint: 'profile' };
    if (rest.length === 1 && rest[0] === 'messages') return { endpoint: 'messages.list' };
    if (rest.length === 2 && rest[0] === 'messages') return { endpoint: 'messages.get', messageId: rest[1]! };
    if (rest.length === 4 && rest[0] === 'messages' && rest[2] === 'attachments') return { endpoint: 'attachments.get', messageId: rest[1]!, attachmentId: rest[3]! };
    if (rest.length === 1 && rest[0] === 'history') return { endpoint: 'history.list' };
    return { endpoint: 'unknown' };
  }

  protected override handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const n = ++this.requestCount;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.baseUrl);
    const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    const target = this.endpointOf(method, parts);
    this.endpointCounts.set(target.endpoint, (this.endpointCounts.get(target.endpoint) ?? 0) + 1);
    const base = { n, method, endpoint: target.endpoint, path: url.pathname, ...(target.messageId ? { messageId: target.messageId } : {}), ...(target.attachmentId ? { attachmentId: target.attachmentId } : {}) };
    if (this.dropsConnection(req)) {
      this.record({ ...base, status: 'dropped' });
      return;
    }
    this.readBody(req, 64 * 1024, (body) => {
      this.inFlight++;
      this.maxInFlightSeen = Math.max(this.maxInFlightSeen, this.inFlight);
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        this.record({ ...base, status });
        if (status === 200 && target.endpoint === 'messages.get') this.messageGetCounts.set(target.messageId!, (this.messageGetCounts.get(target.messageId!) ?? 0) + 1);
        if (status === 200 && target.endpoint === 'attachments.get') {
          const key = `${target.messageId}/${target.attachmentId}`;
          this.attachmentGetCounts.set(key, (this.attachmentGetCounts.get(key) ?? 0) + 1);
        }
        this.writeAnswer(res, status, payload, headers);
      };
      void this.delay()
        .then(() => this.route(target, url, req, body, reply))
        .catch(() => reply(500, errorBody(GMAIL_ERRORS.backendError500)))
        .finally(() => {
          this.inFlight--;
        });
    });
  }

  private async route(
    target: { endpoint: FakeEndpoint; messageId?: string; attachmentId?: string },
    url: URL,
    req: http.IncomingMessage,
    body: string,
    reply: (status: number, payload: unknown, headers?: Record<string, string>) => void,
  ): Promise<void> {
    const fail = (error: FakeGoogleError) => {
      const headers: Record<string, string> = {};
      if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
      if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="https://accounts.google.com/", error="invalid_token"';
      if (error.rawBody !== undefined) return reply(error.status, error.rawBody, headers);
      return reply(error.status, errorBody(error), headers);
    };
    if (target.endpoint === 'oauth.auth') return this.authorize(url, reply);
    if (target.endpoint === 'oauth.token') return this.token(body, reply);
    if (target.endpoint === 'unknown') return fail({ status: 404, reason: 'notFound', message: `Not found: ${url.pathname}` });

    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.validAccessTokens.has(token)) return fail(GMAIL_ERRORS.invalidCredentials401);
    const injected = this.injectedFault(target.endpoint);
    if (injected) return fail(injected);

    switch (target.endpoint) {
      case 'profile':
        return reply(200, {
          emailAddress: this.emailAddress,
          messagesTotal: this.messages.filter((m) => !m.deleted).length,
          threadsTotal: new Set(this.messages.filter((m) => !m.deleted).map((m) => m.threadId)).size,
          historyId: String(this.historyCounter),
        });
      case 'messages.list':
        return this.list(url, reply, fail);
      case 'messages.get': {
        const message = this.byId.get(target.messageId!);
        if (!message || message.deleted) return fail(GMAIL_ERRORS.notFound404);
        const format = url.searchParams.get('format') ?? 'full';
        if (!['full', 'metadata', 'minimal'].includes(format)) return fail({ status: 400, reason: 'invalidArgument', message: `Invalid format: ${format} (this fake speaks full, metadata and minimal)` });
        return reply(200, this.messageResource(message, format, url.searchParams.getAll('metadataHeaders')));
      }
      case 'attachments.get': {
        const message = this.byId.get(target.messageId!);
        const attachment = message && !message.deleted ? message.attachments.find((a) => a.attachmentId === target.attachmentId) : undefined;
        if (!attachment) return fail(GMAIL_ERRORS.notFound404);
        const content = attachment.content ?? contentFor(attachment.contentKey, attachment.size, attachment.mimeType);
        return reply(200, { attachmentId: attachment.attachmentId, size: content.length, data: content.toString('base64url') });
      }
      case 'history.list':
        return this.historyList(url, reply, fail);
      default:
        return fail(GMAIL_ERRORS.notFound404);
    }
  }

  private injectedFault(endpoint: FakeEndpoint): FakeGoogleError | null {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.endpoint || f.endpoint === endpoint));
    if (fault) {
      fault.remaining--;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      return fault.error;
    }
    if (this.everyNth && (!this.everyNth.endpoint || this.everyNth.endpoint === endpoint)) {
      this.everyNth.count++;
      if (this.everyNth.count % this.everyNth.n === 0) return this.everyNth.error;
    }
    if (this.rateLimit) {
      const now = Date.now();
      const times = this.rateLimit.times;
      while (times.length && times[0]! <= now - 1000) times.shift();
      if (times.length >= this.rateLimit.perSecond) return this.rateLimit.error;
      times.push(now);
    }
    return null;
  }

  private sorted(list: StoredMessage[]): StoredMessage[] {
    return list.sort((a, b) => b.internalDate - a.internalDate || b.seq - a.seq);
  }

  private list(url: URL, reply: (status: number, payload: unknown) => void, fail: (error: FakeGoogleError) => void): void {
    const q = url.searchParams.get('q') ?? '';
    const includeSpamTrash = url.searchParams.get('includeSpamTrash') === 'true';
    const labelIds = url.searchParams.getAll('labelIds');
    const maxResults = Math.min(Math.max(Number(url.searchParams.get('maxResults') ?? 100) || 100, 1), 500);
    const query = q.trim() ? parseQuery(q) : null;
    const queryHash = hashInt(`${q}|${includeSpamTrash}|${labelIds.join(',')}`);
    let after: { d: number; s: number } | null = null;
    const pageToken = url.searchParams.get('pageToken');
    if (pageToken) {
      try {
        const decoded = JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8')) as { d: number; s: number; h: number };
        if (decoded.h !== queryHash || typeof decoded.d !== 'number' || typeof decoded.s !== 'number') throw new Error('mismatch');
        after = { d: decoded.d, s: decoded.s };
      } catch {
        return fail({ status: 400, reason: 'invalidArgument', message: 'Invalid pageToken' });
      }
    }
    const now = this.now();
    const matches = this.sorted(
      this.messages.filter(
        (m) =>
          !m.deleted &&
          (includeSpamTrash || !m.labelIds.some((l) => l === 'SPAM' || l === 'TRASH')) &&
          labelIds.every((l) => m.labelIds.includes(l)) &&
          (!query || this.matches(m, query, now)),
      ),
    );
    const start = after ? matches.findIndex((m) => m.internalDate < after.d || (m.internalDate === after.d && m.seq < after.s)) : 0;
    const page = start === -1 ? [] : matches.slice(start, start + maxResults);
    const payload: Json = { resultSizeEstimate: matches.length };
    if (page.length) payload.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
    const last = page[page.length - 1];
    if (last && start + page.length < matches.length) {
      payload.nextPageToken = Buffer.from(JSON.stringify({ d: last.internalDate, s: last.seq, h: queryHash })).toString('base64url');
    }
    reply(200, payload);
  }

  private matches(m: StoredMessage, node: QueryNode, now: number): boolean {
    switch (node.type) {
      case 'and':
        return node.items.every((item) => this.matches(m, item, now));
      case 'or':
        return node.items.some((item) => this.matches(m, item, now));
      case 'not':
        return !this.matches(m, node.item, now);
      case 'term':
        return this.matchTerm(m, node.op, node.value.toLowerCase(), now);
    }
  }

  private matchTerm(m: StoredMessage, op: string | undefined, value: string, now: number): boolean {
    const files = m.attachments.filter((a) => !a.inline);
    switch (op) {
      case undefined:
        return m.haystack.includes(value);
      case 'has':
        if (value === 'attachment') return files.length > 0;
        break;
      case 'from':
        return m.from.toLowerCase().includes(value);
      case 'to':
        return m.to.toLowerCase().includes(value);
      case 'subject':
        return m.subject.toLowerCase().includes(value);
      case 'filename':
        return files.some((a) => a.filename.toLowerCase().includes(value) || a.mimeType.includes(value));
      case 'newer_than':
      case 'older_than': {
        const ms = relativeMs(value);
        if (ms === null) break;
        return op === 'newer_than' ? m.internalDate > now - ms : m.internalDate < now - ms;
      }
      case 'after':
      case 'before': {
        const at = parseSearchDate(value);
        if (at === null) break;
        return op === 'after' ? m.internalDate >= at : m.internalDate < at;
      }
      case 'label':
        return m.labelIds.some((l) => l.toLowerCase() === value);
      case 'in':
        if (value === 'anywhere') return true;
        return m.labelIds.some((l) => l.toLowerCase() === value);
    }
    this.ignoredQueryTerms.push(`${op}:${value}`);
    return true;
  }

  private messageResource(m: StoredMessage, format: string, metadataHeaders: string[]): Json {
    const resource: Json = {
      id: m.id,
      threadId: m.threadId,
      labelIds: m.labelIds,
      snippet: m.snippet,
      sizeEstimate: 2000 + m.text.length + m.html.length + m.attachments.reduce((sum, a) => sum + Math.ceil((a.size * 4) / 3), 0),
      historyId: String(m.historyId),
      internalDate: String(m.internalDate),
    };
    if (format === 'minimal') return resource;
    const headers = [
      { name: 'Delivered-To', value: m.to },
      { name: 'MIME-Version', value: '1.0' },
      { name: 'Date', value: m.dateHeader },
      { name: 'Message-ID', value: `<${m.id}@mail.fake.example>` },
      { name: 'Subject', value: m.subject },
      { name: 'From', value: m.from },
      { name: 'To', value: m.to },
    ];
    const full = this.mimeTree(m, headers);
    if (format === 'metadata') {
      const wanted = metadataHeaders.map((h) => h.toLowerCase());
      resource.payload = { partId: '', mimeType: full.mimeType, filename: '', headers: wanted.length ? headers.filter((h) => wanted.includes(h.name.toLowerCase())) : full.headers, body: { size: 0 } };
      return resource;
    }
    resource.payload = full;
    return resource;
  }

  private mimeTree(m: StoredMessage, topHeaders: { name: string; value: string }[]): Json {
    const boundary = (tag: string) => `000000000000${hashInt(`${m.id}:${tag}`).toString(16).padStart(8, '0')}`;
    const textPart = (partId: string, mimeType: string, content: string): Json => {
      const bytes = Buffer.from(content, 'utf8');
      return {
        partId,
        mimeType,
        filename: '',
        headers: [
          { name: 'Content-Type', value: `${mimeType}; charset="UTF-8"` },
          { name: 'Content-Transfer-Encoding', value: 'quoted-printable' },
        ],
        body: { size: bytes.length, data: bytes.toString('base64url') },
      };
    };
    const bodies: Json[] = [];
    if (m.text) bodies.push(textPart('', 'text/plain', m.text));
    if (m.html) bodies.push(textPart('', 'text/html', m.html));
    if (!bodies.length) bodies.push(textPart('', 'text/plain', ''));

    const alternative = (prefix: string): Json => {
      if (bodies.length === 1) return { ...bodies[0]!, partId: prefix };
      return {
        partId: prefix,
        mimeType: 'multipart/alternative',
        filename: '',
        headers: [{ name: 'Content-Type', value: `multipart/alternative; boundary="${boundary('alt')}"` }],
        body: { size: 0 },
        parts: bodies.map((b, i) => ({ ...b, partId: prefix ? `${prefix}.${i}` : String(i) })),
      };
    };

    if (!m.attachments.length) {
      const root = alternative('');
      const rootHeaders = [...topHeaders, ...(root.headers as { name: string; value: string }[])];
      return { ...root, partId: '', headers: rootHeaders };
    }
    const attachmentParts = m.attachments.map((a): Json => {
      const headers = [
        { name: 'Content-Type', value: `${a.mimeType}; name="${a.filename}"` },
        { name: 'Content-Disposition', value: `${a.inline ? 'inline' : 'attachment'}; filename="${a.filename}"` },
        { name: 'Content-Transfer-Encoding', value: 'base64' },
        { name: 'X-Attachment-Id', value: `f_${hashInt(a.attachmentId).toString(36)}` },
      ];
      if (a.inline) headers.push({ name: 'Content-ID', value: `<ii_${hashInt(a.attachmentId).toString(36)}>` });
      return { partId: a.partId, mimeType: a.mimeType, filename: a.filename, headers, body: { attachmentId: a.attachmentId, size: a.size } };
    });
    return {
      partId: '',
      mimeType: 'multipart/mixed',
      filename: '',
      headers: [...topHeaders, { name: 'Content-Type', value: `multipart/mixed; boundary="${boundary('mixed')}"` }],
      body: { size: 0 },
      parts: [alternative('0'), ...attachmentParts],
    };
  }

  private historyList(url: URL, reply: (status: number, payload: unknown) => void, fail: (error: FakeGoogleError) => void): void {
    const startRaw = url.searchParams.get('startHistoryId');
    if (!startRaw || !/^\d+$/.test(startRaw)) return fail({ status: 400, reason: 'invalidArgument', message: 'Invalid startHistoryId' });
    const start = Number(startRaw);
    if (start < this.oldestValidHistoryId) return fail(GMAIL_ERRORS.notFound404);
    const types = url.searchParams.getAll('historyTypes');
    const labelId = url.searchParams.get('labelId');
    const maxResults = Math.min(Math.max(Number(url.searchParams.get('maxResults') ?? 100) || 100, 1), 500);
    let after = start;
    const pageToken = url.searchParams.get('pageToken');
    if (pageToken) {
      const decoded = Number(Buffer.from(pageToken, 'base64url').toString('utf8'));
      if (!Number.isSafeInteger(decoded)) return fail({ status: 400, reason: 'invalidArgument', message: 'Invalid pageToken' });
      after = decoded;
    }
    const events = this.history.filter((e) => e.id > after && (!types.length || types.includes(e.type)) && (!labelId || e.labelIds.includes(labelId)));
    const page = events.slice(0, maxResults);
    const payload: Json = { historyId: String(this.historyCounter) };
    if (page.length) {
      payload.history = page.map((e) => {
        const ref = { id: e.messageId, threadId: e.threadId };
        return e.type === 'messageAdded'
          ? { id: String(e.id), messages: [ref], messagesAdded: [{ message: { ...ref, labelIds: e.labelIds } }] }
          : { id: String(e.id), messages: [ref], messagesDeleted: [{ message: ref }] };
      });
    }
    if (events.length > page.length) payload.nextPageToken = Buffer.from(String(page[page.length - 1]!.id)).toString('base64url');
    reply(200, payload);
  }

  // --- OAuth ------------------------------------------------------------------------------------------

  private authorize(url: URL, reply: (status: number, payload: unknown, headers?: Record<string, string>) => void): void {
    const p = url.searchParams;
    const errorPage = (title: string) => reply(400, `<html><body><h1>Access blocked: authorization error</h1><p>${escapeHtml(title)}</p></body></html>`);
    if (p.get('client_id') !== this.clientId) return errorPage('Error 401: invalid_client. The OAuth client was not found.');
    const redirectUri = p.get('redirect_uri') ?? '';
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return errorPage('Error 400: redirect_uri_mismatch');
    }
    if (redirect.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(redirect.hostname)) return errorPage('Error 400: redirect_uri_mismatch (desktop clients use a loopback address)');
    if (p.get('response_type') !== 'code') return errorPage('Error 400: unsupported_response_type');
    const challenge = p.get('code_challenge') ?? '';
    const method = p.get('code_challenge_method') ?? 'plain';
    if (challenge && !/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) return errorPage('Error 400: invalid_request (code_challenge)');
    if (method !== 'S256' && method !== 'plain') return errorPage('Error 400: invalid_request (code_challenge_method)');
    const requested = (p.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (!requested.length) return errorPage('Error 400: invalid_request (Missing required parameter: scope)');
    const state = this.stateOverride ?? p.get('state');
    if (state !== null) redirect.searchParams.set('state', state);
    if (this.consent === 'deny') {
      redirect.searchParams.set('error', 'access_denied');
    } else {
      const granted = this.grantedScopesOverride ?? requested;
      const code = `4/0Afake${randomBytes(24).toString('base64url')}`;
      this.codes.set(code, { clientId: this.clientId, redirectUri, challenge, method, scope: granted.join(' '), expiresAt: Date.now() + 10 * 60_000, used: false });
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('scope', granted.join(' '));
    }
    reply(302, '', { location: redirect.href });
  }

  private token(body: string, reply: (status: number, payload: unknown) => void): void {
    const form = new URLSearchParams(body);
    const oauthError = (status: number, error: string, description: string) => reply(status, { error, error_description: description });
    if (form.get('client_id') !== this.clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    const secret = form.get('client_secret');
    if (secret !== null && secret !== this.clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
      if (code.used || code.expiresAt < Date.now()) return oauthError(400, 'invalid_grant', 'Bad Request');
      if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      const verifier = form.get('code_verifier');
      if (code.challenge) {
        if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
        const computed = code.method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
        if (computed !== code.challenge) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
      }
      code.used = true;
      this.tokenGrants.authorizationCode++;
      const refreshToken = `1//0fake-${randomBytes(24).toString('base64url')}`;
      this.refreshTokens.set(refreshToken, { scope: code.scope, revoked: false });
      return reply(200, { access_token: this.issueAccessToken(), expires_in: this.ttlSeconds, refresh_token: refreshToken, scope: code.scope, token_type: 'Bearer' });
    }
    if (grant === 'refresh_token') {
      const entry = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!entry || entry.revoked) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      this.tokenGrants.refresh++;
      return reply(200, { access_token: this.issueAccessToken(), expires_in: this.ttlSeconds, scope: entry.scope, token_type: 'Bearer' });
    }
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
  }
}

/** Whether an endpoint is one of the Gmail API's (not OAuth). */
export function isApiEndpoint(endpoint: FakeEndpoint): boolean {
  return API_ENDPOINTS.includes(endpoint);
}
