/**
 * What a failed HTTP request's error says about the request, for the providers' clients.
 *
 * Node's fetch (undici) rejects with `TypeError: fetch failed` and puts the socket error in
 * `cause` (sometimes a cause of a cause); the code and syscall there tell how far the
 * request got. Some errors can only happen before any byte of the request was written
 * (a DNS lookup, connecting, the TLS handshake): then the request certainly never reached
 * the server. Anything else (a reset, "other side closed", a headers or body timeout, our
 * own deadline, a code nobody knows yet) leaves it open whether the server got it.
 *
 * This module only states those facts. What "may have reached the server" means is the
 * caller's decision: for a Gmail read it is simply "ask again"; for a WhatsApp send it is
 * "in doubt, never resend on its own".
 */
import { verbatim, type Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';

/** Error codes that can only happen before any byte of the request is written. */
const NEVER_SENT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
/** System calls whose failure means the connection was never made (any code: ETIMEDOUT while connecting, too). */
const NEVER_SENT_SYSCALLS = new Set(['getaddrinfo', 'connect', 'queryA', 'queryAaaa']);

export interface TransportError {
  /**
   * True when the error itself proves that nothing of the request was written (DNS, connect
   * or TLS handshake failure). False means it may have reached the server. `timedOut` does
   * not change it; a caller that distrusts the error after its own deadline says so itself.
   */
  neverSent: boolean;
  /** The first string `code` in the cause chain; `TIMEOUT` when there is none and our deadline fired. */
  code?: string;
  /** A few words for a reason text: "connection refused", "no answer in time", … */
  what: Message;
}

export interface InspectOptions {
  /** The server's host name, for the "could not be looked up" wording. */
  host: string;
  /** Our own deadline fired (the error is then the abort reason, not a socket error). */
  timedOut?: boolean;
}

/** Reads a fetch or socket error. Never throws, whatever was thrown. */
export function inspectTransportError(error: unknown, options: InspectOptions): TransportError {
  const timedOut = options.timedOut ?? false;
  const facts = causeChainFacts(error);
  const neverSent = (facts.code !== undefined && NEVER_SENT_CODES.has(facts.code)) || (facts.syscall !== undefined && NEVER_SENT_SYSCALLS.has(facts.syscall));
  const code = facts.code ?? (timedOut ? 'TIMEOUT' : undefined);
  return { neverSent, ...(code !== undefined ? { code } : {}), what: describe(facts, options.host, timedOut) };
}

interface Facts {
  code?: string;
  syscall?: string;
  message: string;
}

/** The first code and syscall in the `cause` chain, and the most telling message. */
function causeChainFacts(error: unknown): Facts {
  const top = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  const facts: Facts = { message: typeof top === 'string' ? top : String(error) };
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && !facts.code) facts.code = e.code;
    if (typeof e.syscall === 'string' && !facts.syscall) facts.syscall = e.syscall;
    // "fetch failed" says nothing; the socket error's own message does.
    if (depth > 0 && typeof e.message === 'string' && e.message && facts.message === 'fetch failed') facts.message = e.message;
    current = e.cause;
  }
  return facts;
}

function describe(facts: Facts, host: string, timedOut: boolean): Message {
  if (timedOut) return reason('netNoAnswer');
  switch (facts.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return reason('netLookupFailed', { host });
    case 'ECONNREFUSED':
      return reason('netRefused');
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return reason('netReset');
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return reason('netUnreachable');
    case 'UND_ERR_CONNECT_TIMEOUT':
      return reason('netConnectSlow');
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return reason('netNoAnswer');
    default:
      return verbatim(facts.code ?? facts.message);
  }
}
