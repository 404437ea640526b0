/**
 * What the Gmail API (v1) answers, as zod schemas that also turn each answer into the shape
 * GmailClient hands out. Names and types follow Google's discovery document for gmail/v1
 * (Profile, ListMessagesResponse, Message, MessagePart, MessagePartBody, ListHistoryResponse,
 * History) and Google's JSON error format.
 *
 * How strict, and why:
 * - A field the client relies on (a message's id, the mailbox's history id, a page token, an
 *   attachment's data, the MIME tree) must be there with its documented type, or the answer
 *   is unreadable (the client's `gmailAnswerUnreadable` failure).
 * - The discovery document marks every field optional. A field the client only passes along
 *   may be missing and gets the default the client has always used (0, '', the message id as
 *   the thread id). Present with another type it is not Google's answer: unreadable.
 * - Lists the client always read entry by entry (history changes, headers, label ids) leave
 *   out an entry that cannot be read, so one odd entry does not hide the others.
 * - 64-bit integers (historyId, internalDate) are JSON strings in Google's format; numbers
 *   are accepted as well, and 32-bit ones (sizes, counts) as digit strings.
 * - Fields this file does not name are ignored (zod's default): Google adds fields.
 * - Google's error body is read best effort (see parseGoogleError).
 */
import { z } from 'zod';

// --- What the client hands out -------------------------------------------------------------

export interface GmailProfile {
  emailAddress: string;
  messagesTotal: number;
  threadsTotal: number;
  /** The mailbox's current history id: where an incremental sync starts next time. */
  historyId: string;
}

export interface GmailMessageRef {
  id: string;
  threadId: string;
}

export interface MessageList {
  messages: GmailMessageRef[];
  /** Absent on the last page. */
  nextPageToken?: string;
  resultSizeEstimate: number;
}

export interface GmailHeader {
  name: string;
  value: string;
}

export interface GmailPartBody {
  /** Decoded size in bytes. */
  size: number;
  /** base64url content, when the part is small enough to be inline in the message. */
  data?: string;
  /** Present for attachments: fetch the bytes with getAttachment(). */
  attachmentId?: string;
}

export interface GmailMessagePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: GmailHeader[];
  body: GmailPartBody;
  parts?: GmailMessagePart[];
}

export interface GmailMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  snippet: string;
  historyId: string;
  /** Milliseconds since the epoch when Google accepted the message. */
  internalDate: number;
  sizeEstimate: number;
  payload: GmailMessagePart;
}

export interface HistoryRecord {
  id: string;
  messagesAdded: (GmailMessageRef & { labelIds: string[] })[];
  messagesDeleted: GmailMessageRef[];
}

export interface HistoryList {
  history: HistoryRecord[];
  nextPageToken?: string;
  /** The mailbox's history id when the answer was made: store it after the last page. */
  historyId: string;
}

export interface AttachmentBytes {
  data: Buffer;
  /** The decoded size Google reports, to check the bytes against. */
  size?: number;
}

/** `{ error: { code, message, status, errors: [{ reason, domain, message }], details } }`, as read. */
export interface GoogleApiError {
  code?: number;
  message: string;
  status?: string;
  reasons: string[];
  /** From a google.rpc.RetryInfo detail ("30s"). */
  retryDelayMs?: number;
}

// --- Building blocks --------------------------------------------------------------------------

/** An integer field, as a number or as Google's decimal string for 64-bit values. */
const integer = z.union([z.number(), z.string().regex(/^-?\d{1,16}$/).transform(Number)]);

/** A history id (uint64): a non-empty string, or a safe integer turned into one. */
const historyId = z.union([
  z.string().min(1),
  z
    .number()
    .refine((n) => Number.isSafeInteger(n))
    .transform(String),
]);

/** A list read entry by entry: an entry that `entry` cannot read is left out. */
function readableEntries<T extends z.ZodType>(entry: T) {
  return z.array(z.unknown()).transform((values) =>
    values.flatMap((value) => {
      const parsed = entry.safeParse(value);
      return parsed.success ? [parsed.data as z.output<T>] : [];
    }),
  );
}

const labelIds = readableEntries(z.string()).default([]);

const refFields = { id: z.string().min(1), threadId: z.string().optional() };

/** A Message of which a list or history answer carries only id and threadId. */
const messageRef = z.object(refFields).transform(({ id, threadId }): GmailMessageRef => ({ id, threadId: threadId ?? id }));

// --- users.getProfile --------------------------------------------------------------------------

export const profileAnswer = z.object({
  emailAddress: z.string().min(1),
  historyId,
  messagesTotal: integer.default(0),
  threadsTotal: integer.default(0),
}) satisfies z.ZodType<GmailProfile>;

// --- users.messages.list -----------------------------------------------------------------------

/** `messages` is left out of the answer when nothing matches. */
export const messageListAnswer = z
  .object({
    messages: z.array(messageRef).default([]),
    nextPageToken: z.string().optional(),
    resultSizeEstimate: integer.optional(),
  })
  .transform(({ messages, nextPageToken, resultSizeEstimate }): MessageList => {
    const list: MessageList = { messages, resultSizeEstimate: resultSizeEstimate ?? messages.length };
    if (nextPageToken) list.nextPageToken = nextPageToken;
    return list;
  });

// --- users.messages.get (format=full or metadata) ----------------------------------------------

/** Deeper MIME trees than this are not mail but an attack on the parser (and the stack). */
const MAX_PART_DEPTH = 32;

/** Whether `root`'s parts nest at most MAX_PART_DEPTH deep; walks the raw JSON without recursion. */
function withinPartDepth(root: unknown): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (depth > MAX_PART_DEPTH) return false;
    const parts = typeof value === 'object' && value !== null ? (value as { parts?: unknown }).parts : undefined;
    if (Array.isArray(parts)) for (const child of parts) stack.push([child, depth + 1]);
  }
  return true;
}

const header = z.object({ name: z.string().min(1), value: z.string().default('') });

/** Empty strings are left out, so `if (body.data)` and `if (body.attachmentId)` read the same as before. */
const partBody = z
  .object({ size: integer.default(0), data: z.string().optional(), attachmentId: z.string().optional() })
  .transform(({ size, data, attachmentId }): GmailPartBody => {
    const body: GmailPartBody = { size };
    if (data) body.data = data;
    if (attachmentId) body.attachmentId = attachmentId;
    return body;
  });

const messagePart: z.ZodType<GmailMessagePart> = z.lazy(() =>
  z
    .object({
      partId: z.string().default(''),
      mimeType: z
        .string()
        .transform((type) => type.toLowerCase())
        .default('application/octet-stream'),
      filename: z.string().default(''),
      headers: readableEntries(header).default([]),
      // A container part (multipart/*) may have no body at all.
      body: partBody.default({ size: 0 }),
      parts: z.array(messagePart).optional(),
    })
    .transform(({ parts, ...fields }): GmailMessagePart => (parts ? { ...fields, parts } : fields)),
);

const payload = z
  .unknown()
  .refine(withinPartDepth, { message: `MIME parts nested more than ${MAX_PART_DEPTH} deep` })
  .pipe(messagePart);

/** What a message without a payload (format=minimal) is given, so readers need not check. */
function emptyPayload(): GmailMessagePart {
  return { partId: '', mimeType: 'text/plain', filename: '', headers: [], body: { size: 0 } };
}

export const messageAnswer = z
  .object({
    ...refFields,
    labelIds,
    snippet: z.string().default(''),
    // The last change's id; '' kept readable, as before (only the mailbox's history id matters).
    historyId: z.union([z.string(), historyId]).default(''),
    internalDate: integer.default(0),
    sizeEstimate: integer.default(0),
    payload: payload.optional(),
  })
  .transform(
    (message): GmailMessage => ({
      ...message,
      threadId: message.threadId ?? message.id,
      payload: message.payload ?? emptyPayload(),
    }),
  );

// --- users.history.list --------------------------------------------------------------------------

/** HistoryMessageAdded: the message is optional in the contract; a change without one is left out. */
const messageAdded = z
  .object({ message: z.object({ ...refFields, labelIds }) })
  .transform(({ message }) => ({ id: message.id, threadId: message.threadId ?? message.id, labelIds: message.labelIds }));

const messageDeleted = z.object({ message: messageRef }).transform(({ message }) => message);

/** A record of only label changes (or of another history type) has neither list. */
const historyRecord = z.object({
  id: historyId,
  messagesAdded: readableEntries(messageAdded).default([]),
  messagesDeleted: readableEntries(messageDeleted).default([]),
}) satisfies z.ZodType<HistoryRecord>;

/** `history` is left out of the answer when nothing changed since the start history id. */
export const historyListAnswer = z
  .object({
    history: z.array(historyRecord).default([]),
    historyId,
    nextPageToken: z.string().optional(),
  })
  .transform(({ history, historyId: current, nextPageToken }): HistoryList => {
    const list: HistoryList = { history, historyId: current };
    if (nextPageToken) list.nextPageToken = nextPageToken;
    return list;
  });

// --- users.messages.attachments.get ----------------------------------------------------------------

/** A MessagePartBody whose `data` (base64url) is the point of the call. */
export const attachmentAnswer = z
  .object({
    data: z.string().regex(/^[A-Za-z0-9_\-+/=\s]*$/, 'not base64url'),
    size: integer.optional(),
  })
  .transform(({ data, size }): AttachmentBytes => ({ data: Buffer.from(data, 'base64url'), ...(size !== undefined ? { size } : {}) }));

// --- Google's error body -------------------------------------------------------------------------

/** A field of an error body: read when it has its type, else as if absent. */
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** An entry that is not an object reads as an empty one. */
const looseEntries = <T extends z.ZodType>(entry: T) => z.array(entry.catch({} as z.output<T>)).catch([]);

const googleErrorBody = z.object({
  error: z.object({
    code: loose(integer),
    message: loose(z.string()),
    status: loose(z.string()),
    errors: looseEntries(z.object({ reason: loose(z.string()), domain: loose(z.string()), message: loose(z.string()) })),
    details: looseEntries(z.object({ '@type': loose(z.string()), reason: loose(z.string()), retryDelay: loose(z.string()) })),
  }),
});

/**
 * Google's error body, read best effort: the HTTP status already decides the outcome and the
 * body only refines it (a rate-limit reason, a wait), so a field of an unexpected type is
 * ignored instead of losing the rest. Null when there is no `error` object with a message or
 * a code (a proxy's HTML page, an empty body).
 */
export function parseGoogleError(body: unknown): GoogleApiError | null {
  const parsed = googleErrorBody.safeParse(body);
  if (!parsed.success) return null;
  const { code, message, status, errors, details } = parsed.data.error;
  if (message === undefined && code === undefined) return null;
  const reasons = errors.flatMap((e) => (e.reason ? [e.reason] : []));
  let retryDelayMs: number | undefined;
  for (const detail of details) {
    const type = detail['@type'] ?? '';
    // google.rpc.ErrorInfo carries the reason in SCREAMING_CASE (RATE_LIMIT_EXCEEDED).
    if (detail.reason && type.endsWith('ErrorInfo')) reasons.push(detail.reason);
    // google.rpc.RetryInfo's retryDelay is a protobuf Duration in JSON: "30s", "1.5s".
    const delay = type.endsWith('RetryInfo') ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay?.trim() ?? '') : null;
    if (delay) retryDelayMs = Math.round(Number(delay[1]) * 1000);
  }
  const error: GoogleApiError = { message: message ?? '', reasons };
  if (code !== undefined) error.code = code;
  if (status) error.status = status;
  if (retryDelayMs !== undefined) error.retryDelayMs = retryDelayMs;
  return error;
}
