/**
 * main/providers/net-errors.ts with real errors, made by real sockets on 127.0.0.1: a
 * closed port, a DNS name that cannot exist, a server that resets or drops the connection
 * before or during its answer, a caller's abort and our own deadline. Then the two clients'
 * verdicts on the same errors: they agree on "offline" and differ only in what "it may have
 * reached the server" means (Gmail: ask again; WhatsApp: in doubt).
 */
import http from 'node:http';
import net from 'node:net';
import dns from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage, isMessage, verbatim } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { inspectTransportError } from '../../main/providers/net-errors.ts';
import { classifyTransportError as classifyGmail } from '../../main/providers/gmail/client.ts';
import { classifyTransportError as classifyWhatsApp } from '../../main/providers/whatsapp/client.ts';

const host = 'api.example.test';

/** What a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A port on 127.0.0.1 that nothing listens on (a server took it and let it go). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * /reset-before: the request arrives, the socket is destroyed before any answer.
 * /drop-mid-body: headers and part of the body, then the socket is destroyed.
 * /hang: never answers.
 */
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/reset-before') {
      req.socket.destroy();
    } else if (req.url === '/drop-mid-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    }
    // /hang: no answer.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('inspectTransportError with real errors', () => {
  it('a refused connection (fetch): never sent', async () => {
    const error = await rejection(fetch(`http://127.0.0.1:${await closedPort()}/`));
    expect(error).toBeInstanceOf(TypeError);
    expect(inspectTransportError(error, { host })).toEqual({ neverSent: true, code: 'ECONNREFUSED', what: reason('netRefused') });
  });

  it('a refused connection (a raw socket, no fetch wrapper): never sent', async () => {
    const port = await closedPort();
    const error = await new Promise<Error>((resolve) => net.connect(port, '127.0.0.1').on('error', resolve));
    expect(inspectTransportError(error, { host })).toEqual({ neverSent: true, code: 'ECONNREFUSED', what: reason('netRefused') });
  });

  it('a name that cannot be looked up: never sent, and the wording names the host', async () => {
    const error = await rejection(dns.lookup('taskdeck-test.invalid'));
    const result = inspectTransportError(error, { host });
    expect(result.neverSent).toBe(true);
    expect(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']).toContain(result.code);
    if (result.code === 'ENOTFOUND' || result.code === 'EAI_AGAIN') {
      expect(result.what).toEqual(reason('netLookupFailed', { host }));
      expect(formatMessage(result.what)).toBe(`the name ${host} could not be looked up: no internet?`);
    }
  });

  it('the server drops the connection after the request arrived: may have been sent', async () => {
    const error = await rejection(fetch(`${base}/reset-before`));
    expect(inspectTransportError(error, { host })).toEqual({ neverSent: false, code: 'UND_ERR_SOCKET', what: reason('netReset') });
  });

  it('the answer breaks off midway: may have been sent', async () => {
    const response = await fetch(`${base}/drop-mid-body`);
    expect(response.status).toBe(200);
    const error = await rejection(response.text());
    expect(inspectTransportError(error, { host })).toEqual({ neverSent: false, code: 'UND_ERR_SOCKET', what: reason('netReset') });
  });

  it('a connection reset by the peer (a raw socket): may have been sent', async () => {
    const resetter = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
    try {
      const error = await new Promise<Error>((resolve) => {
        const socket = net.connect((resetter.address() as AddressInfo).port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\n\r\n'));
        socket.on('error', resolve);
      });
      expect(inspectTransportError(error, { host })).toEqual({ neverSent: false, code: 'ECONNRESET', what: reason('netReset') });
    } finally {
      await new Promise((resolve) => resetter.close(resolve));
    }
  });

  it("the caller's abort: no code, may have been sent, described by its own message", async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await rejection(pending);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(inspectTransportError(error, { host })).toEqual({ neverSent: false, what: verbatim('This operation was aborted') });
  });

  it('our own deadline: TIMEOUT, "no answer in time", may have been sent', async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException('The request timed out', 'TimeoutError')), 30);
    const error = await rejection(pending);
    expect(inspectTransportError(error, { host, timedOut: true })).toEqual({ neverSent: false, code: 'TIMEOUT', what: reason('netNoAnswer') });
  });

  it('after our deadline the code is kept, and neverSent still reads the error alone', async () => {
    const error = await rejection(fetch(`http://127.0.0.1:${await closedPort()}/`));
    expect(inspectTransportError(error, { host, timedOut: true })).toEqual({ neverSent: true, code: 'ECONNREFUSED', what: reason('netNoAnswer') });
  });

  it('whatever was thrown: never throws, never claims "never sent"', () => {
    for (const thrown of [undefined, null, 'boom', 42, {}, { cause: { cause: { cause: null } } }, new Error('')]) {
      const result = inspectTransportError(thrown, { host });
      expect(result.neverSent).toBe(false);
      expect(result.code).toBeUndefined();
      expect(isMessage(result.what)).toBe(true);
      expect(typeof formatMessage(result.what)).toBe('string');
    }
    expect(inspectTransportError('boom', { host }).what).toEqual(verbatim('boom'));
  });

  it('reads a cycle in the cause chain without looping', () => {
    const error = Object.assign(new TypeError('fetch failed'), { cause: undefined as unknown });
    error.cause = error;
    expect(inspectTransportError(error, { host })).toEqual({ neverSent: false, what: verbatim('fetch failed') });
  });
});

describe('the clients on the same real errors', () => {
  it('a refused connection is offline for both', async () => {
    const error = await rejection(fetch(`http://127.0.0.1:${await closedPort()}/`));
    const gmail = classifyGmail(error);
    expect(gmail).toEqual({ kind: 'offline', code: 'ECONNREFUSED', reason: reason('gmailUnreachable', { what: reason('netRefused') }) });
    expect(formatMessage(gmail.reason)).toBe('Could not reach Gmail (connection refused)');
    const whatsApp = classifyWhatsApp(error, 'unobserved', false);
    expect(whatsApp).toEqual({ kind: 'offline', code: 'ECONNREFUSED', reason: reason('waUnreachable', { what: reason('netRefused') }) });
    expect(formatMessage(whatsApp.reason)).toBe('Could not reach WhatsApp (connection refused)');
  });

  it('a dropped connection: Gmail asks again, a WhatsApp send is in doubt', async () => {
    const error = await rejection(fetch(`${base}/reset-before`));
    expect(classifyGmail(error)).toMatchObject({ kind: 'connection-lost', code: 'UND_ERR_SOCKET' });
    expect(classifyWhatsApp(error, 'unobserved', false)).toMatchObject({ kind: 'unknown', code: 'UND_ERR_SOCKET' });
    expect(classifyWhatsApp(error, 'sent', false)).toMatchObject({ kind: 'unknown', code: 'UND_ERR_SOCKET' });
  });

  it('our deadline: Gmail asks again even when the error says "refused"; WhatsApp trusts the error or the phase', async () => {
    const refused = await rejection(fetch(`http://127.0.0.1:${await closedPort()}/`));
    expect(classifyGmail(refused, true)).toMatchObject({ kind: 'connection-lost', code: 'ECONNREFUSED' });
    expect(classifyWhatsApp(refused, 'unobserved', true)).toMatchObject({ kind: 'offline', code: 'ECONNREFUSED' });
    const timeout = new DOMException('The request timed out', 'TimeoutError');
    expect(classifyGmail(timeout, true)).toMatchObject({ kind: 'connection-lost', code: 'TIMEOUT' });
    expect(classifyWhatsApp(timeout, 'unobserved', true)).toMatchObject({ kind: 'unknown', code: 'TIMEOUT' });
    expect(classifyWhatsApp(timeout, 'queued', true)).toMatchObject({ kind: 'offline', code: 'TIMEOUT' });
  });
});
