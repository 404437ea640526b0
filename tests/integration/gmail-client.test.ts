/**
 * The Gmail client against the local fake Gmail API: real HTTP on 127.0.0.1, real fetch,
 * real refused and dropped connections. Paging, the MIME tree, attachment bytes, token
 * refresh on 401, and every failure kind the sync task relies on.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GmailClient, isRetryable, type GmailClientOptions, type GmailFailure, type GmailResult } from '../../main/providers/gmail/client.ts';
import { OAuthError } from '../../main/providers/gmail/oauth.ts';
import { parseReceipt } from '../../main/providers/gmail/receipt-parser.ts';
import { attachmentAnswer, historyListAnswer, messageAnswer, messageListAnswer, parseGoogleError, profileAnswer } from '../../main/providers/gmail/wire.ts';
import { reason } from '../../common/reasons.ts';
import { formatMessage } from '../../common/messages.ts';
import { FakeGmailApi, GMAIL_ERRORS } from '../fakes/gmail-api-server.ts';

let api: FakeGmailApi;
let token: string;
let refreshes: number;

beforeEach(async () => {
  api = await FakeGmailApi.start();
  token = api.issueAccessToken();
  refreshes = 0;
});

afterEach(async () => {
  await api.stop();
});

function client(options: Partial<GmailClientOptions> = {}): GmailClient {
  return new GmailClient({
    baseUrl: api.baseUrl,
    accessToken: async () => token,
    onUnauthorized: async () => {
      refreshes++;
      token = api.issueAccessToken();
      return token;
    },
    timeoutMs: 2000,
    ...options,
  });
}

function failure<T>(result: GmailResult<T>): GmailFailure {
  if (result.ok) throw new Error('expected a failure');
  return result.failure;
}

function value<T>(result: GmailResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.failure)}`);
  return result.value;
}

describe('Gmail client: reading', () => {
  it('reads the profile: address and current history id', async () => {
    api.addMessages(3);
    const profile = value(await client().getProfile());
    expect(profile).toEqual({ emailAddress: api.emailAddress, messagesTotal: 3, threadsTotal: 3, historyId: String(api.currentHistoryId) });
  });

  it('pages through messages.list with nextPageToken: every message once, newest first', async () => {
    const added = api.addMessages(250);
    const c = client();
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = value(await c.listMessages({ maxResults: 100, ...(pageToken ? { pageToken } : {}) }));
      expect(page.resultSizeEstimate).toBe(250);
      seen.push(...page.messages.map((m) => m.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual([...added].reverse());
  });

  it('paging stays correct when new mail arrives between pages', async () => {
    api.addMessages(150);
    const c = client();
    const first = value(await c.listMessages({ maxResults: 100 }));
    api.addMessages(20); // newer than everything listed so far
    const second = value(await c.listMessages({ maxResults: 100, pageToken: first.nextPageToken! }));
    const ids = [...first.messages, ...second.messages].map((m) => m.id);
    expect(new Set(ids).size).toBe(150);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('filters with q: has:attachment, newer_than, after:, subject and from words, OR groups', async () => {
    const day = 24 * 3600_000;
    const now = Date.now();
    const old = api.addMessage({ from: 'Shop <a@shop.example>', subject: 'Invoice 1', date: new Date(now - 400 * day), attachments: [{ filename: 'a.pdf' }] });
    const plain = api.addMessage({ from: 'Friend <f@friend.example>', subject: 'Lunch?', date: new Date(now - 2 * day) });
    const recent = api.addMessage({ from: 'Acme <billing@acme.example>', subject: 'Your receipt', date: new Date(now - day), attachments: [{ filename: 'r.pdf' }] });
    const c = client();
    const ids = async (q: string) => value(await c.listMessages({ q })).messages.map((m) => m.id);
    expect(await ids('has:attachment')).toEqual([recent, old]);
    expect(await ids('newer_than:30d')).toEqual([recent, plain]);
    expect(await ids('has:attachment newer_than:12m')).toEqual([recent]);
    const afterDate = new Date(now - 10 * day);
    expect(await ids(`after:${afterDate.getUTCFullYear()}/${afterDate.getUTCMonth() + 1}/${afterDate.getUTCDate()}`)).toEqual([recent, plain]);
    expect(await ids('subject:receipt')).toEqual([recent]);
    expect(await ids('from:acme')).toEqual([recent]);
    expect(await ids('{receipt invoice} has:attachment')).toEqual([recent, old]);
    expect(await ids('has:attachment -from:shop')).toEqual([recent]);
    expect(api.ignoredQueryTerms).toEqual([]);
  });

  it('gets a message (format=full) whose MIME tree the receipt parser reads, and its attachment bytes', async () => {
    const [id] = api.addMessages(1, { withAttachments: 2, withSignatureLogo: true, attachmentSize: { min: 150_000, max: 400_000 } });
    const c = client();
    const message = value(await c.getMessage(id!));
    expect(message.payload.mimeType).toBe('multipart/mixed');
    expect(message.payload.parts!.map((p) => p.mimeType)).toEqual(['multipart/alternative', 'application/pdf', 'image/jpeg', 'image/png']);
    expect(message.payload.parts![0]!.parts!.map((p) => [p.partId, p.mimeType])).toEqual([
      ['0.0', 'text/plain'],
      ['0.1', 'text/html'],
    ]);
    const receipt = parseReceipt(message);
    expect(receipt.amount).not.toBeNull();
    expect(receipt.currency).not.toBeNull();
    // The 1 KB inline logo is not a receipt attachment.
    expect(receipt.attachments.map((a) => a.mimeType)).toEqual(['application/pdf', 'image/jpeg']);
    for (const attachment of receipt.attachments) {
      const bytes = value(await c.getAttachment(id!, attachment.attachmentId!));
      expect(bytes.length).toBe(attachment.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(api.attachmentSha256(id!, attachment.attachmentId!));
    }
    expect(api.fetchedMoreThanOnce()).toEqual({ messages: [], attachments: [] });
    expect(api.attachmentGets().size).toBe(2);
  });

  it('every k-th generated message carries the same attachment bytes (for content-addressed storage)', async () => {
    const ids = api.addMessages(9, { sameAttachmentEvery: 3 });
    const hashes = ids.map((id) => api.attachmentSha256(id, api.attachmentsOf(id)[0]!.attachmentId));
    expect(new Set(hashes).size).toBe(9 - 3 + 1);
    const c = client();
    const shared = ids.filter((_, i) => hashes[i] === hashes[2]);
    expect(shared).toHaveLength(3);
    for (const id of shared) {
      const bytes = value(await c.getAttachment(id, api.attachmentsOf(id)[0]!.attachmentId));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(hashes[2]);
    }
  });

  it('lists history since a history id: the messages added after it', async () => {
    api.addMessages(5);
    const c = client();
    const start = value(await c.getProfile()).historyId;
    const added = api.addMessages(7);
    const first = value(await c.listHistory({ startHistoryId: start, maxResults: 5 }));
    const second = value(await c.listHistory({ startHistoryId: start, pageToken: first.nextPageToken! }));
    const ids = [...first.history, ...second.history].flatMap((h) => h.messagesAdded.map((m) => m.id));
    expect(ids).toEqual(added);
    expect(second.nextPageToken).toBeUndefined();
    expect(second.historyId).toBe(String(api.currentHistoryId));
    // Nothing new: an empty answer that still carries the current history id.
    const none = value(await c.listHistory({ startHistoryId: second.historyId }));
    expect(none.history).toEqual([]);
    expect(none.historyId).toBe(second.historyId);
  });
});

describe('Gmail client: tokens', () => {
  it('401 → refresh once → the request is retried once and succeeds', async () => {
    api.addMessages(1);
    const c = client();
    api.expireAccessTokens();
    const result = await c.getProfile();
    expect(result.ok).toBe(true);
    expect(refreshes).toBe(1);
    expect(api.requests.map((r) => r.status)).toEqual([401, 200]);
  });

  it('many requests hitting 401 at once share one refresh', async () => {
    const ids = api.addMessages(8);
    const c = client();
    api.expireAccessTokens();
    const results = await Promise.all(ids.map((id) => c.getMessage(id)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(refreshes).toBe(1);
  });

  it('still 401 after the refresh → auth (reconnect), no second refresh', async () => {
    const c = client({
      onUnauthorized: async () => {
        refreshes++;
        return 'ya29.still-not-valid';
      },
    });
    api.expireAccessTokens();
    const f = failure(await c.getProfile());
    expect(f).toMatchObject({ kind: 'auth', status: 401 });
    expect(f.reason).toEqual(reason('gmailAccessExpired'));
    expect(formatMessage(f.reason)).toMatch(/Reconnect Gmail on the Receipts page/);
    expect(refreshes).toBe(1);
    expect(api.counts.requests).toBe(2);
  });

  it('a refresh refused with invalid_grant → auth, with the plain words of the OAuth error', async () => {
    const c = client({
      onUnauthorized: async () => {
        throw new OAuthError('invalid_grant', reason('oauthRevoked'), 'invalid_grant: Token has been expired or revoked.');
      },
    });
    api.expireAccessTokens();
    const f = failure(await c.getProfile());
    expect(f).toMatchObject({ kind: 'auth', code: 'invalid_grant' });
    expect(f.reason).toEqual(reason('oauthRevoked'));
    expect(formatMessage(f.reason)).toContain('Reconnect Gmail');
    expect(isRetryable(f)).toBe(false);
  });

  it('a refresh that fails because the network is down → offline, not auth', async () => {
    const c = client({
      onUnauthorized: async () => {
        throw new OAuthError('offline', reason('oauthOffline'));
      },
    });
    api.expireAccessTokens();
    expect(failure(await c.getProfile())).toMatchObject({ kind: 'offline' });
  });

  it('no onUnauthorized → a 401 is auth at once; no token at all → auth without a request', async () => {
    api.expireAccessTokens();
    expect(failure(await client({ onUnauthorized: undefined }).getProfile())).toMatchObject({ kind: 'auth' });
    const before = api.counts.requests;
    token = '';
    expect(failure(await client().getProfile())).toMatchObject({ kind: 'auth' });
    expect(api.counts.requests).toBe(before);
  });

  it('403 insufficientPermissions (the Gmail box was unticked) → auth', async () => {
    api.failNext(GMAIL_ERRORS.insufficientScope403);
    const f = failure(await client().getProfile());
    expect(f).toMatchObject({ kind: 'auth', status: 403 });
    expect(f.reason).toEqual(reason('gmailNotAllowed', { google: 'Request had insufficient authentication scopes.' }));
    expect(formatMessage(f.reason)).toMatch(/allow reading email/);
  });
});

describe('Gmail client: quota', () => {
  it('429 with Retry-After → quota with that wait', async () => {
    api.failNext({ ...GMAIL_ERRORS.rateLimit429, retryAfterSeconds: 7 });
    const f = failure(await client().getProfile());
    expect(f).toMatchObject({ kind: 'quota', status: 429, quotaReason: 'rateLimitExceeded', retryAfterMs: 7000, retryAfterSource: 'header' });
    expect(isRetryable(f)).toBe(true);
  });

  it.each([
    ['userRateLimit403', 'userRateLimitExceeded'],
    ['rateLimit403', 'rateLimitExceeded'],
  ] as const)('403 %s → quota with an exponential backoff hint that grows and resets', async (preset, reason) => {
    const c = client();
    api.failNext(GMAIL_ERRORS[preset], { count: 3 });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const f = failure(await c.getProfile());
      expect(f).toMatchObject({ kind: 'quota', status: 403, quotaReason: reason, retryAfterSource: 'backoff' });
      waits.push(f.kind === 'quota' ? f.retryAfterMs : 0);
    }
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThan(2000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(waits[2]).toBeGreaterThanOrEqual(4000);
    expect((await c.getProfile()).ok).toBe(true);
    api.failNext(GMAIL_ERRORS[preset]);
    const again = failure(await c.getProfile());
    expect(again.kind === 'quota' && again.retryAfterMs).toBeLessThan(2000);
  });

  it('403 dailyLimitExceeded → quota with a long wait', async () => {
    api.failNext(GMAIL_ERRORS.dailyLimit403);
    const f = failure(await client().getProfile());
    expect(f).toMatchObject({ kind: 'quota', quotaReason: 'dailyLimitExceeded' });
    expect(f.kind === 'quota' && f.retryAfterMs).toBeGreaterThanOrEqual(15 * 60_000);
    expect(f.reason).toMatchObject({ key: 'gmailDailyLimit', params: { google: 'Daily Limit Exceeded' } });
    expect(formatMessage(f.reason)).toMatch(/daily limit/);
  });

  it('a RetryInfo detail in the error body sets the wait', async () => {
    api.failNext({ ...GMAIL_ERRORS.rateLimit429, retryDelaySeconds: 12 });
    expect(failure(await client().getProfile())).toMatchObject({ kind: 'quota', retryAfterMs: 12_000, retryAfterSource: 'retry-info' });
  });

  it('the fake’s rate limit answers 429 above R requests per second', async () => {
    const ids = api.addMessages(20, { withAttachments: false });
    api.limitRate(5);
    const c = client();
    const results = await Promise.all(ids.map((id) => c.getMessage(id)));
    const quota = results.filter((r) => !r.ok && r.failure.kind === 'quota');
    expect(quota.length).toBe(15);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });
});

describe('Gmail client: other answers', () => {
  it('history.list 404 (start history id too old) → history-expired', async () => {
    api.addMessages(3);
    const c = client();
    const start = value(await c.getProfile()).historyId;
    api.addMessages(2);
    api.expireHistory();
    expect(failure(await c.listHistory({ startHistoryId: start }))).toMatchObject({ kind: 'history-expired' });
    // The documented fallback: a full sync, then history from the profile's new id works again.
    const fresh = value(await c.getProfile()).historyId;
    expect((await c.listHistory({ startHistoryId: fresh })).ok).toBe(true);
  });

  it('a message deleted between list and get → not-found', async () => {
    const [id] = api.addMessages(1);
    api.deleteMessage(id!);
    const c = client();
    expect(failure(await c.getMessage(id!))).toMatchObject({ kind: 'not-found' });
    expect(failure(await c.getAttachment(id!, 'ANGjdJ_nope'))).toMatchObject({ kind: 'not-found' });
  });

  it.each([
    ['backendError500', 500],
    ['unavailable503', 503],
    ['gateway502', 502],
  ] as const)('%s → server (retryable)', async (preset, status) => {
    api.failNext(GMAIL_ERRORS[preset]);
    const f = failure(await client().getProfile());
    expect(f).toMatchObject({ kind: 'server', status });
    expect(isRetryable(f)).toBe(true);
  });

  it('another 4xx → bad-request with Google’s message', async () => {
    api.failNext(GMAIL_ERRORS.badRequest400);
    const f = failure(await client().getProfile());
    expect(f).toMatchObject({ kind: 'bad-request', status: 400, googleReason: 'badRequest' });
    expect(f.reason).toEqual(reason('gmailRefused', { google: 'Invalid value for ByteString: bad' }));
    expect(formatMessage(f.reason)).toContain('Invalid value for ByteString');
    expect(isRetryable(f)).toBe(false);
  });
});

describe('Gmail client: network', () => {
  it('connection refused → offline; back → works', async () => {
    const c = client();
    await api.refuseConnections();
    const f = failure(await c.getProfile());
    expect(f).toMatchObject({ kind: 'offline', code: 'ECONNREFUSED' });
    expect(f.reason).toEqual(reason('gmailUnreachable', { what: reason('netRefused') }));
    expect(formatMessage(f.reason)).toContain('connection refused');
    await api.restore();
    expect((await c.getProfile()).ok).toBe(true);
  });

  it('an outage for N ms: offline during, fine after', async () => {
    const c = client();
    await api.refuseConnections(300);
    expect(failure(await c.getProfile()).kind).toBe('offline');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await c.getProfile()).ok).toBe(true);
  });

  it('a dropped connection after the request arrived → connection-lost (retryable: reads are idempotent)', async () => {
    api.dropConnections(10_000);
    const f = failure(await client().getProfile());
    expect(f.kind).toBe('connection-lost');
    expect(isRetryable(f)).toBe(true);
  });

  it('no answer in time → connection-lost', async () => {
    api.setLatency(500);
    const f = failure(await client({ timeoutMs: 100 }).getProfile());
    expect(f).toMatchObject({ kind: 'connection-lost', code: 'TIMEOUT' });
  });

  it('the caller’s signal stops a request on the wire at once → aborted', async () => {
    api.setLatency(2000);
    const stop = new AbortController();
    const started = Date.now();
    const pending = client().getProfile({ signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    expect(failure(await pending).kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('the fake counts requests in flight (several at once with latency)', async () => {
    const ids = api.addMessages(6, { withAttachments: false });
    api.setLatency(50);
    const c = client();
    await Promise.all(ids.map((id) => c.getMessage(id)));
    expect(api.counts.maxInFlight).toBeGreaterThan(1);
  });
});

describe('Gmail answers: the documented shapes (wire.ts)', () => {
  it('messages.list without `messages` (nothing matched) is an empty page, as the discovery document allows', () => {
    expect(messageListAnswer.parse({ resultSizeEstimate: 0 })).toEqual({ messages: [], resultSizeEstimate: 0 });
    expect(messageListAnswer.parse({ messages: [{ id: 'm1' }], nextPageToken: 'p2' })).toEqual({
      messages: [{ id: 'm1', threadId: 'm1' }],
      nextPageToken: 'p2',
      resultSizeEstimate: 1,
    });
  });

  it('history.list: no `history`, a record with only label changes, and a change without its message all read', () => {
    expect(historyListAnswer.parse({ historyId: '900' })).toEqual({ history: [], historyId: '900' });
    const list = historyListAnswer.parse({
      historyId: 901,
      history: [
        { id: '801', labelsAdded: [{ message: { id: 'm1' }, labelIds: ['STARRED'] }] },
        { id: '802', messagesAdded: [{}, { message: { id: 'm2', threadId: 't2', labelIds: ['INBOX'] } }], messagesDeleted: [{ message: { id: 'm3' } }] },
      ],
    });
    expect(list).toEqual({
      historyId: '901',
      history: [
        { id: '801', messagesAdded: [], messagesDeleted: [] },
        { id: '802', messagesAdded: [{ id: 'm2', threadId: 't2', labelIds: ['INBOX'] }], messagesDeleted: [{ id: 'm3', threadId: 'm3' }] },
      ],
    });
  });

  it('messages.get: int64 strings become numbers, a missing payload (format=minimal) an empty text part, MIME types lower case', () => {
    expect(messageAnswer.parse({ id: 'm1', historyId: '77', internalDate: '1700000000000', sizeEstimate: 1234 })).toEqual({
      id: 'm1',
      threadId: 'm1',
      labelIds: [],
      snippet: '',
      historyId: '77',
      internalDate: 1_700_000_000_000,
      sizeEstimate: 1234,
      payload: { partId: '', mimeType: 'text/plain', filename: '', headers: [], body: { size: 0 } },
    });
    const message = messageAnswer.parse({
      id: 'm2',
      payload: {
        mimeType: 'Multipart/Mixed',
        headers: [{ name: 'Subject', value: 'Receipt' }, { value: 'no name' }],
        parts: [{ partId: '1', mimeType: 'application/pdf', filename: 'r.pdf', body: { size: '10', attachmentId: 'a1', data: '' } }],
      },
    });
    expect(message.payload).toEqual({
      partId: '',
      mimeType: 'multipart/mixed',
      filename: '',
      headers: [{ name: 'Subject', value: 'Receipt' }],
      body: { size: 0 },
      parts: [{ partId: '1', mimeType: 'application/pdf', filename: 'r.pdf', headers: [], body: { size: 10, attachmentId: 'a1' } }],
    });
  });

  it('rejects answers whose relied-on fields are missing or of another type', () => {
    expect(profileAnswer.safeParse({ historyId: '1' }).success).toBe(false);
    expect(profileAnswer.safeParse({ emailAddress: 'a@example.com', historyId: { id: 1 } }).success).toBe(false);
    expect(messageListAnswer.safeParse({ messages: { id: 'm1' } }).success).toBe(false);
    expect(messageListAnswer.safeParse({ messages: [{ threadId: 't1' }] }).success).toBe(false);
    expect(messageListAnswer.safeParse({ messages: [], nextPageToken: 2 }).success).toBe(false);
    expect(messageAnswer.safeParse({ id: 42 }).success).toBe(false);
    expect(messageAnswer.safeParse({ id: 'm1', payload: { parts: ['not a part'] } }).success).toBe(false);
    expect(messageAnswer.safeParse({ id: 'm1', payload: { body: { attachmentId: 7 } } }).success).toBe(false);
    expect(historyListAnswer.safeParse({ history: [] }).success).toBe(false);
    expect(historyListAnswer.safeParse({ historyId: '1', history: [{ messagesAdded: [] }] }).success).toBe(false);
    expect(attachmentAnswer.safeParse({ size: 3 }).success).toBe(false);
    expect(attachmentAnswer.safeParse({ data: '<html>' }).success).toBe(false);
  });

  it('a MIME tree nested deeper than 32 levels is rejected without walking it recursively', () => {
    let part: Record<string, unknown> = { mimeType: 'text/plain' };
    for (let depth = 0; depth < 10_000; depth++) part = { mimeType: 'multipart/mixed', parts: [part] };
    expect(messageAnswer.safeParse({ id: 'm1', payload: part }).success).toBe(false);
    const nested = (levels: number) => {
      let tree: Record<string, unknown> = { mimeType: 'text/plain' };
      for (let depth = 0; depth < levels; depth++) tree = { mimeType: 'multipart/mixed', parts: [tree] };
      return { id: 'm1', payload: tree };
    };
    expect(messageAnswer.safeParse(nested(32)).success).toBe(true);
    expect(messageAnswer.safeParse(nested(33)).success).toBe(false);
  });

  it('an attachment: base64url data decoded, size kept to check against', () => {
    expect(attachmentAnswer.parse({ attachmentId: 'a1', size: 3, data: Buffer.from('abc').toString('base64url') })).toEqual({ data: Buffer.from('abc'), size: 3 });
  });

  it('Google’s error body is read best effort: reasons, ErrorInfo, RetryInfo; odd fields ignored, not fatal', () => {
    expect(
      parseGoogleError({
        error: {
          code: 429,
          message: 'Quota exceeded',
          status: 'RESOURCE_EXHAUSTED',
          errors: [{ reason: 'rateLimitExceeded', domain: 'usageLimits', message: 'Quota exceeded' }, 'junk'],
          details: [
            { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com' },
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' },
          ],
        },
      }),
    ).toEqual({ code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', reasons: ['rateLimitExceeded', 'RATE_LIMIT_EXCEEDED'], retryDelayMs: 1500 });
    expect(parseGoogleError({ error: { code: 403, message: ['not text'], errors: 'not a list' } })).toEqual({ code: 403, message: '', reasons: [] });
    expect(parseGoogleError({ error: { status: 'UNAVAILABLE' } })).toBeNull();
    expect(parseGoogleError('<html>502</html>')).toBeNull();
    expect(parseGoogleError(undefined)).toBeNull();
  });
});

describe('Gmail client: an answer that does not fit the documented shape', () => {
  /** A client whose fetch answers `body` with status 200, whatever is asked. */
  function answering(body: string): GmailClient {
    return new GmailClient({ accessToken: async () => 'ya29.test-token', fetch: async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }) });
  }

  it.each<[string, () => Promise<GmailResult<unknown>>]>([
    ['profile without a history id', () => answering(JSON.stringify({ emailAddress: 'a@example.com' })).getProfile()],
    ['messages.list with `messages` not a list', () => answering(JSON.stringify({ messages: 'm1' })).listMessages()],
    ['messages.get with a numeric id', () => answering(JSON.stringify({ id: 5 })).getMessage('m1')],
    ['history.list record without an id', () => answering(JSON.stringify({ historyId: '9', history: [{}] })).listHistory({ startHistoryId: '1' })],
    ['attachments.get without data', () => answering(JSON.stringify({ size: 10 })).getAttachment('m1', 'a1')],
    ['a body that is not JSON', () => answering('<html>oops</html>').getProfile()],
  ])('%s → server, gmailAnswerUnreadable (retryable)', async (_what, call) => {
    const f = failure(await call());
    expect(f).toEqual({ kind: 'server', status: 200, reason: reason('gmailAnswerUnreadable') });
    expect(isRetryable(f)).toBe(true);
  });
});
