/**
 * The WhatsApp error table: every class, the fallbacks for unknown errors, the owner's
 * words, the docs staying in sync, and the offline / in-doubt split of transport errors.
 */
import { formatMessage } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  classifyGraphError,
  findErrorRule,
  ownerAction,
  WHATSAPP_ERROR_TABLE,
  WHATSAPP_REASON_IDS,
  WHATSAPP_REASON_WORDS,
  type WhatsAppErrorClass,
} from '../../main/providers/whatsapp/errors.ts';
import { classifyTransportError, parseGraphError, parseRetryAfter } from '../../main/providers/whatsapp/client.ts';
import { phoneNumberAnswer, sendAnswer, templatePageAnswer } from '../../main/providers/whatsapp/wire.ts';

const cases: [code: number, subcode: number | undefined, status: number, cls: WhatsAppErrorClass, reasonId: string][] = [
  [190, 463, 401, 'account', 'token-expired'],
  [190, undefined, 401, 'account', 'token-invalid'],
  [190, 460, 401, 'account', 'token-invalid'],
  [190, 999, 401, 'account', 'token-invalid'], // unknown subcode falls back to the bare code
  [10, undefined, 403, 'account', 'permission-missing'],
  [200, undefined, 403, 'account', 'permission-missing'],
  [299, undefined, 403, 'account', 'permission-missing'],
  [131031, undefined, 403, 'account', 'account-locked'],
  [368, undefined, 403, 'account', 'account-restricted'],
  [131042, undefined, 400, 'account', 'payment-issue'],
  [132015, undefined, 400, 'account', 'template-paused'],
  [132016, undefined, 400, 'account', 'template-disabled'],
  [132001, undefined, 404, 'account', 'template-missing'],
  [132000, undefined, 400, 'account', 'template-param-count'],
  [133010, undefined, 400, 'account', 'number-not-registered'],
  [100, 33, 400, 'account', 'unknown-id'],
  [131048, undefined, 400, 'account', 'spam-limit'],
  [130429, undefined, 429, 'throughput', 'throughput'],
  [80007, undefined, 400, 'throughput', 'throughput'],
  [4, undefined, 400, 'throughput', 'throughput'],
  [131057, undefined, 500, 'throughput', 'account-maintenance'],
  [131056, undefined, 400, 'pair-rate', 'pair-rate'],
  [131000, undefined, 500, 'retryable', 'temporary'],
  [2, undefined, 503, 'retryable', 'temporary'],
  [131016, undefined, 500, 'retryable', 'temporary'],
  [131026, undefined, 400, 'recipient', 'not-on-whatsapp'],
  [131047, undefined, 400, 'recipient', 'outside-window'],
  [131049, undefined, 400, 'recipient', 'marketing-limit'],
  [131051, undefined, 400, 'recipient', 'unsupported-message'],
  [130472, undefined, 400, 'recipient', 'experiment'],
  [130497, undefined, 403, 'recipient', 'country-restricted'],
  [131009, undefined, 400, 'recipient', 'invalid-parameter'],
  [100, undefined, 400, 'recipient', 'invalid-parameter'],
  [132005, undefined, 400, 'recipient', 'template-param-invalid'],
  [131050, undefined, 400, 'opted-out', 'opted-out'],
];

describe('WhatsApp error classification', () => {
  it.each(cases)('code %s/%s (HTTP %s) is %s (%s)', (code, subcode, status, cls, reasonId) => {
    const c = classifyGraphError({ status, code, subcode, message: `(#${code}) something` });
    expect(c.cls).toBe(cls);
    expect(c.reasonId).toBe(reasonId);
    expect(c.known).toBe(true);
    expect(formatMessage(c.reason)).toContain(`WhatsApp error ${code}`);
  });

  it('classifies by code, not by HTTP status', () => {
    // 131026 with an odd status is still a recipient failure; 131000 with 400 is still retryable.
    expect(classifyGraphError({ status: 500, code: 131026 }).cls).toBe('recipient');
    expect(classifyGraphError({ status: 400, code: 131000 }).cls).toBe('retryable');
  });

  it('treats an unknown 4xx as a recipient failure carrying the API message', () => {
    const c = classifyGraphError({ status: 400, code: 139999, message: '(#139999) A brand new refusal', details: 'The reason, in detail.' });
    expect(c).toMatchObject({ cls: 'recipient', reasonId: 'rejected-other', known: false, code: 139999 });
    expect(c.reason).toEqual(
      reason('errorWithRef', {
        reason: reason('errorWithDetails', { reason: reason('waRejectedOther'), details: 'The reason, in detail' }),
        ref: reason('waErrorCode', { code: '139999' }),
      }),
    );
    expect(formatMessage(c.reason)).toBe('WhatsApp refused this message: The reason, in detail. (WhatsApp error 139999)');
  });

  it('uses the message when there are no details, without the "(#code)" prefix', () => {
    const c = classifyGraphError({ status: 400, code: 139999, message: '(#139999) A brand new refusal' });
    expect(c.reason).toEqual(
      reason('errorWithRef', {
        reason: reason('errorWithDetails', { reason: reason('waRejectedOther'), details: 'A brand new refusal' }),
        ref: reason('waErrorCode', { code: '139999' }),
      }),
    );
    expect(formatMessage(c.reason)).toBe('WhatsApp refused this message: A brand new refusal. (WhatsApp error 139999)');
  });

  it('treats an unknown 5xx as retryable', () => {
    expect(classifyGraphError({ status: 502, code: 139998 })).toMatchObject({ cls: 'retryable', reasonId: 'temporary', known: false });
    expect(classifyGraphError({ status: 503 })).toMatchObject({ cls: 'retryable', reasonId: 'temporary' });
  });

  it('falls back on the HTTP status when no Graph error came back', () => {
    expect(classifyGraphError({ status: 401 })).toMatchObject({ cls: 'account', reasonId: 'token-invalid' });
    expect(classifyGraphError({ status: 403 })).toMatchObject({ cls: 'account', reasonId: 'permission-missing' });
    expect(classifyGraphError({ status: 429, retryAfterMs: 3000 })).toMatchObject({ cls: 'throughput', retryAfterMs: 3000 });
    expect(classifyGraphError({ status: 404 })).toMatchObject({ cls: 'recipient', reasonId: 'rejected-other' });
    expect(classifyGraphError({ status: 401 }).reason).toEqual(reason('errorWithRef', { reason: reason('waTokenInvalid'), ref: reason('httpStatus', { status: 401 }) }));
    expect(formatMessage(classifyGraphError({ status: 401 }).reason)).toContain('(HTTP 401)');
  });

  it('has one rule per (code, subcode) and known classes only', () => {
    const keys = WHATSAPP_ERROR_TABLE.map((r) => `${r.code}/${r.subcode ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of WHATSAPP_ERROR_TABLE) {
      expect(findErrorRule(r.code, r.subcode)).toBe(r);
      expect(WHATSAPP_REASON_IDS).toContain(r.reasonId);
    }
  });

  it('has plain words (and a next step for account problems) for every reason, in every language', () => {
    for (const language of ['en', 'he']) {
      for (const id of WHATSAPP_REASON_IDS) {
        const text = formatMessage(reason(WHATSAPP_REASON_WORDS[id].text), language);
        expect(text, `${language}/${id}`).toMatch(/\S/);
        expect(text, `${language}/${id}`).toMatch(/\.$/);
      }
    }
    const accountReasons = new Set(WHATSAPP_ERROR_TABLE.filter((r) => r.cls === 'account').map((r) => r.reasonId));
    for (const id of accountReasons) expect(formatMessage(ownerAction(id)!), id).toMatch(/\S/);
    expect(formatMessage(ownerAction('token-expired')!)).toContain('new access token');
  });

  it('is documented: every code of the table appears in docs/whatsapp.md', () => {
    const docs = readFileSync(fileURLToPath(new URL('../../docs/whatsapp.md', import.meta.url)), 'utf8');
    for (const r of WHATSAPP_ERROR_TABLE) {
      if (r.code >= 200 && r.code <= 299) {
        expect(docs).toContain('| 200–299 |');
        continue;
      }
      expect(docs, `code ${r.code}`).toMatch(new RegExp(`\\| ${r.code} \\|`));
      expect(docs, `reason ${r.reasonId}`).toContain(`\`${r.reasonId}\``);
    }
  });
});

describe('Graph error parsing', () => {
  it('reads the documented error shape', () => {
    const parsed = parseGraphError({
      error: {
        message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
        type: 'OAuthException',
        code: 131056,
        error_data: { messaging_product: 'whatsapp', details: 'Too many messages to the same number' },
        fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
      },
    });
    expect(parsed).toEqual({
      message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
      type: 'OAuthException',
      code: 131056,
      details: 'Too many messages to the same number',
      fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    });
    expect(parseGraphError({ error: { message: 'x', code: '190', error_subcode: 463 } })).toMatchObject({ code: 190, subcode: 463 });
  });

  it('rejects answers that are not Graph errors', () => {
    expect(parseGraphError(undefined)).toBeNull();
    expect(parseGraphError('<html>')).toBeNull();
    expect(parseGraphError({ error: 'nope' })).toBeNull();
    expect(parseGraphError({ error: {} })).toBeNull();
  });

  it('reads an error body best effort: a field of another type is dropped, the code kept', () => {
    expect(parseGraphError({ error: { code: 131026, message: 7, error_data: 'Message Undeliverable.', fbtrace_id: null } })).toEqual({ message: '', code: 131026 });
    expect(parseGraphError({ error: { message: 'Unsupported post request', code: 'n/a', error_subcode: 33, is_transient: false } })).toEqual({
      message: 'Unsupported post request',
      subcode: 33,
    });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('Graph answers: the documented shapes (wire.ts)', () => {
  it('a send answer (MessageResponsePayload): the first message id, and the echoes when present', () => {
    const answer = { messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: 'wamid.HBgL1', message_status: 'accepted' }] };
    expect(sendAnswer.parse(answer)).toEqual({ messageId: 'wamid.HBgL1', waId: '16505551234', messageStatus: 'accepted' });
    // A text send has no message_status; contacts are an echo that may be missing.
    expect(sendAnswer.parse({ messages: [{ id: 'wamid.HBgL2' }] })).toEqual({ messageId: 'wamid.HBgL2' });
  });

  it('a send answer with a message id is accepted even when its echoes are odd (it was sent: never in doubt)', () => {
    expect(sendAnswer.parse({ contacts: 'x', messages: [{ id: 'wamid.HBgL3', message_status: 1 }] })).toEqual({ messageId: 'wamid.HBgL3' });
    expect(sendAnswer.parse({ contacts: [{ wa_id: 16505551234 }], messages: [{ id: 'wamid.HBgL4' }] })).toEqual({ messageId: 'wamid.HBgL4' });
  });

  it('a send answer without a message id is rejected', () => {
    expect(sendAnswer.safeParse({ messages: [] }).success).toBe(false);
    expect(sendAnswer.safeParse({ messages: [{ id: '' }] }).success).toBe(false);
    expect(sendAnswer.safeParse({ messages: [{ id: 17 }] }).success).toBe(false);
    expect(sendAnswer.safeParse({ messaging_product: 'whatsapp' }).success).toBe(false);
  });

  it('a phone number: the documented default answer (no throughput, no tier) reads; a field of another type does not', () => {
    expect(phoneNumberAnswer.parse({ id: '106853218861309', display_phone_number: '+1 555-555-5555', verified_name: 'Jaspers Market', quality_rating: 'GREEN' })).toEqual({
      id: '106853218861309',
      displayPhoneNumber: '+1 555-555-5555',
      verifiedName: 'Jaspers Market',
      qualityRating: 'GREEN',
    });
    expect(phoneNumberAnswer.parse({ id: '1', throughput: { level: 'HIGH' }, messaging_limit_tier: 'TIER_1K' })).toEqual({
      id: '1',
      displayPhoneNumber: '',
      verifiedName: '',
      qualityRating: 'UNKNOWN',
      throughputLevel: 'HIGH',
      messagingLimitTier: 'TIER_1K',
    });
    expect(phoneNumberAnswer.safeParse({ id: 106853218861309 }).success).toBe(false);
    expect(phoneNumberAnswer.safeParse({ id: '1', quality_rating: 3 }).success).toBe(false);
  });

  it('a template page: an unreadable template or component is left out, the rest kept; paging read', () => {
    const page = templatePageAnswer.parse({
      data: [
        { id: '9001', name: 'order_ready', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}' }, { text: 'no type' }] },
        { id: '9002', name: 'no_language' },
        { name: 'bare', language: 'he' },
      ],
      paging: { cursors: { before: 'QVFI', after: 'MjQZD' }, next: 'https://graph.facebook.com/v23.0/1/message_templates?after=MjQZD' },
    });
    expect(page).toEqual({
      templates: [
        { id: '9001', name: 'order_ready', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}' }] },
        { name: 'bare', language: 'he', status: 'UNKNOWN', category: 'UNKNOWN', components: [] },
      ],
      paging: { next: 'https://graph.facebook.com/v23.0/1/message_templates?after=MjQZD', after: 'MjQZD' },
    });
    // The last page: cursors, no `next`.
    expect(templatePageAnswer.parse({ data: [], paging: { cursors: { before: 'a', after: 'b' } } })).toEqual({ templates: [], paging: { after: 'b' } });
  });

  it('a template page without `data`, or with paging of another type, is rejected', () => {
    expect(templatePageAnswer.safeParse({ paging: {} }).success).toBe(false);
    expect(templatePageAnswer.safeParse({ data: {} }).success).toBe(false);
    expect(templatePageAnswer.safeParse({ data: [], paging: { next: 5 } }).success).toBe(false);
  });
});

describe('transport errors: offline (nothing sent) or unknown (maybe sent)', () => {
  const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });

  it('decides by the observed phase when there is one', () => {
    const reset = fetchFailed({ code: 'ECONNRESET', syscall: 'read' });
    expect(classifyTransportError(reset, 'sent', false).kind).toBe('unknown');
    expect(classifyTransportError(reset, 'queued', false).kind).toBe('offline');
    const timeout = new DOMException('timed out', 'TimeoutError');
    expect(classifyTransportError(timeout, 'sent', true)).toMatchObject({ kind: 'unknown', code: 'TIMEOUT' });
    expect(classifyTransportError(timeout, 'queued', true)).toMatchObject({ kind: 'offline', code: 'TIMEOUT' });
    // Even an error that normally means "before sending" is in doubt once the headers were written.
    expect(classifyTransportError(fetchFailed({ code: 'ECONNREFUSED', syscall: 'connect' }), 'sent', false).kind).toBe('unknown');
  });

  it.each([
    ['ENOTFOUND', 'getaddrinfo'],
    ['EAI_AGAIN', 'getaddrinfo'],
    ['ECONNREFUSED', 'connect'],
    ['ENETUNREACH', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['UND_ERR_CONNECT_TIMEOUT', undefined],
    ['CERT_HAS_EXPIRED', undefined],
    ['ETIMEDOUT', 'connect'],
  ])('without an observed phase, %s is offline', (code, syscall) => {
    expect(classifyTransportError(fetchFailed({ code, ...(syscall ? { syscall } : {}) }), 'unobserved', false)).toMatchObject({ kind: 'offline', code });
  });

  it.each([
    ['ECONNRESET', 'read'],
    ['EPIPE', 'write'],
    ['UND_ERR_SOCKET', undefined],
    ['UND_ERR_HEADERS_TIMEOUT', undefined],
    ['UND_ERR_BODY_TIMEOUT', undefined],
    ['ETIMEDOUT', 'read'],
    ['SOMETHING_NEW', undefined],
  ])('without an observed phase, %s is unknown (never resend when in doubt)', (code, syscall) => {
    expect(classifyTransportError(fetchFailed({ code, ...(syscall ? { syscall } : {}) }), 'unobserved', false).kind).toBe('unknown');
  });

  it('treats our own timeout without an observed phase as unknown', () => {
    expect(classifyTransportError(new DOMException('timed out', 'TimeoutError'), 'unobserved', true).kind).toBe('unknown');
  });

  it('finds the code deep in the cause chain', () => {
    const nested = fetchFailed({ name: 'ConnectError', message: 'x', cause: { code: 'ECONNREFUSED', syscall: 'connect' } });
    expect(classifyTransportError(nested, 'unobserved', false).kind).toBe('offline');
  });
});
