/**
 * The WhatsApp provider against the local fake Graph API: real HTTP on 127.0.0.1, real
 * fetch, real sockets closed and reset. Each error class must come back as the outcome the
 * engine needs; outages must be `offline` (nothing sent) and broken answers `unknown`
 * (maybe sent), and the server's log must never show a message twice.
 */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient, type GraphClientOptions } from '../../main/providers/whatsapp/client.ts';
import type { OutgoingMessage, SendOutcome } from '../../main/providers/provider.ts';
import { WhatsAppProvider, type WhatsAppContent } from '../../main/providers/whatsapp/provider.ts';
import { RateController } from '../../main/providers/whatsapp/rate-controller.ts';
import { FakeGraphApi, GRAPH_ERRORS, type InjectedError } from '../fakes/graph-api-server.ts';
import { reason } from '../../common/reasons.ts';
import { formatMessage } from '../../common/messages.ts';
import { ownerAction } from '../../main/providers/whatsapp/errors.ts';

let api: FakeGraphApi;
let token: string;

beforeEach(async () => {
  api = await FakeGraphApi.start({ token: 'EAAGtest-secret-token-123456' });
  token = api.currentToken;
});

afterEach(async () => {
  await api.stop();
});

const orderReady: WhatsAppContent = { type: 'template', name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { field: 'order' }] };

function client(options: Partial<GraphClientOptions> = {}): GraphClient {
  return new GraphClient({ baseUrl: api.baseUrl, accessToken: () => token, timeoutMs: 2000, ...options });
}

function provider(content: WhatsAppContent = orderReady, options: { client?: GraphClient; rate?: RateController } = {}): WhatsAppProvider {
  return new WhatsAppProvider({
    client: options.client ?? client(),
    phoneNumberId: api.phoneNumberId,
    content,
    rate: options.rate ?? new RateController({ ratePerSecond: 1000, maxRatePerSecond: 1000 }),
    secrets: () => [token],
  });
}

let nextItem = 1;
function message(phone: string, vars: Record<string, string> = {}, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const itemId = nextItem++;
  return {
    businessId: 1,
    taskId: 7,
    itemId,
    phone,
    body: 'Hello there',
    attempt: 1,
    name: vars.name ?? 'Dana',
    vars: { name: 'Dana', phone, order: 'A-17', ...vars },
    ...overrides,
  };
}

const live = () => new AbortController().signal;

async function sendWith(error: InjectedError, phone = '+972501110001'): Promise<SendOutcome> {
  api.failRecipient(phone, error, 1);
  return provider().send(message(phone), live());
}

describe('WhatsApp provider: sending', () => {
  it('sends a template filled from the recipient, and stores the message id', async () => {
    const outcome = await provider().send(message('+972 50-111-0001', { name: 'Dana', order: 'A-17' }), live());
    expect(api.accepted).toHaveLength(1);
    const accepted = api.accepted[0]!;
    expect(outcome).toEqual({ kind: 'sent', providerRef: accepted.messageId });
    expect(accepted.messageId).toMatch(/^wamid\./);
    expect(accepted).toMatchObject({
      to: '972501110001',
      type: 'template',
      template: { name: 'order_ready', language: 'en_US', params: ['Dana', 'A-17'] },
      callbackData: `taskdeck:7:${nextItem - 1}`,
    });
  });

  it('sends fixed text params and flattens values WhatsApp would refuse', async () => {
    const content: WhatsAppContent = { type: 'template', name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { text: 'B-2' }] };
    const outcome = await provider(content).send(message('+972501110002', { name: 'Dana\nCohen\t  ' }), live());
    expect(outcome.kind).toBe('sent');
    expect(api.accepted[0]!.template!.params).toEqual(['Dana Cohen', 'B-2']);
  });

  it('sends free text with the engine’s rendered body', async () => {
    const outcome = await provider({ type: 'text' }).send(message('+972501110003', {}, { body: 'Hi Dana, we open at 8' }), live());
    expect(outcome.kind).toBe('sent');
    expect(api.accepted[0]).toMatchObject({ type: 'text', text: 'Hi Dana, we open at 8' });
  });

  it('fails a recipient without a value for a template field, sending nothing', async () => {
    const outcome = await provider().send(message('+972501110004', { order: '  ' }), live());
    expect(outcome).toMatchObject({ kind: 'rejected', reasonId: 'missing-value', reason: reason('noValueFor', { fields: 'order' }) });
    expect('reason' in outcome && formatMessage(outcome.reason)).toBe('No value for order');
    expect(api.counts.sends).toBe(0);
  });

  it('fails a number that cannot be a WhatsApp number, sending nothing', async () => {
    const outcome = await provider().send(message('12'), live());
    expect(outcome).toMatchObject({ kind: 'rejected', reasonId: 'invalid-number' });
    expect(api.counts.sends).toBe(0);
  });

  it('sends nothing when stopped before sending', async () => {
    const stop = new AbortController();
    stop.abort();
    expect(await provider().send(message('+972501110005'), stop.signal)).toEqual({ kind: 'not-sent' });
    expect(api.counts.requests).toBe(0);
  });

  it('sends nothing when stopped while waiting for the rate limit', async () => {
    const rate = new RateController({ ratePerSecond: 20 });
    rate.recordThroughputError(60_000);
    const stop = new AbortController();
    const pending = provider(orderReady, { rate }).send(message('+972501110006'), stop.signal);
    setTimeout(() => stop.abort(), 20);
    expect(await pending).toEqual({ kind: 'not-sent' });
    expect(api.counts.requests).toBe(0);
  });

  it('lets a request already on the wire finish when stopped, instead of leaving it in doubt', async () => {
    api.setLatency(300);
    const stop = new AbortController();
    const pending = provider().send(message('+972501110007'), stop.signal);
    setTimeout(() => stop.abort(), 50);
    const outcome = await pending;
    expect(outcome.kind).toBe('sent');
    expect(api.accepted).toHaveLength(1);
  });
});

describe('WhatsApp provider: each error class becomes the right outcome', () => {
  it('recipient: not on WhatsApp → rejected with the reason', async () => {
    const outcome = await sendWith(GRAPH_ERRORS.notOnWhatsApp);
    expect(outcome).toMatchObject({ kind: 'rejected', reasonId: 'not-on-whatsapp' });
    expect(outcome.kind === 'rejected' && outcome.reason).toEqual(reason('errorWithRef', { reason: reason('waNotOnWhatsApp'), ref: reason('waErrorCode', { code: '131026' }) }));
    expect(outcome.kind === 'rejected' && formatMessage(outcome.reason)).toContain('(WhatsApp error 131026)');
    expect(outcome.kind === 'rejected' && outcome.optOut).toBeFalsy();
    expect(api.accepted).toHaveLength(0);
  });

  it.each([
    ['outsideWindow', 'outside-window'],
    ['marketingLimit', 'marketing-limit'],
    ['experiment', 'experiment'],
    ['invalidParameter', 'invalid-parameter'],
  ] as const)('recipient: %s → rejected (%s)', async (preset, reasonId) => {
    expect(await sendWith(GRAPH_ERRORS[preset])).toMatchObject({ kind: 'rejected', reasonId });
  });

  it('opted-out: 131050 → rejected and marked to opt the contact out', async () => {
    expect(await sendWith(GRAPH_ERRORS.optedOut)).toMatchObject({ kind: 'rejected', reasonId: 'opted-out', optOut: true });
  });

  it('pair-rate: 131056 → retry this recipient later; the others are not held', async () => {
    const rate = new RateController({ ratePerSecond: 1000, maxRatePerSecond: 1000 });
    const p = provider(orderReady, { rate });
    api.failRecipient('+972501110010', GRAPH_ERRORS.pairRate, 1);
    const outcome = await p.send(message('+972501110010'), live());
    expect(outcome).toMatchObject({ kind: 'retry', scope: 'recipient' });
    expect(outcome.kind === 'retry' && outcome.retryAfterMs).toBeGreaterThan(5000);
    expect(outcome.kind === 'retry' && outcome.retryAfterMs).toBeLessThanOrEqual(6000);
    // Someone else goes right away.
    const started = Date.now();
    expect((await p.send(message('+972501110011'), live())).kind).toBe('sent');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rate.recipientNotBefore('972501110010')).toBeGreaterThan(Date.now() + 4000);
  });

  it('throughput: 130429 → retry with the bucket slowed down and waitingUntil shown', async () => {
    const rate = new RateController({ ratePerSecond: 40, maxRatePerSecond: 80 });
    const p = provider(orderReady, { rate });
    api.failRecipient('+972501110012', GRAPH_ERRORS.throughput, 1);
    const outcome = await p.send(message('+972501110012'), live());
    expect(outcome).toMatchObject({ kind: 'retry', scope: 'throughput' });
    expect(outcome.kind === 'retry' && outcome.retryAfterMs).toBeGreaterThanOrEqual(500);
    const state = p.rateState();
    expect(state).toMatchObject({ ratePerSecond: 20, targetRatePerSecond: 40, limited: true });
    expect(state.waitingUntil).toBeGreaterThan(Date.now());
  });

  it.each(['appRate', 'wabaRate'] as const)('throughput: %s → retry (throughput)', async (preset) => {
    expect(await sendWith(GRAPH_ERRORS[preset])).toMatchObject({ kind: 'retry', scope: 'throughput' });
  });

  it('throughput: the fake server’s real limit (130429 above R/s) slows the provider down', async () => {
    api.setThroughputLimit(5);
    const rate = new RateController({ ratePerSecond: 50, maxRatePerSecond: 80, backoffBaseMs: 200 });
    const p = provider(orderReady, { rate });
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => p.send(message(`+97250222${String(i).padStart(4, '0')}`), live())));
    const throttled = outcomes.filter((o) => o.kind === 'retry' && o.scope === 'throughput');
    expect(throttled.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.kind === 'sent')).toHaveLength(12 - throttled.length);
    // Cut at least once (the server stays over its one-second window after a short backoff, so
    // it may take several episodes); never more cuts than throttled answers.
    const state = rate.state();
    expect(state.ratePerSecond).toBeLessThan(50);
    expect(state.throttleEpisodes).toBeGreaterThan(0);
    expect(state.throttleEpisodes).toBeLessThanOrEqual(throttled.length);
  });

  it.each(['temporary', 'serviceUnavailable', 'unknown5xx'] as const)('retryable: %s → retry (item)', async (preset) => {
    expect(await sendWith(GRAPH_ERRORS[preset])).toMatchObject({ kind: 'retry', scope: 'item' });
  });

  it.each([
    ['accountLocked', 'account-locked'],
    ['restricted', 'account-restricted'],
    ['payment', 'payment-issue'],
    ['spamLimit', 'spam-limit'],
    ['tokenInvalid', 'token-invalid'],
  ] as const)('account: %s → account (%s), nothing burned', async (preset, reasonId) => {
    const outcome = await sendWith(GRAPH_ERRORS[preset]);
    expect(outcome).toMatchObject({ kind: 'account', reasonId });
    if (outcome.kind !== 'account') throw new Error(`expected an account outcome, got ${outcome.kind}`);
    expect(outcome.action).toEqual(ownerAction(reasonId));
    expect(formatMessage(outcome.action!)).toMatch(/\S/);
  });

  it('account: a paused, disabled or missing template, or the wrong number of values', async () => {
    const send = (content: WhatsAppContent) => provider(content).send(message('+972501110020', { name: 'Dana' }), live());
    expect(await send({ type: 'template', name: 'paused_promo', language: 'en_US', params: [{ field: 'name' }] })).toMatchObject({ kind: 'account', reasonId: 'template-paused' });
    expect(await send({ type: 'template', name: 'old_promo', language: 'en_US', params: [{ field: 'name' }] })).toMatchObject({ kind: 'account', reasonId: 'template-disabled' });
    expect(await send({ type: 'template', name: 'no_such', language: 'en_US', params: [] })).toMatchObject({ kind: 'account', reasonId: 'template-missing' });
    expect(await send({ type: 'template', name: 'order_ready', language: 'he', params: [] })).toMatchObject({ kind: 'account', reasonId: 'template-missing' });
    const mismatch = await send({ type: 'template', name: 'order_ready', language: 'en_US', params: [{ field: 'name' }] });
    expect(mismatch).toMatchObject({ kind: 'account', reasonId: 'template-param-count' });
    expect(mismatch.kind === 'account' && mismatch.reason).toMatchObject({ key: 'errorWithRef', params: { reason: { key: 'errorWithDetails', params: { reason: reason('waTemplateParamCount') } } } });
    expect(mismatch.kind === 'account' && formatMessage(mismatch.reason)).toContain('does not match the expected number of params (2)');
    expect(api.accepted).toHaveLength(0);
  });

  it('account: a wrong phone number ID', async () => {
    const p = new WhatsAppProvider({ client: client(), phoneNumberId: '999', content: orderReady, rate: new RateController() });
    expect(await p.send(message('+972501110021'), live())).toMatchObject({ kind: 'account', reasonId: 'unknown-id' });
  });

  it('unknown 4xx → rejected with the API’s own message', async () => {
    const outcome = await sendWith(GRAPH_ERRORS.unknown4xx);
    expect(outcome).toMatchObject({ kind: 'rejected', reasonId: 'rejected-other' });
    expect(outcome.kind === 'rejected' && outcome.reason).toEqual(
      reason('errorWithRef', {
        reason: reason('errorWithDetails', { reason: reason('waRejectedOther'), details: 'A new kind of refusal' }),
        ref: reason('waErrorCode', { code: '139999' }),
      }),
    );
    expect(outcome.kind === 'rejected' && formatMessage(outcome.reason)).toBe('WhatsApp refused this message: A new kind of refusal. (WhatsApp error 139999)');
  });

  it('a gateway 5xx without a Graph error → unknown (it may have gone through behind the gateway)', async () => {
    api.failRecipient('+972501110022', { ...GRAPH_ERRORS.gateway502, acceptFirst: true }, 1);
    const outcome = await provider().send(message('+972501110022'), live());
    expect(outcome.kind).toBe('unknown');
    expect(api.accepted).toHaveLength(1); // it did go through: resending would have been a duplicate
  });

  it('never puts the token into a reason', async () => {
    const leaky: InjectedError = { ...GRAPH_ERRORS.unknown4xx, message: `(#139999) bad token ${token} used`, details: `token=${token}` };
    const outcome = await sendWith(leaky);
    expect(JSON.stringify(outcome)).not.toContain(token);
    if (outcome.kind !== 'rejected') throw new Error(`expected a rejection, got ${outcome.kind}`);
    // Neither the English the CLI and logs print nor the Message as stored (JSON) holds it.
    expect(formatMessage(outcome.reason)).not.toContain(token);
    expect(formatMessage(outcome.reason, 'he')).not.toContain(token);
    expect(JSON.stringify(outcome.reason)).not.toContain(token);
    expect(formatMessage(outcome.reason)).toContain('[redacted]');
  });
});

describe('WhatsApp provider: token expiry', () => {
  it('a token expiring mid-run → account (token-expired); a replaced token → sends again', async () => {
    const p = provider();
    expect((await p.send(message('+972501110030'), live())).kind).toBe('sent');
    api.expireTokenAtRequest(api.counts.requests + 1);
    const outcome = await p.send(message('+972501110031'), live());
    expect(outcome).toMatchObject({ kind: 'account', reasonId: 'token-expired' });
    expect(outcome.kind === 'account' && outcome.reason).toEqual(reason('errorWithRef', { reason: reason('waTokenExpired'), ref: reason('waErrorCode', { code: '190/463' }) }));
    expect(outcome.kind === 'account' && formatMessage(outcome.reason)).toContain('WhatsApp error 190/463');
    expect(await p.checkAccount(live())).toMatchObject({ ok: false, kind: 'account', reasonId: 'token-expired' });
    // The owner pastes a new token; the provider reads it before every request.
    api.replaceToken('EAAGtest-new-token-654321');
    token = 'EAAGtest-new-token-654321';
    expect(await p.checkAccount(live())).toMatchObject({ ok: true });
    expect((await p.send(message('+972501110031'), live())).kind).toBe('sent');
    expect(api.sentTo('+972501110031')).toHaveLength(1);
  });

  it('no token at all → account, and nothing leaves the machine', async () => {
    token = '';
    const outcome = await provider().send(message('+972501110032'), live());
    expect(outcome).toMatchObject({ kind: 'account', reasonId: 'token-invalid' });
    expect(api.counts.requests).toBe(0);
  });
});

describe('WhatsApp provider: network', () => {
  it('connection refused → offline, probe offline; back → probe online and sends', async () => {
    const p = provider();
    expect(await p.probe(live())).toBe('online');
    await api.refuseConnections();
    const outcome = await p.send(message('+972501110040'), live());
    expect(outcome).toMatchObject({ kind: 'offline' });
    expect(outcome.kind === 'offline' && outcome.reason).toEqual(reason('waUnreachable', { what: reason('netRefused') }));
    expect(outcome.kind === 'offline' && formatMessage(outcome.reason)).toContain('connection refused');
    expect(await p.probe(live())).toBe('offline');
    expect(await p.checkAccount(live())).toMatchObject({ ok: false, kind: 'offline' });
    await api.restore();
    expect(await p.probe(live())).toBe('online');
    expect((await p.send(message('+972501110040'), live())).kind).toBe('sent');
    expect(api.sentTo('+972501110040')).toHaveLength(1);
  });

  it('an outage window refuses connections, then ends by itself', async () => {
    const p = provider();
    await api.refuseConnections(300);
    expect((await p.send(message('+972501110041'), live())).kind).toBe('offline');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await p.send(message('+972501110041'), live())).kind).toBe('sent');
  });

  it('a name that does not resolve → offline', async () => {
    const p = provider(orderReady, { client: new GraphClient({ baseUrl: 'http://graph.nonexistent.invalid', accessToken: token, timeoutMs: 5000 }) });
    expect(await p.send(message('+972501110042'), live())).toMatchObject({ kind: 'offline' });
  });

  it('a timeout after the request was sent → unknown (in doubt), and it was in fact delivered', async () => {
    api.setLatency(800);
    const p = provider(orderReady, { client: client({ timeoutMs: 200 }) });
    const outcome = await p.send(message('+972501110043'), live());
    expect(outcome).toMatchObject({ kind: 'unknown' });
    expect(outcome.kind === 'unknown' && outcome.reason).toEqual(reason('waBrokeAfterSent', { what: reason('netNoAnswer') }));
    expect(outcome.kind === 'unknown' && formatMessage(outcome.reason)).toContain('no answer in time');
    expect(api.sentTo('+972501110043')).toHaveLength(1);
  });

  it('a connection reset after the message was accepted → unknown', async () => {
    api.dropAfterAccept(1);
    const outcome = await provider().send(message('+972501110044'), live());
    expect(outcome).toMatchObject({ kind: 'unknown' });
    expect(api.sentTo('+972501110044')).toHaveLength(1);
  });

  it('sockets destroyed on arrival → unknown: the request was written, the client cannot know more', async () => {
    api.dropConnections(10_000);
    const outcome = await provider().send(message('+972501110045'), live());
    expect(outcome.kind).toBe('unknown');
    expect(api.accepted).toHaveLength(0);
  });

  it('a timeout while still connecting → offline: the request was never written (seen on the diagnostics channels)', async () => {
    // A TLS server that never answers the handshake: the connection is never ready, so no
    // byte of the HTTP request can have been written. Only the phase tracking knows that; the
    // error alone (our timeout) would have to count as "maybe sent".
    const received: Buffer[] = [];
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk: Buffer) => received.push(chunk));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const tls = new GraphClient({ baseUrl: `https://127.0.0.1:${port}`, accessToken: token, timeoutMs: 300 });
      const outcome = await provider(orderReady, { client: tls }).send(message('+972501110047'), live());
      expect(outcome).toMatchObject({ kind: 'offline' });
      expect(outcome.kind === 'offline' && outcome.reason).toEqual(reason('waUnreachable', { what: reason('netNoAnswer') }));
      expect(outcome.kind === 'offline' && formatMessage(outcome.reason)).toContain('no answer in time');
      expect(Buffer.concat(received).toString('latin1')).not.toContain('POST');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('a fetch whose phases cannot be observed falls back on the error code', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED', syscall: 'connect' } });
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET', syscall: 'read' } });
    const failing = (error: Error) => client({ fetch: () => Promise.reject(error) });
    expect(await provider(orderReady, { client: failing(refused) }).send(message('+972501110046'), live())).toMatchObject({ kind: 'offline' });
    expect(await provider(orderReady, { client: failing(reset) }).send(message('+972501110046'), live())).toMatchObject({ kind: 'unknown' });
  });
});

describe('Graph client: reading the account', () => {
  it('reads the phone number: display number, verified name, quality rating', async () => {
    const result = await provider().checkAccount(live());
    expect(result).toEqual({
      ok: true,
      info: {
        id: api.phoneNumberId,
        displayPhoneNumber: '+1 555-078-3881',
        verifiedName: 'Taskdeck Bakery',
        qualityRating: 'GREEN',
        throughputLevel: 'STANDARD',
        messagingLimitTier: 'TIER_10K',
        nameStatus: 'APPROVED',
        codeVerificationStatus: 'VERIFIED',
      },
    });
  });

  it('lists every template across pages', async () => {
    const result = await client().listTemplates(api.wabaId, { pageSize: 2 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((t) => `${t.name}/${t.language}/${t.status}`)).toEqual([
      'order_ready/en_US/APPROVED',
      'spring_sale/he/APPROVED',
      'hello_world/en_US/APPROVED',
      'paused_promo/en_US/PAUSED',
      'old_promo/en_US/DISABLED',
    ]);
    expect(result.value[0]).toMatchObject({ category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready.' }] });
    expect(api.requests.filter((r) => r.path.endsWith('/message_templates'))).toHaveLength(3);
  });

  it('filters by status and stops at the page bound', async () => {
    const approved = await client().listTemplates(api.wabaId, { status: 'APPROVED' });
    expect(approved.ok && approved.value.map((t) => t.name)).toEqual(['order_ready', 'spring_sale', 'hello_world']);
    const bounded = await client().listTemplates(api.wabaId, { pageSize: 1, maxPages: 2 });
    expect(bounded).toMatchObject({ ok: false, failure: { kind: 'bad-response' } });
  });

  it('a wrong WABA id is a Graph error the caller can classify', async () => {
    const result = await client().listTemplates('123');
    expect(result).toMatchObject({ ok: false, failure: { kind: 'api', status: 400, error: { code: 100, subcode: 33 } } });
  });
});

describe('Graph client: an answer that does not fit the documented shape', () => {
  /** A client whose fetch answers `body` with status 200, whatever is asked. */
  const answering = (body: string) => client({ fetch: async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }) });

  it('a send answered 200 without a message id → unknown (in doubt: it was probably accepted), never sent twice', async () => {
    const outcome = await provider(orderReady, { client: answering(JSON.stringify({ messaging_product: 'whatsapp', messages: [] })) }).send(message('+972501110050'), live());
    expect(outcome).toEqual({ kind: 'unknown', reason: reason('waMayHaveGoneOut', { reason: reason('waAnswerUnreadable'), status: 200 }) });
  });

  it('a send answered with a message id and odd echoes → sent, with that id', async () => {
    const body = JSON.stringify({ contacts: { wa_id: 1 }, messages: [{ id: 'wamid.HBgLodd', message_status: 5 }] });
    expect(await provider(orderReady, { client: answering(body) }).send(message('+972501110051'), live())).toEqual({ kind: 'sent', providerRef: 'wamid.HBgLodd' });
  });

  it.each([
    ['a phone number with a numeric id', (c: GraphClient) => c.getPhoneNumber('1'), JSON.stringify({ id: 1 })],
    ['a template list without data', (c: GraphClient) => c.listTemplates('1'), JSON.stringify({ paging: {} })],
    ['a body that is not JSON', (c: GraphClient) => c.getPhoneNumber('1'), '<html>oops</html>'],
  ])('%s → bad-response, waAnswerUnreadable', async (_what, call, body) => {
    expect(await call(answering(body))).toEqual({ ok: false, failure: { kind: 'bad-response', status: 200, reason: reason('waAnswerUnreadable') } });
  });
});

describe('WhatsApp provider: a mixed run never sends twice', () => {
  it('300 recipients with throttling, pair-rate, invalid numbers, an expiring token and an outage', async () => {
    api.setThroughputLimit(80);
    api.setPairRateWindow(50);
    api.failRandomly(0.15, [GRAPH_ERRORS.pairRate, GRAPH_ERRORS.temporary, GRAPH_ERRORS.notOnWhatsApp, GRAPH_ERRORS.optedOut], 42);
    api.expireTokenAtRequest(120);
    const rate = new RateController({ ratePerSecond: 400, maxRatePerSecond: 1000, backoffBaseMs: 50, pairRateBaseMs: 30, quietPeriodMs: 500, recoveryIntervalMs: 100 });
    const p = provider(orderReady, { rate });
    const phones = Array.from({ length: 300 }, (_, i) => `+97253${String(i).padStart(7, '0')}`);
    const final = new Map<string, SendOutcome>();
    const seen = new Map<string, number>();
    let outageDone = false;

    // A miniature engine: lanes, the provider's outcomes, no resend of an unknown.
    const queue = [...phones];
    const lane = async () => {
      for (let guard = 0; guard < 10_000; guard++) {
        const phone = queue.shift();
        if (!phone) return;
        let tries = 0;
        const m = message(phone);
        for (let attempt = 0; attempt < 50; attempt++) {
          const outcome = await p.send({ ...m, attempt: attempt + 1 }, live());
          const label = outcome.kind === 'retry' ? `retry:${outcome.scope}` : outcome.kind;
          seen.set(label, (seen.get(label) ?? 0) + 1);
          if (outcome.kind === 'retry') {
            if (outcome.scope === 'item' && ++tries >= 3) {
              final.set(phone, outcome);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(outcome.retryAfterMs ?? 20, 200)));
            continue;
          }
          if (outcome.kind === 'account') {
            // The owner replaces the token; the task goes on.
            api.replaceToken('EAAGtest-replaced-token-000000');
            token = 'EAAGtest-replaced-token-000000';
            continue;
          }
          if (outcome.kind === 'offline' || outcome.kind === 'not-sent') {
            await new Promise((resolve) => setTimeout(resolve, 50));
            continue;
          }
          final.set(phone, outcome);
          break;
        }
        if (final.size === 150 && !outageDone) {
          outageDone = true;
          await api.refuseConnections(300);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));

    expect(final.size).toBe(300);
    // Every situation really happened during the run.
    for (const label of ['sent', 'rejected', 'retry:item', 'retry:recipient', 'retry:throughput', 'account', 'offline']) {
      expect(seen.get(label) ?? 0, `${label} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    }
    expect(api.duplicates()).toEqual([]);
    for (const phone of phones) {
      const outcome = final.get(phone)!;
      const copies = api.sentTo(phone).length;
      if (outcome.kind === 'sent') expect(copies, phone).toBe(1);
      else if (outcome.kind === 'unknown') expect(copies, phone).toBeLessThanOrEqual(1);
      else expect(copies, `${phone} ${JSON.stringify(outcome)}`).toBe(0);
    }
    const kinds = [...final.values()].map((o) => (o.kind === 'rejected' && o.optOut ? 'opted-out' : o.kind));
    expect(kinds.filter((k) => k === 'sent').length).toBeGreaterThan(200);
    expect(kinds).toContain('rejected');
    expect(kinds).toContain('opted-out');
  });
});
