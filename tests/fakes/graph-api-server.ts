/**
 * A local fake of the WhatsApp Cloud API (Graph API) for tests and benches, on 127.0.0.1
 * with a random port. It speaks the documented shapes:
 *
 *   GET  /{version}/{phone-number-id}?fields=…            the business phone number
 *   GET  /{version}/{waba-id}/message_templates?limit&after  templates, paged with cursors
 *   POST /{version}/{phone-number-id}/messages             send: validates the body like the
 *        real API and answers { messaging_product, contacts: [{ input, wa_id }], messages: [{ id }] }
 *
 * and has switches to inject every error class (per recipient, per Nth send, at random with
 * a seed), latency, a token that expires at request N (190/463) and can be replaced,
 * throughput limits (130429 above R messages/s), pair-rate limits (131056 for the same
 * recipient within X ms), and outages (refuse connections: the listening socket is closed;
 * drop: sockets are destroyed for a time window). Every accepted message is logged, with
 * the `biz_opaque_callback_data` the client sent, so a test can prove "no duplicate
 * (recipient, broadcast)".
 *
 * Bounded: request bodies over 64 KiB are refused, the request log keeps the last 10,000
 * entries, and the server listens on loopback only.
 */
import type http from 'node:http';
import { FakeHttpServer } from './fake-http-server.ts';
import { unitHash } from '../../main/providers/unit-hash.ts';

// --- Error presets -------------------------------------------------------------------------

export interface InjectedError {
  status: number;
  code: number;
  subcode?: number;
  message: string;
  details?: string;
  type?: string;
  /** Sent as a Retry-After header (seconds). */
  retryAfterSeconds?: number;
  /** Answer this raw body instead of a Graph error (e.g. a gateway's HTML page). */
  rawBody?: string;
  /** Log the message as accepted before answering the error (a gateway failing after delivery). */
  acceptFirst?: boolean;
}

const graphError = (status: number, code: number, message: string, extra: Partial<InjectedError> = {}): InjectedError => ({
  status,
  code,
  message: `(#${code}) ${message}`,
  type: 'OAuthException',
  ...extra,
});

/** Realistic answers for each class of error (codes from Meta's Cloud API error reference). */
export const GRAPH_ERRORS = {
  // recipient
  notOnWhatsApp: graphError(400, 131026, 'Message Undeliverable', { details: 'Message Undeliverable.' }),
  outsideWindow: graphError(400, 131047, 'Re-engagement message', {
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  }),
  marketingLimit: graphError(400, 131049, 'This message was not delivered to maintain healthy ecosystem engagement.'),
  experiment: graphError(400, 130472, "User's number is part of an experiment"),
  invalidParameter: graphError(400, 100, 'Invalid parameter'),
  // opted-out
  optedOut: graphError(400, 131050, 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.'),
  // pair-rate
  pairRate: graphError(400, 131056, '(Business Account, Consumer Account) pair rate limit hit', {
    details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  }),
  // throughput
  throughput: graphError(429, 130429, 'Rate limit hit', { details: 'Cloud API message throughput has been reached.' }),
  appRate: graphError(400, 4, 'Application request limit reached'),
  wabaRate: graphError(400, 80007, 'Rate limit issues', { details: 'The WhatsApp Business Account has reached its rate limit.' }),
  // retryable
  temporary: graphError(500, 131000, 'Something went wrong', { details: 'Message failed to send due to an unknown error.' }),
  serviceUnavailable: graphError(503, 2, 'Service temporarily unavailable'),
  // account
  tokenExpired: graphError(401, 190, 'Error validating access token: Session has expired.', { subcode: 463 }),
  tokenInvalid: graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'),
  accountLocked: graphError(403, 131031, 'Business Account locked'),
  restricted: graphError(403, 368, 'Temporarily blocked for policies violations'),
  payment: graphError(400, 131042, 'Business eligibility payment issue'),
  templatePaused: graphError(400, 132015, 'Template is Paused'),
  templateDisabled: graphError(400, 132016, 'Template is Disabled'),
  templateMissing: graphError(404, 132001, 'Template name does not exist in the translation'),
  spamLimit: graphError(400, 131048, 'Spam rate limit hit'),
  // unknown
  unknown4xx: graphError(400, 139999, 'A new kind of refusal'),
  unknown5xx: graphError(500, 139998, 'A new kind of server failure'),
  gateway502: { status: 502, code: 0, message: '', rawBody: '<html><body>502 Bad Gateway</body></html>' } satisfies InjectedError,
} satisfies Record<string, InjectedError>;

// --- Shapes ----------------------------------------------------------------------------------

export interface FakePhoneNumber {
  display_phone_number: string;
  verified_name: string;
  quality_rating: string;
  throughput?: { level: string };
  messaging_limit_tier?: string;
  name_status?: string;
  code_verification_status?: string;
}

export interface FakeTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: { type: string; format?: string; text?: string }[];
}

export interface AcceptedMessage {
  seq: number;
  at: number;
  messageId: string;
  phoneNumberId: string;
  to: string;
  type: 'template' | 'text';
  template?: { name: string; language: string; params: string[] };
  text?: string;
  /** biz_opaque_callback_data as sent. */
  callbackData?: string;
}

export interface RequestRecord {
  n: number;
  at: number;
  method: string;
  path: string;
  status: number | 'dropped';
  code?: number;
  to?: string;
}

export interface FakeGraphApiOptions {
  phoneNumberId?: string;
  wabaId?: string;
  token?: string;
  phoneNumber?: Partial<FakePhoneNumber>;
  templates?: FakeTemplate[];
  /** Seed for random failures and latency. */
  seed?: number;
}

export const DEFAULT_TEMPLATES: FakeTemplate[] = [
  { id: '9001', name: 'order_ready', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready.' }] },
  { id: '9002', name: 'spring_sale', language: 'he', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'HEADER', format: 'TEXT', text: 'Sale' }, { type: 'BODY', text: 'שלום {{1}}, המבצע מתחיל!' }] },
  { id: '9003', name: 'hello_world', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hello World' }] },
  { id: '9004', name: 'paused_promo', language: 'en_US', status: 'PAUSED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi {{1}}' }] },
  { id: '9005', name: 'old_promo', language: 'en_US', status: 'DISABLED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi {{1}}' }] },
];

const MAX_BODY_BYTES = 64 * 1024;
const REQUEST_LOG_MAX = 10_000;
const ACCEPTED_LOG_MAX = 1_000_000;

function stringHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h | 0;
}

type Json = Record<string, unknown>;

interface ParsedSend {
  /** Digits only: the recipient's WhatsApp id. */
  to: string;
  /** As the client sent it (echoed as contacts[0].input). */
  rawTo: string;
  message: Omit<AcceptedMessage, 'seq' | 'at' | 'messageId' | 'phoneNumberId' | 'to'>;
}

function asObject(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

class Reject {
  readonly error: InjectedError;
  constructor(error: InjectedError) {
    this.error = error;
  }
}

const invalid = (details: string): Reject => new Reject({ ...GRAPH_ERRORS.invalidParameter, details });

// --- The server --------------------------------------------------------------------------------

export class FakeGraphApi extends FakeHttpServer {
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly accepted: AcceptedMessage[] = [];
  readonly requests: RequestRecord[] = [];
  phoneNumber: FakePhoneNumber;
  templates: FakeTemplate[];

  private token: string;
  private readonly expiredTokens = new Set<string>();
  private expireAtRequest: number | null = null;
  private requestCount = 0;
  private sendCount = 0;
  private seed: number;
  private acceptBeforeLatency = true;
  private throughputLimit: number | null = null;
  private acceptedTimes: number[] = [];
  private pairRateWindowMs: number | null = null;
  private readonly lastAcceptedTo = new Map<string, number>();
  private readonly recipientFaults = new Map<string, { error: InjectedError; remaining: number }>();
  private readonly nthSendFaults = new Map<number, InjectedError>();
  private random: { rate: number; errors: InjectedError[] } | null = null;
  private readonly attemptsByRecipient = new Map<string, number>();
  private dropAfterAcceptRemaining = 0;

  private constructor(options: FakeGraphApiOptions) {
    super();
    this.phoneNumberId = options.phoneNumberId ?? '106540352242922';
    this.wabaId = options.wabaId ?? '102290129340398';
    this.token = options.token ?? 'EAAtest-token-0001';
    this.seed = options.seed ?? 1;
    this.phoneNumber = {
      display_phone_number: '+1 555-078-3881',
      verified_name: 'Taskdeck Bakery',
      quality_rating: 'GREEN',
      throughput: { level: 'STANDARD' },
      messaging_limit_tier: 'TIER_10K',
      name_status: 'APPROVED',
      code_verification_status: 'VERIFIED',
      ...options.phoneNumber,
    };
    this.templates = options.templates ?? DEFAULT_TEMPLATES.map((t) => ({ ...t, components: t.components.map((c) => ({ ...c })) }));
  }

  static async start(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
    const api = new FakeGraphApi(options);
    await api.listen(0);
    return api;
  }

  get currentToken(): string {
    return this.token;
  }

  /** Requests received (all endpoints), and send requests received. */
  get counts(): { requests: number; sends: number } {
    return { requests: this.requestCount, sends: this.sendCount };
  }

  // --- Switches ---------------------------------------------------------------------------

  /** Answers `error` to sends to `to` (digits), `times` times (default: always). */
  failRecipient(to: string, error: InjectedError, times = Number.POSITIVE_INFINITY): void {
    this.recipientFaults.set(digits(to), { error, remaining: times });
  }

  /** Answers `error` to the Nth send request (1-based, counting every POST /messages received). */
  failNthSend(n: number, error: InjectedError): void {
    this.nthSendFaults.set(n, error);
  }

  /** Each send attempt fails with probability `rate`, drawing one of `errors`; deterministic per (seed, recipient, attempt). */
  failRandomly(rate: number, errors: InjectedError[], seed = this.seed): void {
    this.seed = seed;
    this.random = rate > 0 && errors.length ? { rate, errors } : null;
  }

  clearFaults(): void {
    this.recipientFaults.clear();
    this.nthSendFaults.clear();
    this.random = null;
  }

  /**
   * Delay before each answer to a send (fixed, or uniform in [minMs, maxMs]). By default the
   * message is accepted (logged) before the delay; `acceptBeforeLatency: false` accepts it after.
   */
  override setLatency(ms: number | { minMs: number; maxMs: number }, options: { acceptBeforeLatency?: boolean } = {}): void {
    super.setLatency(ms);
    this.acceptBeforeLatency = options.acceptBeforeLatency ?? true;
  }

  /** The current token stops working at the Nth request (all endpoints, 1-based): 401, 190/463. */
  expireTokenAtRequest(n: number): void {
    this.expireAtRequest = n;
  }

  /** A new valid token; the old one stays invalid (expired). */
  replaceToken(token: string): void {
    if (token !== this.token) this.expiredTokens.add(this.token);
    this.token = token;
    this.expireAtRequest = null;
  }

  /** 130429 when more than `perSecond` messages were accepted in the last second; null = no limit. */
  setThroughputLimit(perSecond: number | null): void {
    this.throughputLimit = perSecond;
  }

  /** 131056 when the same recipient got a message less than `ms` ago; null = no limit. */
  setPairRateWindow(ms: number | null): void {
    this.pairRateWindowMs = ms;
  }

  /** The next `count` valid sends are accepted (logged) and then their socket is destroyed: the client cannot know. */
  dropAfterAccept(count: number): void {
    this.dropAfterAcceptRemaining = count;
  }

  // --- Queries for tests ---------------------------------------------------------------------

  /** Accepted messages to one recipient (digits or +digits). */
  sentTo(to: string): AcceptedMessage[] {
    const d = digits(to);
    return this.accepted.filter((m) => m.to === d);
  }

  /**
   * (recipient, broadcast) pairs accepted more than once. The broadcast is the task id in
   * `taskdeck:<task>:<item>` callback data, or the template name when there is none.
   */
  duplicates(): { to: string; broadcast: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const m of this.accepted) {
      const key = `${m.to}|${broadcastOf(m)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const out: { to: string; broadcast: string; count: number }[] = [];
    for (const [key, count] of counts) {
      if (count < 2) continue;
      const [to, broadcast] = key.split('|') as [string, string];
      out.push({ to, broadcast, count });
    }
    return out;
  }

  // --- Plumbing --------------------------------------------------------------------------------

  private record(entry: Omit<RequestRecord, 'n' | 'at'> & { n: number }): void {
    this.requests.push({ at: Date.now(), ...entry });
    if (this.requests.length > REQUEST_LOG_MAX) this.requests.splice(0, this.requests.length - REQUEST_LOG_MAX);
  }

  protected override handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const n = ++this.requestCount;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (this.dropsConnection(req)) {
      this.record({ n, method, path: url.pathname, status: 'dropped' });
      return;
    }
    this.readBody(req, MAX_BODY_BYTES, (body, tooLarge) => {
      void this.route(n, method, url, req, tooLarge ? null : body, res).catch(() => {
        if (!res.headersSent) this.writeAnswer(res, 500, { error: { message: 'fake server bug', type: 'OAuthException', code: 1 } });
      });
    });
  }

  private async route(n: number, method: string, url: URL, req: http.IncomingMessage, body: string | null, res: http.ServerResponse): Promise<void> {
    const parts = url.pathname.split('/').filter(Boolean);
    const [version, nodeId, edge, ...rest] = parts;
    const finish = (status: number, payload: unknown, code?: number, to?: string, headers: Record<string, string> = {}) => {
      this.record({ n, method, path: url.pathname, status, ...(code !== undefined ? { code } : {}), ...(to !== undefined ? { to } : {}) });
      this.writeAnswer(res, status, payload, headers);
    };
    const fail = (error: InjectedError, to?: string) => {
      const headers: Record<string, string> = {};
      if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
      if (error.status === 401) headers['www-authenticate'] = 'OAuth "Facebook Platform" "invalid_token" "' + error.message.replace(/"/g, "'") + '"';
      if (error.rawBody !== undefined) {
        this.record({ n, method, path: url.pathname, status: error.status, ...(to !== undefined ? { to } : {}) });
        res.writeHead(error.status, { 'content-type': 'text/html', ...headers });
        res.end(error.rawBody);
        return;
      }
      finish(error.status, errorBody(error), error.code, to, headers);
    };

    if (!version || !/^v\d+\.\d+$/.test(version) || !nodeId || rest.length) {
      return fail({ status: 400, code: 2500, message: 'Unknown path components', type: 'OAuthException' });
    }
    const auth = this.authenticate(req, n);
    if (auth) return fail(auth);

    if (method === 'GET' && edge === undefined) {
      if (nodeId !== this.phoneNumberId) return fail(unknownObject(nodeId));
      return finish(200, this.phoneNumberFields(url.searchParams.get('fields')));
    }
    if (method === 'GET' && edge === 'message_templates') {
      if (nodeId !== this.wabaId) return fail(unknownObject(nodeId));
      return finish(200, this.templatePage(url, version));
    }
    if (method === 'POST' && edge === 'messages') {
      this.sendCount++;
      if (nodeId !== this.phoneNumberId) return fail(unknownObject(nodeId));
      if (body === null) return fail(invalid('The request body is too large.').error);
      return this.handleSend(body, fail, finish, res);
    }
    return fail({ status: 400, code: 100, message: `Unsupported ${method.toLowerCase()} request.`, type: 'GraphMethodException' });
  }

  private authenticate(req: http.IncomingMessage, n: number): InjectedError | null {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return { status: 400, code: 104, message: 'An access token is required to request this resource.', type: 'OAuthException' };
    const token = match[1]!.trim();
    if (this.expireAtRequest !== null && n >= this.expireAtRequest && token === this.token) {
      this.expiredTokens.add(this.token);
      this.token = `expired-${this.token}`; // Nobody knows a valid token until replaceToken().
      this.expireAtRequest = null;
    }
    if (this.expiredTokens.has(token)) return GRAPH_ERRORS.tokenExpired;
    if (token !== this.token) return GRAPH_ERRORS.tokenInvalid;
    return null;
  }

  private phoneNumberFields(fieldsParam: string | null): Json {
    const all: Json = { id: this.phoneNumberId, ...this.phoneNumber };
    if (!fieldsParam) return all;
    const out: Json = { id: this.phoneNumberId };
    for (const field of fieldsParam.split(',').map((f) => f.trim())) if (field in all) out[field] = all[field];
    return out;
  }

  private templatePage(url: URL, version: string): Json {
    const status = url.searchParams.get('status');
    const list = status ? this.templates.filter((t) => t.status === status) : this.templates;
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 25) || 25, 1), 1000);
    const after = url.searchParams.get('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) || 0 : 0;
    const page = list.slice(start, start + limit);
    const fields = url.searchParams.get('fields')?.split(',').map((f) => f.trim());
    const data = page.map((t) => {
      if (!fields) return t;
      const out: Json = { id: t.id };
      for (const f of fields) if (f in t) out[f] = (t as unknown as Json)[f];
      return out;
    });
    const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
    const paging: Json = { cursors: { before: cursor(start), after: cursor(start + page.length) } };
    if (start + page.length < list.length) {
      const next = new URL(`/${version}/${this.wabaId}/message_templates`, this.baseUrl);
      for (const [k, v] of url.searchParams) if (k !== 'after') next.searchParams.set(k, v);
      next.searchParams.set('after', cursor(start + page.length));
      paging.next = next.href;
    }
    return { data, paging };
  }

  private async handleSend(
    raw: string,
    fail: (error: InjectedError, to?: string) => void,
    finish: (status: number, payload: unknown, code?: number, to?: string) => void,
    res: http.ServerResponse,
  ): Promise<void> {
    let parsed: ParsedSend;
    try {
      parsed = this.validate(raw);
    } catch (error) {
      if (error instanceof Reject) return fail(error.error);
      throw error;
    }
    const { to } = parsed;
    const attempt = (this.attemptsByRecipient.get(to) ?? 0) + 1;
    this.attemptsByRecipient.set(to, attempt);

    const injected = this.injectedFault(to, attempt);
    if (injected && !injected.acceptFirst) return this.afterLatency(() => fail(injected, to));

    const now = Date.now();
    if (!injected && this.throughputLimit !== null) {
      while (this.acceptedTimes.length && this.acceptedTimes[0]! <= now - 1000) this.acceptedTimes.shift();
      if (this.acceptedTimes.length >= this.throughputLimit) return this.afterLatency(() => fail(GRAPH_ERRORS.throughput, to));
    }
    if (!injected && this.pairRateWindowMs !== null) {
      const last = this.lastAcceptedTo.get(to);
      if (last !== undefined && now - last < this.pairRateWindowMs) return this.afterLatency(() => fail(GRAPH_ERRORS.pairRate, to));
    }

    const accept = (): AcceptedMessage => {
      const seq = this.accepted.length + 1;
      const message: AcceptedMessage = {
        seq,
        at: Date.now(),
        messageId: `wamid.HBgL${Buffer.from(`${this.phoneNumberId}:${seq}:${to}`).toString('base64url')}`,
        phoneNumberId: this.phoneNumberId,
        to,
        ...parsed.message,
      };
      if (this.accepted.length < ACCEPTED_LOG_MAX) this.accepted.push(message);
      this.acceptedTimes.push(message.at);
      this.lastAcceptedTo.set(to, message.at);
      return message;
    };

    if (injected) {
      // A gateway that fails after the message went through.
      accept();
      return this.afterLatency(() => fail(injected, to));
    }
    const dropAfter = this.dropAfterAcceptRemaining > 0;
    if (dropAfter) this.dropAfterAcceptRemaining--;
    const message = this.acceptBeforeLatency || dropAfter ? accept() : null;
    await this.delay();
    if (dropAfter) {
      res.socket?.destroy();
      return;
    }
    const done = message ?? accept();
    const reply: Json = { messaging_product: 'whatsapp', contacts: [{ input: parsed.rawTo, wa_id: to }], messages: [{ id: done.messageId }] };
    if (done.type === 'template') (reply.messages as Json[])[0]!.message_status = 'accepted';
    finish(200, reply, undefined, to);
  }

  /** Mirrors the real endpoint's checks; throws Reject with the error the API would give. */
  private validate(raw: string): ParsedSend {
    let body: Json | null;
    try {
      body = asObject(JSON.parse(raw));
    } catch {
      throw invalid('The request body is not valid JSON.');
    }
    if (!body) throw invalid('The request body must be a JSON object.');
    if (body.messaging_product !== 'whatsapp') throw invalid('The parameter messaging_product is required and must be "whatsapp".');
    if (body.recipient_type !== undefined && body.recipient_type !== 'individual') throw invalid('recipient_type must be "individual".');
    const rawTo = body.to;
    if (typeof rawTo !== 'string' || !rawTo.trim()) throw invalid('The parameter to is required.');
    const to = digits(rawTo);
    if (to.length < 6 || to.length > 15 || /[^\d+\s()-]/.test(rawTo)) throw invalid(`The parameter to is not a valid phone number: ${rawTo}`);
    const callback = body.biz_opaque_callback_data;
    if (callback !== undefined && (typeof callback !== 'string' || callback.length > 512)) throw invalid('biz_opaque_callback_data must be a string of at most 512 characters.');
    const extra = typeof callback === 'string' ? { callbackData: callback } : {};

    if (body.type === 'text') {
      const text = asObject(body.text);
      const textBody = text?.body;
      if (typeof textBody !== 'string' || !textBody.trim()) throw new Reject({ ...GRAPH_ERRORS.invalidParameter, code: 131008, message: '(#131008) Required parameter is missing', details: 'text.body is required.' });
      if (textBody.length > 4096) throw invalid('text.body is longer than 4096 characters.');
      return { to, rawTo, message: { type: 'text', text: textBody, ...extra } };
    }
    if (body.type !== 'template') throw invalid(`Unsupported message type: ${String(body.type)}`);
    const template = asObject(body.template);
    const name = template?.name;
    const language = asObject(template?.language)?.code;
    if (typeof name !== 'string' || !name) throw new Reject({ ...GRAPH_ERRORS.invalidParameter, code: 131008, message: '(#131008) Required parameter is missing', details: 'template.name is required.' });
    if (typeof language !== 'string' || !language) throw new Reject({ ...GRAPH_ERRORS.invalidParameter, code: 131008, message: '(#131008) Required parameter is missing', details: 'template.language.code is required.' });
    const params: string[] = [];
    const components = template?.components;
    if (components !== undefined) {
      if (!Array.isArray(components)) throw invalid('template.components must be an array.');
      for (const c of components) {
        const component = asObject(c);
        if (!component || typeof component.type !== 'string') throw invalid('Each component needs a type.');
        if (component.type !== 'body') throw invalid(`Component type ${component.type} is not supported by this fake.`);
        if (!Array.isArray(component.parameters)) throw invalid('body.parameters must be an array.');
        for (const p of component.parameters) {
          const param = asObject(p);
          if (!param || param.type !== 'text') throw invalid('Only text parameters are supported by this fake.');
          if (typeof param.text !== 'string' || !param.text) {
            throw new Reject({ ...GRAPH_ERRORS.invalidParameter, code: 131008, message: '(#131008) Required parameter is missing', details: 'Parameter of type text is missing text value.' });
          }
          if (/[\n\t]| {5,}/.test(param.text)) throw invalid('Param text cannot have new-line/tab characters or more than 4 consecutive spaces.');
          params.push(param.text);
        }
      }
    }
    const known = this.templates.find((t) => t.name === name && t.language === language);
    if (!known) throw new Reject({ ...GRAPH_ERRORS.templateMissing, details: `template name (${name}) does not exist in ${language}` });
    if (known.status === 'PAUSED') throw new Reject(GRAPH_ERRORS.templatePaused);
    if (known.status === 'DISABLED') throw new Reject(GRAPH_ERRORS.templateDisabled);
    if (known.status !== 'APPROVED') throw new Reject({ ...GRAPH_ERRORS.templateMissing, details: `template ${name} is ${known.status}` });
    const bodyText = known.components.find((c) => c.type === 'BODY')?.text ?? '';
    const expected = new Set([...bodyText.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => m[1])).size;
    if (expected !== params.length) {
      throw new Reject({
        status: 400,
        code: 132000,
        type: 'OAuthException',
        message: '(#132000) Number of parameters does not match the expected number of params',
        details: `body: number of localizable_params (${params.length}) does not match the expected number of params (${expected})`,
      });
    }
    return { to, rawTo, message: { type: 'template', template: { name, language, params }, ...extra } };
  }

  private injectedFault(to: string, attempt: number): InjectedError | null {
    const nth = this.nthSendFaults.get(this.sendCount);
    if (nth) {
      this.nthSendFaults.delete(this.sendCount);
      return nth;
    }
    const perRecipient = this.recipientFaults.get(to);
    if (perRecipient && perRecipient.remaining > 0) {
      perRecipient.remaining -= 1;
      return perRecipient.error;
    }
    if (this.random) {
      const draw = unitHash(this.seed, stringHash(to), attempt);
      if (draw < this.random.rate) {
        const pick = Math.floor(unitHash(this.seed, stringHash(to), attempt, 7) * this.random.errors.length);
        return this.random.errors[pick]!;
      }
    }
    return null;
  }

  private async afterLatency(answer: () => void): Promise<void> {
    await this.delay();
    answer();
  }
}

function digits(phone: string): string {
  return phone.replace(/[^\d]/g, '');
}

function broadcastOf(m: AcceptedMessage): string {
  const match = /^taskdeck:(\d+):\d+$/.exec(m.callbackData ?? '');
  return match ? `task-${match[1]}` : `template-${m.template?.name ?? 'text'}`;
}

function errorBody(error: InjectedError): Json {
  const body: Json = { message: error.message, type: error.type ?? 'OAuthException', code: error.code, fbtrace_id: 'AfakeTraceId' };
  if (error.subcode !== undefined) body.error_subcode = error.subcode;
  if (error.details !== undefined) body.error_data = { messaging_product: 'whatsapp', details: error.details };
  return { error: body };
}

function unknownObject(id: string): InjectedError {
  return {
    status: 400,
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported request - method type: get. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  };
}
