// Longer than 400 lines: the request loop, its token refresh and the failure classification share the client's state; the answers' shapes are in ./wire.ts.
/**
 * A small typed client for the parts of the Gmail API (v1) that receipt sync uses: the
 * mailbox profile, messages.list, messages.get, messages.attachments.get and history.list.
 *
 * It never throws for expected failures: every call returns a `GmailResult`, and each
 * failure has a `kind` that tells the sync what to do:
 *
 * - `offline`: nothing reached Google (DNS failure, connection refused or unreachable, TLS
 *   handshake failure, connecting took too long). Wait and try again; burn no attempt.
 * - `connection-lost`: the request went out and the connection broke or no answer came in
 *   time. Every call here is an idempotent GET (a read), so, unlike a WhatsApp send, there
 *   is nothing "in doubt": it is simply retryable, like `offline`.
 * - `quota`: 429, or 403 with a rate-limit reason (rateLimitExceeded, userRateLimitExceeded,
 *   dailyLimitExceeded, quotaExceeded …). `retryAfterMs` comes from Retry-After, or from a
 *   `google.rpc.RetryInfo` detail, or else is the client's own exponential backoff hint
 *   (1 s, 2 s, 4 s … up to 64 s with jitter, as Google's error guide recommends; reset by a
 *   success), so a caller can always just wait `retryAfterMs`.
 * - `auth`: the owner must reconnect Gmail: a 401 that a token refresh did not cure, a
 *   refresh refused with invalid_grant, or a 403 saying the token lacks the Gmail scope.
 * - `history-expired`: history.list answered 404: the start history id is too old (Google
 *   keeps about a week, sometimes less). The sync falls back to a full sync, as documented.
 * - `not-found`: a message or attachment disappeared between list and get (deleted
 *   meanwhile). Skip it.
 * - `server`: 5xx, or a 2xx answer that could not be read. Retryable with backoff.
 * - `bad-request`: any other 4xx; `reason` carries Google's message. Not retryable.
 * - `aborted`: the caller's signal stopped the request. Because reads have no side
 *   effect, the client aborts at once even when the request is on the wire (a cancel
 *   takes effect immediately, unlike the WhatsApp client which lets a send finish).
 *
 * Tokens: `accessToken()` is read before every request. On a 401 the client calls
 * `onUnauthorized()` (a refresh) once and retries the request once with the new token.
 * Concurrent 401s share one refresh, and a request that got a 401 with a token that has
 * already been replaced just retries with the new one. If the refresh itself fails for a
 * network reason (it throws an error whose `code` is `offline`, `connection-lost` or
 * `server`, like `OAuthError` from oauth.ts, or a raw socket error), the failure keeps
 * that kind: a laptop without Wi-Fi must not ask its owner to reconnect Gmail.
 *
 * Offline versus connection-lost is decided from the error alone (no diagnostics-channel
 * phase tracking as in the WhatsApp client): for reads both are retryable, so an error
 * that is ambiguous (our own timeout, a reset) is `connection-lost`, never a reason to fail.
 * The rules for which errors prove "nothing reached Google" are shared with the WhatsApp
 * client, in ../net-errors.ts.
 *
 * Redirects are refused (`redirect: 'error'`): the bearer token must never follow a redirect
 * to another host.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { inspectTransportError } from '../net-errors.ts';
import { asObject, readAnswer, str, type HttpAnswer } from '../http-answers.ts';
import { redactWords, wordsOf, type Message } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import {
  attachmentAnswer,
  historyListAnswer,
  messageAnswer,
  messageListAnswer,
  parseGoogleError,
  profileAnswer,
  type GmailMessage,
  type GmailProfile,
  type HistoryList,
  type MessageList,
} from './wire.ts';

/** The answers' shapes and the error-body reader live in ./wire.ts; exported here as before. */
export type { GmailHeader, GmailMessage, GmailMessagePart, GmailMessageRef, GmailPartBody, GmailProfile, GoogleApiError, HistoryList, HistoryRecord, MessageList } from './wire.ts';
export { parseGoogleError } from './wire.ts';

/** Retry-After as milliseconds; exported here as before (it lives in ../http-answers.ts). */
export { parseRetryAfter } from '../http-answers.ts';

export const DEFAULT_GMAIL_BASE_URL = 'https://gmail.googleapis.com';
const GMAIL_HOST = 'gmail.googleapis.com';
const DEFAULT_TIMEOUT_MS = 30_000;
/** A 25 MB attachment is about 34 M base64 characters; a little more is still a sane answer. */
const MAX_RESPONSE_CHARS = 64 * 1024 * 1024;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 64_000;
/** Gmail's daily limits reset over hours; probing every 30 minutes is plenty. */
const DAILY_LIMIT_BACKOFF_MS = 30 * 60_000;

// --- Shapes -------------------------------------------------------------------------------

export interface GmailClientOptions {
  /** Scheme and host: https://gmail.googleapis.com, or http://127.0.0.1:PORT for tests. */
  baseUrl?: string;
  /** The current access token, read before every request. */
  accessToken: () => Promise<string>;
  /** Gets a new access token (a refresh); called at most once per request, on a 401. */
  onUnauthorized?: () => Promise<string>;
  /** Whole request: connect, send, answer and body. Default 30 s. */
  timeoutMs?: number;
  /** The mailbox; "me" is the authenticated user. */
  userId?: string;
  /** Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type GmailEndpoint = 'profile' | 'messages.list' | 'messages.get' | 'attachments.get' | 'history.list';

export type GmailFailure =
  | { kind: 'offline'; reason: Message; code?: string }
  | { kind: 'connection-lost'; reason: Message; code?: string }
  | {
      kind: 'quota';
      reason: Message;
      status: number;
      /** rateLimitExceeded, userRateLimitExceeded, dailyLimitExceeded, … or "http429". */
      quotaReason: string;
      retryAfterMs: number;
      /** Where retryAfterMs came from. */
      retryAfterSource: 'header' | 'retry-info' | 'backoff';
    }
  | { kind: 'auth'; reason: Message; status?: number; code?: string }
  | { kind: 'history-expired'; reason: Message }
  | { kind: 'not-found'; reason: Message }
  | { kind: 'server'; reason: Message; status: number; retryAfterMs?: number }
  | { kind: 'bad-request'; reason: Message; status: number; googleReason?: string }
  | { kind: 'aborted'; reason: Message };

export type GmailFailureKind = GmailFailure['kind'];

export type GmailResult<T> = { ok: true; value: T } | { ok: false; failure: GmailFailure };

/** Whether waiting and asking again can help (without the owner doing anything). */
export function isRetryable(failure: GmailFailure): boolean {
  return failure.kind === 'offline' || failure.kind === 'connection-lost' || failure.kind === 'quota' || failure.kind === 'server';
}

export interface ListMessagesOptions extends CallOptions {
  /** Gmail search syntax, e.g. "has:attachment newer_than:6m {receipt invoice}". */
  q?: string;
  pageToken?: string;
  /** 1…500 (Gmail's maximum); Gmail's default is 100. */
  maxResults?: number;
  includeSpamTrash?: boolean;
  labelIds?: readonly string[];
}

export interface GetMessageOptions extends CallOptions {
  /** "full" (default) or "metadata" (headers only). */
  format?: 'full' | 'metadata';
  /** With format "metadata": only these headers. */
  metadataHeaders?: readonly string[];
}

export interface ListHistoryOptions extends CallOptions {
  startHistoryId: string;
  pageToken?: string;
  /** Default: only messageAdded. */
  historyTypes?: readonly ('messageAdded' | 'messageDeleted' | 'labelAdded' | 'labelRemoved')[];
  labelId?: string;
  maxResults?: number;
}

const normalizeReason = (reason: string): string => reason.replace(/[_\s-]/g, '').toLowerCase();

const RATE_LIMIT_REASONS = new Set(
  ['rateLimitExceeded', 'userRateLimitExceeded', 'dailyLimitExceeded', 'quotaExceeded', 'concurrentLimitExceeded', 'limitExceeded', 'RATE_LIMIT_EXCEEDED', 'RESOURCE_EXHAUSTED'].map(normalizeReason),
);
const SCOPE_REASONS = new Set(['insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'authError', 'forbiddenForServiceAccounts'].map(normalizeReason));

// --- Transport errors -----------------------------------------------------------------------

/**
 * offline (nothing reached Google) or connection-lost (it may have, then the answer broke off).
 * After our own deadline the error is not trusted to prove anything: connection-lost.
 */
export function classifyTransportError(error: unknown, timedOut = false): Extract<GmailFailure, { kind: 'offline' | 'connection-lost' }> {
  const { neverSent, code, what } = inspectTransportError(error, { host: GMAIL_HOST, timedOut });
  const withCode = code ? { code } : {};
  if (neverSent && !timedOut) return { kind: 'offline', reason: reason('gmailUnreachable', { what }), ...withCode };
  return { kind: 'connection-lost', reason: reason('gmailConnectionBroke', { what }), ...withCode };
}

/**
 * What a failed token refresh means. An error carrying a network-ish `code` (OAuthError
 * from oauth.ts uses `offline`, `connection-lost`, `server`) keeps that kind; a raw socket
 * error is classified like a request's; anything else means the owner must reconnect.
 */
export function classifyRefreshError(error: unknown): GmailFailure {
  const code = str(asObject(error)?.code);
  const message = error instanceof Error ? error.message : String(error);
  const words = wordsOf(error);
  if (code === 'offline') return { kind: 'offline', reason: words, code };
  if (code === 'connection-lost') return { kind: 'connection-lost', reason: words, code };
  if (code === 'server') return { kind: 'server', reason: words, status: 503 };
  if (message === 'fetch failed' || inspectTransportError(error, { host: GMAIL_HOST }).neverSent) return classifyTransportError(error);
  return { kind: 'auth', reason: message ? words : reason('gmailRenewFailed'), ...(code ? { code } : {}) };
}

// --- The client ------------------------------------------------------------------------------

export class GmailClient {
  private readonly baseUrl: URL;
  private readonly userId: string;
  private readonly accessToken: () => Promise<string>;
  private readonly onUnauthorized: (() => Promise<string>) | undefined;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof globalThis.fetch;
  /** Bumped by every successful refresh; tells a 401 whether its token is already stale. */
  private tokenGeneration = 0;
  private refreshing: Promise<{ ok: true } | { ok: false; failure: GmailFailure }> | null = null;
  private consecutiveQuota = 0;
  /** Tokens seen, so they can be kept out of reasons. */
  private readonly secrets = new Set<string>();

  constructor(options: GmailClientOptions) {
    this.baseUrl = new URL(options.baseUrl ?? DEFAULT_GMAIL_BASE_URL);
    if (this.baseUrl.protocol !== 'https:' && this.baseUrl.protocol !== 'http:') throw new Error('The Gmail API base URL must be http(s)');
    this.userId = options.userId ?? 'me';
    this.accessToken = options.accessToken;
    this.onUnauthorized = options.onUnauthorized;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** users.getProfile: the address and the mailbox's current history id. */
  getProfile(options: CallOptions = {}): Promise<GmailResult<GmailProfile>> {
    return this.get('profile', this.url(['profile']), options, profileAnswer);
  }

  /** users.messages.list: one page of message ids (newest first). */
  listMessages(options: ListMessagesOptions = {}): Promise<GmailResult<MessageList>> {
    const url = this.url(['messages']);
    if (options.q) url.searchParams.set('q', options.q);
    if (options.pageToken) url.searchParams.set('pageToken', options.pageToken);
    if (options.maxResults !== undefined) url.searchParams.set('maxResults', String(clamp(options.maxResults, 1, 500)));
    if (options.includeSpamTrash) url.searchParams.set('includeSpamTrash', 'true');
    for (const label of options.labelIds ?? []) url.searchParams.append('labelIds', label);
    return this.get('messages.list', url, options, messageListAnswer);
  }

  /** users.messages.get, format=full by default: headers, MIME tree, inline bodies, attachment ids. */
  getMessage(id: string, options: GetMessageOptions = {}): Promise<GmailResult<GmailMessage>> {
    const url = this.url(['messages', id]);
    url.searchParams.set('format', options.format ?? 'full');
    for (const header of options.metadataHeaders ?? []) url.searchParams.append('metadataHeaders', header);
    return this.get('messages.get', url, options, messageAnswer);
  }

  /** users.messages.attachments.get: the attachment's bytes (decoded from base64url). */
  async getAttachment(messageId: string, attachmentId: string, options: CallOptions = {}): Promise<GmailResult<Buffer>> {
    const result = await this.get('attachments.get', this.url(['messages', messageId, 'attachments', attachmentId]), options, attachmentAnswer);
    if (!result.ok) return result;
    const { data, size } = result.value;
    if (size !== undefined && size !== data.length) {
      return { ok: false, failure: { kind: 'server', status: 200, reason: reason('gmailShortAttachment', { got: data.length, size }) } };
    }
    return { ok: true, value: data };
  }

  /** users.history.list since `startHistoryId` (only messageAdded by default). */
  listHistory(options: ListHistoryOptions): Promise<GmailResult<HistoryList>> {
    const url = this.url(['history']);
    url.searchParams.set('startHistoryId', options.startHistoryId);
    for (const type of options.historyTypes ?? ['messageAdded']) url.searchParams.append('historyTypes', type);
    if (options.pageToken) url.searchParams.set('pageToken', options.pageToken);
    if (options.labelId) url.searchParams.set('labelId', options.labelId);
    if (options.maxResults !== undefined) url.searchParams.set('maxResults', String(clamp(options.maxResults, 1, 500)));
    return this.get('history.list', url, options, historyListAnswer);
  }

  // --- Plumbing ---------------------------------------------------------------------------

  private url(segments: readonly string[]): URL {
    const url = new URL(this.baseUrl.href);
    const prefix = url.pathname.replace(/\/+$/, '');
    url.pathname = `${prefix}/gmail/v1/users/${[this.userId, ...segments].map((s) => encodeURIComponent(s)).join('/')}`;
    url.search = '';
    return url;
  }

  /** GET `url`; a 2xx answer is read with `wire` (./wire.ts), one that does not fit it is unreadable. */
  private async get<T>(endpoint: GmailEndpoint, url: URL, options: CallOptions, wire: z.ZodType<T>): Promise<GmailResult<T>> {
    let refreshed = false;
    for (;;) {
      if (options.signal?.aborted) return aborted();
      const generation = this.tokenGeneration;
      let token: string;
      try {
        token = (await this.accessToken()).trim();
      } catch (error) {
        return { ok: false, failure: classifyRefreshError(error) };
      }
      if (!token) return { ok: false, failure: { kind: 'auth', reason: reason('gmailNotConnected') } };
      this.secrets.add(token);

      const answer = await this.send(url, token, options);
      if (!answer.ok) return answer;
      const { status, json, retryAfterMs } = answer.value;

      if (status === 401) {
        if (refreshed || !this.onUnauthorized) {
          return { ok: false, failure: { kind: 'auth', status, reason: reason('gmailAccessExpired') } };
        }
        refreshed = true;
        if (generation === this.tokenGeneration) {
          const renewal = await this.refresh();
          if (!renewal.ok) return renewal;
        }
        continue; // Retry once with the new token.
      }
      if (status >= 200 && status < 300) {
        const read = json === undefined ? undefined : wire.safeParse(json);
        if (!read?.success) return { ok: false, failure: { kind: 'server', status, reason: reason('gmailAnswerUnreadable') } };
        this.consecutiveQuota = 0;
        return { ok: true, value: read.data };
      }
      return { ok: false, failure: this.redactFailure(this.classify(endpoint, status, json, retryAfterMs)) };
    }
  }

  /** One refresh for all requests that hit a 401 at the same time. */
  private refresh(): Promise<{ ok: true } | { ok: false; failure: GmailFailure }> {
    if (!this.refreshing) {
      const onUnauthorized = this.onUnauthorized!;
      this.refreshing = (async () => {
        try {
          const token = (await onUnauthorized()).trim();
          if (!token) return { ok: false as const, failure: { kind: 'auth' as const, reason: reason('gmailRenewFailed') } };
          this.secrets.add(token);
          this.tokenGeneration++;
          return { ok: true as const };
        } catch (error) {
          return { ok: false as const, failure: classifyRefreshError(error) };
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  private async send(url: URL, token: string, options: CallOptions): Promise<GmailResult<HttpAnswer>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The request to Gmail timed out', 'TimeoutError'));
    }, options.timeoutMs ?? this.timeoutMs);
    // A read has no side effect: stop it at once, even when it is already on the wire.
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method: 'GET',
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: controller.signal,
          redirect: 'error',
        });
      } catch (error) {
        if (options.signal?.aborted && !timedOut) return aborted();
        return { ok: false, failure: this.redactFailure(classifyTransportError(error, timedOut)) };
      }
      try {
        return { ok: true, value: await readAnswer(response, MAX_RESPONSE_CHARS) };
      } catch (error) {
        if (options.signal?.aborted && !timedOut) return aborted();
        // The answer started and broke off: Google was reached.
        const failure = classifyTransportError(error, timedOut);
        const words = failure.kind === 'offline' ? reason('gmailAnswerBroke', { what: inspectTransportError(error, { host: GMAIL_HOST, timedOut }).what }) : failure.reason;
        return { ok: false, failure: { kind: 'connection-lost', reason: words, ...(failure.code ? { code: failure.code } : {}) } };
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private classify(endpoint: GmailEndpoint, status: number, json: unknown, retryAfterMs: number | undefined): GmailFailure {
    const error = parseGoogleError(json);
    const reasons = (error?.reasons ?? []).map(normalizeReason);
    // Redacted with the rest of the failure (redactFailure) before it leaves the client.
    const googleMessage = error?.message?.trim() || `HTTP ${status}`;
    const rateLimited = reasons.find((r) => RATE_LIMIT_REASONS.has(r));

    if (status === 429 || (status === 403 && rateLimited)) {
      const quotaReason = (error?.reasons ?? []).find((r) => RATE_LIMIT_REASONS.has(normalizeReason(r))) ?? `http${status}`;
      const daily = normalizeReason(quotaReason) === 'dailylimitexceeded';
      this.consecutiveQuota++;
      let wait: { ms: number; source: 'header' | 'retry-info' | 'backoff' };
      if (retryAfterMs !== undefined) wait = { ms: retryAfterMs, source: 'header' };
      else if (error?.retryDelayMs !== undefined) wait = { ms: error.retryDelayMs, source: 'retry-info' };
      else wait = { ms: daily ? DAILY_LIMIT_BACKOFF_MS : backoffMs(this.consecutiveQuota), source: 'backoff' };
      const what = daily ? 'gmailDailyLimit' : normalizeReason(quotaReason) === 'userratelimitexceeded' ? 'gmailSlowDownAccount' : 'gmailSlowDown';
      return {
        kind: 'quota',
        status,
        quotaReason,
        retryAfterMs: wait.ms,
        retryAfterSource: wait.source,
        reason: reason(what, { wait: formatWait(wait.ms), google: googleMessage }),
      };
    }
    if (status === 401) {
      return { kind: 'auth', status, reason: reason('gmailAccessRefused') };
    }
    if (status === 403 && reasons.some((r) => SCOPE_REASONS.has(r))) {
      return { kind: 'auth', status, reason: reason('gmailNotAllowed', { google: googleMessage }) };
    }
    if (status === 404 && endpoint === 'history.list') {
      return { kind: 'history-expired', reason: reason('gmailHistoryExpired') };
    }
    if (status === 404 || status === 410) {
      return { kind: 'not-found', reason: reason(endpoint === 'attachments.get' ? 'gmailAttachmentGone' : 'gmailMessageGone') };
    }
    if (status >= 500) {
      return { kind: 'server', status, reason: reason('gmailTemporary', { google: googleMessage }), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    const googleReason = error?.reasons[0];
    return { kind: 'bad-request', status, reason: reason('gmailRefused', { google: googleMessage }), ...(googleReason ? { googleReason } : {}) };
  }

  private redactFailure<F extends { reason: Message }>(failure: F): F {
    return { ...failure, reason: redactWords(failure.reason, this.secrets) };
  }
}

function aborted(): GmailResult<never> {
  return { ok: false, failure: { kind: 'aborted', reason: reason('stopped') } };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** Google's recommended truncated exponential backoff: 2^(n-1) s plus up to 1 s of jitter, at most 64 s. */
export function backoffMs(consecutiveFailures: number): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(16, consecutiveFailures - 1)));
  return Math.min(BACKOFF_MAX_MS, exp + randomInt(0, 1000));
}

function formatWait(ms: number): Message {
  if (ms < 1000) return reason('waitMoment');
  if (ms < 90_000) return reason('waitSeconds', { count: Math.round(ms / 1000) });
  return reason('waitMinutes', { count: Math.round(ms / 60_000) });
}
