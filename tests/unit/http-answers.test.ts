/**
 * main/providers/http-answers.ts: what the Gmail and WhatsApp clients and the Google sign-in
 * share for reading an HTTP answer (the clients' own tests cover how they classify it).
 */
import { describe, expect, it } from 'vitest';
import { asObject, parseJsonText, parseRetryAfter, readAnswer, str } from '../../main/providers/http-answers.ts';
import { parseRetryAfter as gmailRetryAfter } from '../../main/providers/gmail/client.ts';
import { parseRetryAfter as whatsAppRetryAfter } from '../../main/providers/whatsapp/client.ts';

describe('JSON guards', () => {
  it('asObject: only plain objects', () => {
    expect(asObject({ a: 1 })).toEqual({ a: 1 });
    expect(asObject(null)).toBeNull();
    expect(asObject([1])).toBeNull();
    expect(asObject('x')).toBeNull();
    expect(asObject(undefined)).toBeNull();
  });

  it('str: only strings', () => {
    expect(str('')).toBe('');
    expect(str('a')).toBe('a');
    expect(str(1)).toBeUndefined();
    expect(str(null)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds or an HTTP date, never a negative wait', () => {
    expect(parseRetryAfter(' 3 ')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(new Date(1_000).toUTCString(), 4_000)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('is still exported by both clients', () => {
    expect(gmailRetryAfter).toBe(parseRetryAfter);
    expect(whatsAppRetryAfter).toBe(parseRetryAfter);
  });
});

describe('parseJsonText', () => {
  it('parses JSON up to the bound; empty, too long or not JSON is undefined', () => {
    expect(parseJsonText('{"a":[1]}', 100)).toEqual({ a: [1] });
    expect(parseJsonText('"x"', 3)).toBe('x');
    expect(parseJsonText('"x"', 2)).toBeUndefined();
    expect(parseJsonText('', 100)).toBeUndefined();
    expect(parseJsonText('<html>', 100)).toBeUndefined();
    expect(parseJsonText('null', 100)).toBeNull();
  });
});

describe('readAnswer', () => {
  it('status, JSON body and Retry-After', async () => {
    const answer = await readAnswer(new Response('{"error":{"code":429}}', { status: 429, headers: { 'retry-after': '2' } }), 1000);
    expect(answer).toEqual({ status: 429, json: { error: { code: 429 } }, retryAfterMs: 2000 });
  });

  it('no Retry-After key when there is none or it cannot be read; a body that is not JSON is undefined', async () => {
    expect(await readAnswer(new Response('oops', { status: 502 }), 1000)).toEqual({ status: 502, json: undefined });
    expect(await readAnswer(new Response(null, { status: 204, headers: { 'retry-after': 'later' } }), 1000)).toEqual({ status: 204, json: undefined });
  });

  it('rejects when the body breaks off (the caller classifies the error)', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
      },
    });
    await expect(readAnswer(new Response(broken, { status: 200 }), 1000)).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });
});
