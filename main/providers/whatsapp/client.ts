// Longer than 400 lines: the in-doubt rule needs the request-phase tracking next to the request it follows; the answers' shapes are in ./wire.ts.
/**
 * A small typed client for the parts of the WhatsApp Cloud API (Graph API) Taskdeck uses:
 * read the business phone number, list message templates, send a template or a text.
 *
 * It never throws for expected failures: every call returns a `GraphResult`. The one
 * question that matters for "never twice" is whether a failed request may have reached
 * Meta. The client answers it precisely:
 *
 * - `offline`: nothing of the request was written to a socket (DNS failure, connection
 *   refused or unreachable, TLS handshake failure, a timeout while still connecting). Safe
 *   to try again later; the engine burns no attempt.
 * - `unknown`: the request (at least its headers) went out, and then the connection broke
 *   or the time ran out before a complete answer (reset, "other side closed", headers or
 *   body timeout, our own timeout after sending). It may have been delivered: the engine
 *   marks the item in doubt and never resends it on its own.
 *
 * How the two are told apart: Node's fetch (undici) publishes diagnostics_channel events
 * for every request: `undici:request:create` (queued), `undici:client:sendHeaders` (the
 * request line and headers were written to the socket), `undici:request:bodySent`,
 * `undici:request:headers` (answer started). Each call carries a random
 * `x-taskdeck-request` header; the tracker finds it in the create event and follows that
 * request object. A failure before `sendHeaders` is `offline`; at or after it, `unknown`.
 * Headers alone cannot make Meta send a message (the JSON body is still missing), so this
 * is conservative: "any byte written" already counts as maybe-sent.
 *
 * When the events are not seen (a fetch that is not Node's, e.g. injected for Electron's
 * net.fetch), the error itself decides: only codes that can only happen before a request
 * is written (getaddrinfo / connect syscalls, ENOTFOUND, EAI_AGAIN, ECONNREFUSED,
 * EHOSTUNREACH, ENETUNREACH, UND_ERR_CONNECT_TIMEOUT, certificate errors) are `offline`;
 * everything else — ECONNRESET, EPIPE, UND_ERR_SOCKET, UND_ERR_HEADERS_TIMEOUT,
 * UND_ERR_BODY_TIMEOUT, our timeout, anything unrecognised — is `unknown`. When in doubt,
 * `unknown`: never resend. (Which errors prove "nothing written" is shared with the Gmail
 * client, in ../net-errors.ts.)
 *
 * Cancel: the caller's signal stops a request that has not been written yet (`aborted`,
 * nothing sent). Once it is on the wire the client waits for the answer (bounded by
 * `timeoutMs`) instead of aborting, because aborting could only turn a known outcome
 * into an in-doubt item.
 *
 * Redirects are refused (`redirect: 'error'`): a 307 would re-POST the message, and the
 * token must never follow a redirect to another host. `paging.next` is only followed
 * through its `after` cursor on our own base URL, for the same reason.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { inspectTransportError } from '../net-errors.ts';
import { readAnswer, type HttpAnswer } from '../http-answers.ts';
import type { Message } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import {
  parseGraphError,
  phoneNumberAnswer,
  sendAnswer,
  templatePageAnswer,
  type GraphApiError,
  type MessageTemplate,
  type PhoneNumberInfo,
  type SendResult,
  type TemplatePage,
} from './wire.ts';

/** The answers' shapes and the error-body reader live in ./wire.ts; exported here as before. */
export type { GraphApiError, MessageTemplate, PhoneNumberInfo, SendResult, TemplateComponent } from './wire.ts';
export { parseGraphError } from './wire.ts';

/** Retry-After as milliseconds; exported here as before (it lives in ../http-answers.ts). */
export { parseRetryAfter } from '../http-answers.ts';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v23.0';
const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_RESPONSE_CHARS = 2_000_000;
const DEFAULT_MAX_PAGES = 50;

export type AccessTokenSource = string | (() => string | Promise<string>);

export interface GraphClientOptions {
  /** Scheme and host, e.g. https://graph.facebook.com or http://127.0.0.1:PORT for tests. */
  baseUrl?: string;
  /** Graph API version path segment, e.g. "v23.0". */
  graphVersion?: string;
  /** The token, or a function read before every request (so a replaced token is picked up). */
  accessToken: AccessTokenSource;
  /** Whole request: connect, send, answer and body. */
  timeoutMs?: number;
  /** Defaults to the global (Node/undici) fetch, which is what the phase tracking observes. */
  fetch?: typeof globalThis.fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type GraphFailure =
  /** Meta answered with a Graph error object. */
  | { kind: 'api'; status: number; error: GraphApiError; retryAfterMs?: number }
  /** A non-2xx answer without a Graph error body (a proxy page, an empty body). */
  | { kind: 'http'; status: number; reason: Message; retryAfterMs?: number }
  /** A 2xx answer that could not be read. For a send: it was probably accepted. */
  | { kind: 'bad-response'; status: number; reason: Message }
  /** Nothing was written to the network: safe to try again later. */
  | { kind: 'offline'; reason: Message; code?: string }
  /** The request went out, the answer did not come back: it may have been delivered. */
  | { kind: 'unknown'; reason: Message; code?: string }
  /** The caller's signal stopped the request before anything was written. */
  | { kind: 'aborted' };

export type GraphResult<T> = { ok: true; value: T } | { ok: false; failure: GraphFailure };

export const PHONE_NUMBER_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'throughput',
  'messaging_limit_tier',
  'name_status',
  'code_verification_status',
] as const;

export interface ListTemplatesOptions extends CallOptions {
  /** Only templates with this status (Graph filter), e.g. APPROVED. */
  status?: string;
  /** Page size (Graph `limit`). */
  pageSize?: number;
  /** Stop after this many pages (a bound against a misbehaving server). */
  maxPages?: number;
}

interface SendCommon {
  phoneNumberId: string;
  /** Digits with country code; a leading + and separators are removed. */
  to: string;
  /** Echoed by Meta in status webhooks; Taskdeck sends its task and item ids. */
  bizOpaqueCallbackData?: string;
}

export interface SendTemplateRequest extends SendCommon {
  name: string;
  language: string;
  /** Values for {{1}}, {{2}}, … in the template body, in order. */
  bodyParams: readonly string[];
}

export interface SendTextRequest extends SendCommon {
  body: string;
  previewUrl?: boolean;
}

// --- Phase tracking through undici's diagnostics channels ------------------------------

export type RequestPhase = 'unobserved' | 'queued' | 'sent';

const TRACE_HEADER = 'x-taskdeck-request';
const NONCE_PATTERN = /td-[0-9a-f]{24}/;

interface Tracked {
  phase: RequestPhase;
}

const trackedByNonce = new Map<string, Tracked>();
const trackedByRequest = new WeakMap<object, Tracked>();
let subscribed = false;

function headerText(headers: unknown): string {
  if (typeof headers === 'string') return headers;
  if (Array.isArray(headers)) return headers.map((h) => (Array.isArray(h) ? h.map(String).join(':') : String(h))).join('\n');
  return '';
}

function requestOf(message: unknown): object | undefined {
  const request = (message as { request?: unknown } | null)?.request;
  return typeof request === 'object' && request !== null ? request : undefined;
}

function onRequestCreate(message: unknown): void {
  if (trackedByNonce.size === 0) return;
  const request = requestOf(message);
  if (!request) return;
  const nonce = NONCE_PATTERN.exec(headerText((request as { headers?: unknown }).headers))?.[0];
  const tracked = nonce ? trackedByNonce.get(nonce) : undefined;
  if (!tracked) return;
  tracked.phase = 'queued';
  trackedByRequest.set(request, tracked);
}

function onSendHeaders(message: unknown): void {
  const request = requestOf(message);
  const tracked = request ? trackedByRequest.get(request) : undefined;
  if (tracked) tracked.phase = 'sent';
}

function track(nonce: string): Tracked {
  if (!subscribed) {
    diagnosticsChannel.subscribe('undici:request:create', onRequestCreate);
    diagnosticsChannel.subscribe('undici:client:sendHeaders', onSendHeaders);
    subscribed = true;
  }
  const tracked: Tracked = { phase: 'unobserved' };
  trackedByNonce.set(nonce, tracked);
  return tracked;
}

// --- Transport error classification ----------------------------------------------------

/**
 * Decides whether a failed request may have reached the server. `phase` is what the
 * diagnostics channels saw; `timedOut` says our own deadline fired. Without an observed
 * phase, only an error that proves nothing was written is `offline`; when in doubt, `unknown`.
 */
export function classifyTransportError(
  error: unknown,
  phase: RequestPhase,
  timedOut: boolean,
): { kind: 'offline' | 'unknown'; reason: Message; code?: string } {
  const { neverSent, code, what } = inspectTransportError(error, { host: 'graph.facebook.com', timedOut });
  const withCode = code ? { code } : {};
  if (phase === 'sent') {
    return { kind: 'unknown', reason: reason('waBrokeAfterSent', { what }), ...withCode };
  }
  if (phase === 'queued' || neverSent) return { kind: 'offline', reason: reason('waUnreachable', { what }), ...withCode };
  return { kind: 'unknown', reason: reason('waFailedMidway', { what }), ...withCode };
}

/** Meta wants the number with its country code; a leading + and separators are dropped. */
export function toWhatsAppRecipient(phone: string): string {
  return phone.replace(/[^\d]/g, '');
}

/** Number of {{n}} placeholders in a template's BODY (what sendTemplate's bodyParams must fill). */
export function bodyParamCount(template: Pick<MessageTemplate, 'components'>): number {
  const body = template.components.find((c) => c.type.toUpperCase() === 'BODY');
  const seen = new Set<string>();
  for (const match of (body?.text ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)) seen.add(match[1]!);
  return seen.size;
}

/** Messages per second a number may send, from its throughput level (Meta: 80 standard, up to 1,000 high). */
export function throughputPerSecond(level: string | undefined): number {
  return level === 'HIGH' ? 1000 : 80;
}

// --- The client -------------------------------------------------------------------------

interface RequestSpec {
  method: 'GET' | 'POST';
  url: URL;
  body?: unknown;
}

export class GraphClient {
  private readonly baseUrl: URL;
  private readonly version: string;
  private readonly token: AccessTokenSource;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof globalThis.fetch;

  constructor(options: GraphClientOptions) {
    this.baseUrl = new URL(options.baseUrl ?? DEFAULT_GRAPH_BASE_URL);
    if (this.baseUrl.protocol !== 'https:' && this.baseUrl.protocol !== 'http:') throw new Error('The Graph API base URL must be http(s)');
    const version = options.graphVersion ?? DEFAULT_GRAPH_VERSION;
    if (!/^v\d{1,3}\.\d{1,2}$/.test(version)) throw new Error(`"${version}" is not a Graph API version such as ${DEFAULT_GRAPH_VERSION}`);
    this.version = version;
    this.token = options.accessToken;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The business phone number: display number, verified name, quality rating (and more fields if asked). */
  getPhoneNumber(
    phoneNumberId: string,
    options: CallOptions & { fields?: readonly string[] } = {},
  ): Promise<GraphResult<PhoneNumberInfo>> {
    const url = this.url([phoneNumberId]);
    url.searchParams.set('fields', (options.fields ?? PHONE_NUMBER_FIELDS).join(','));
    return this.call({ method: 'GET', url }, options, phoneNumberAnswer);
  }

  /** Every template of the WhatsApp Business Account, following `paging` (bounded). */
  async listTemplates(wabaId: string, options: ListTemplatesOptions = {}): Promise<GraphResult<MessageTemplate[]>> {
    const templates: MessageTemplate[] = [];
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const seenCursors = new Set<string>();
    let after: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const url = this.url([wabaId, 'message_templates']);
      url.searchParams.set('fields', 'id,name,language,status,category,components');
      url.searchParams.set('limit', String(options.pageSize ?? 100));
      if (options.status) url.searchParams.set('status', options.status);
      if (after) url.searchParams.set('after', after);
      const result = await this.call({ method: 'GET', url }, options, templatePageAnswer);
      if (!result.ok) return result;
      templates.push(...result.value.templates);
      const next = nextCursor(result.value.paging, this.baseUrl);
      if (!next) return { ok: true, value: templates };
      if (seenCursors.has(next)) return badPaging(reason('waPagingRepeated'));
      seenCursors.add(next);
      after = next;
    }
    return badPaging(reason('waPagingTooLong', { count: maxPages }));
  }

  sendTemplate(request: SendTemplateRequest, options: CallOptions = {}): Promise<GraphResult<SendResult>> {
    const template: Record<string, unknown> = { name: request.name, language: { code: request.language } };
    if (request.bodyParams.length) {
      template.components = [{ type: 'body', parameters: request.bodyParams.map((text) => ({ type: 'text', text })) }];
    }
    return this.send(request, { type: 'template', template }, options);
  }

  sendText(request: SendTextRequest, options: CallOptions = {}): Promise<GraphResult<SendResult>> {
    return this.send(request, { type: 'text', text: { preview_url: request.previewUrl ?? false, body: request.body } }, options);
  }

  private send(common: SendCommon, content: Record<string, unknown>, options: CallOptions): Promise<GraphResult<SendResult>> {
    const body: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: toWhatsAppRecipient(common.to),
      ...content,
    };
    if (common.bizOpaqueCallbackData) body.biz_opaque_callback_data = common.bizOpaqueCallbackData.slice(0, 512);
    return this.call({ method: 'POST', url: this.url([common.phoneNumberId, 'messages']), body }, options, sendAnswer);
  }

  private url(segments: readonly string[]): URL {
    const url = new URL(this.baseUrl.href);
    const prefix = url.pathname.replace(/\/+$/, '');
    url.pathname = `${prefix}/${this.version}/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
    url.search = '';
    return url;
  }

  private async resolveToken(): Promise<string> {
    try {
      return (typeof this.token === 'function' ? await this.token() : this.token).trim();
    } catch {
      return '';
    }
  }

  /** One request; a 2xx answer is read with `wire` (./wire.ts), one that does not fit it is bad-response. */
  private async call<T>(spec: RequestSpec, options: CallOptions, wire: z.ZodType<T>): Promise<GraphResult<T>> {
    const callerSignal = options.signal;
    if (callerSignal?.aborted) return { ok: false, failure: { kind: 'aborted' } };
    const token = await this.resolveToken();
    if (!token) {
      // Nothing leaves the machine without a token; it reads like Graph's own answer so it classifies as an account problem.
      return { ok: false, failure: { kind: 'api', status: 401, error: { code: 190, type: 'OAuthException', message: 'No access token is set for this WhatsApp account' } } };
    }
    if (callerSignal?.aborted) return { ok: false, failure: { kind: 'aborted' } };

    const nonce = `td-${randomBytes(12).toString('hex')}`;
    const tracked = track(nonce);
    const controller = new AbortController();
    let callerStopped = false;
    let timedOut = false;
    const onCallerAbort = () => {
      // Only a request that has not been written may be stopped; see the header comment.
      if (tracked.phase !== 'sent' && tracked.phase !== 'unobserved') {
        callerStopped = true;
        controller.abort(callerSignal?.reason);
      }
    };
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The request to WhatsApp timed out', 'TimeoutError'));
    }, options.timeoutMs ?? this.timeoutMs);

    try {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', [TRACE_HEADER]: nonce };
      if (spec.body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await this.fetchImpl(spec.url, {
          method: spec.method,
          headers,
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          signal: controller.signal,
          redirect: 'error',
        });
      } catch (error) {
        if (callerStopped && tracked.phase !== 'sent') return { ok: false, failure: { kind: 'aborted' } };
        return { ok: false, failure: classifyTransportError(error, tracked.phase, timedOut) };
      }

      let answer: HttpAnswer;
      try {
        answer = await readAnswer(response, MAX_RESPONSE_CHARS);
      } catch (error) {
        // The answer started but broke off: the request certainly went out.
        return { ok: false, failure: classifyTransportError(error, 'sent', timedOut) };
      }
      const { json, retryAfterMs } = answer;
      if (!response.ok) {
        const error = parseGraphError(json);
        const extra = retryAfterMs !== undefined ? { retryAfterMs } : {};
        if (error) return { ok: false, failure: { kind: 'api', status: response.status, error, ...extra } };
        return { ok: false, failure: { kind: 'http', status: response.status, reason: reason('waHttpNoDescription', { status: response.status }), ...extra } };
      }
      const read = json === undefined ? undefined : wire.safeParse(json);
      if (!read?.success) {
        return { ok: false, failure: { kind: 'bad-response', status: response.status, reason: reason('waAnswerUnreadable') } };
      }
      return { ok: true, value: read.data };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      trackedByNonce.delete(nonce);
    }
  }
}

function nextCursor(paging: TemplatePage['paging'], base: URL): string | undefined {
  const next = paging?.next;
  if (!next) return undefined; // No `next`: this was the last page.
  if (paging.after) return paging.after;
  try {
    const url = new URL(next);
    // Only read the cursor from a link to our own host; never call a foreign URL with the token.
    return url.origin === base.origin ? (url.searchParams.get('after') ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

function badPaging(why: Message): GraphResult<never> {
  return { ok: false, failure: { kind: 'bad-response', status: 200, reason: reason('waTemplatesUnreadable', { why }) } };
}
