// Longer than 400 lines: the consent flow (loopback server, redirect, code exchange) reads best as one sequence; the token answers' shapes are in ./oauth-wire.ts.
/**
 * OAuth 2.0 for installed (desktop) apps, as Google documents it, with PKCE (RFC 7636) and a
 * loopback redirect (RFC 8252 §7.3):
 *
 * 1. a one-shot HTTP server listens on 127.0.0.1, on a port the OS picks;
 * 2. the consent URL carries client_id, redirect_uri=http://127.0.0.1:PORT, response_type=code,
 *    the scopes, a random `state`, code_challenge = BASE64URL(SHA256(code_verifier)) with
 *    method S256, access_type=offline (a refresh token) and prompt=consent (a refresh token
 *    every time, even if the account granted access before);
 * 3. the system browser opens it (`openBrowser`); Google redirects it back to the loopback
 *    server with `code` and `state` (or `error=access_denied`);
 * 4. the state is checked (constant time), the code is exchanged at the token endpoint with
 *    grant_type=authorization_code and the code_verifier, and the browser gets a short page
 *    saying whether it worked and that the tab can be closed.
 *
 * `refreshAccessToken` uses grant_type=refresh_token. Google answers `invalid_grant` when the
 * refresh token was revoked, expired (unused for six months, or a "testing" app's 7 days),
 * or the password changed: the owner must connect again.
 *
 * Every failure is an `OAuthError` with a stable `code` and a message in plain words for the
 * owner. Network failures have code `offline` / `connection-lost` / `server`, so a refresh
 * that fails because the laptop is offline is not mistaken for a revoked connection
 * (GmailClient reads the code).
 *
 * Desktop clients at Google come with a "client secret" that is not secret (it ships with the
 * app); it is sent when given. PKCE is what protects the code.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readAnswer, type HttpAnswer } from '../http-answers.ts';
import { inspectTransportError } from '../net-errors.ts';
import { WordsError, type Message } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import { parseTokenError, tokenAnswer } from './oauth-wire.ts';

export const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GMAIL_READONLY_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';
const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_TOKEN_TIMEOUT_MS = 20_000;
const MAX_TOKEN_RESPONSE_CHARS = 64 * 1024;

export type OAuthErrorCode =
  /** The owner clicked Cancel / Deny on Google's consent screen. */
  | 'access_denied'
  /** The owner did not tick the Gmail permission (granular consent). */
  | 'scope_not_granted'
  /** No answer from the browser in time. */
  | 'timeout'
  /** The redirect's state did not match: not our sign-in (or a forged one). */
  | 'state_mismatch'
  /** The refresh token (or the code) is no longer valid: connect again. */
  | 'invalid_grant'
  /** The client ID / secret is wrong or the OAuth client was deleted. */
  | 'invalid_client'
  /** Google gave no refresh token. */
  | 'no_refresh_token'
  /** Another error from Google's consent page or token endpoint. */
  | 'authorization_failed'
  | 'browser'
  | 'cancelled'
  | 'offline'
  | 'connection-lost'
  | 'server'
  | 'bad_response';

export class OAuthError extends WordsError {
  readonly code: OAuthErrorCode;
  /** Google's own error / error_description, for logs. */
  readonly detail: string | undefined;

  constructor(code: OAuthErrorCode, words: Message, detail?: string) {
    super(words);
    this.name = 'OAuthError';
    this.code = code;
    this.detail = detail;
  }

  /** True when the owner has to go through the consent screen again. */
  get needsReconnect(): boolean {
    return this.code === 'invalid_grant' || this.code === 'invalid_client' || this.code === 'no_refresh_token' || this.code === 'scope_not_granted';
  }
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Milliseconds since the epoch; refresh a little before. */
  expiresAt: number;
  /** Space-separated scopes actually granted. */
  scope: string;
}

export interface RefreshedToken {
  accessToken: string;
  expiresAt: number;
  scope: string;
  /** Google may rotate it; store it when it differs from the one sent. */
  refreshToken: string;
}

export interface StartAuthorizationOptions {
  clientId: string;
  clientSecret?: string;
  scopes?: readonly string[];
  authBaseUrl?: string;
  tokenUrl?: string;
  /** Opens the URL in the system browser (Electron: shell.openExternal). */
  openBrowser: (url: string) => Promise<void>;
  /** Whole flow, from opening the browser to the tokens. Default 5 minutes. */
  timeoutMs?: number;
  /** Stops the flow (the owner closed the connect dialog). */
  signal?: AbortSignal;
  /** Pre-selects the account on Google's screen. */
  loginHint?: string;
  /** Token endpoint request timeout. Default 20 s. */
  tokenTimeoutMs?: number;
}

export interface RefreshOptions {
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  tokenUrl?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

// --- PKCE ---------------------------------------------------------------------------------

/** A 43-character verifier from the unreserved alphabet, and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function buildAuthorizationUrl(params: {
  authBaseUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
  loginHint?: string;
}): string {
  const url = new URL(params.authBaseUrl);
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', params.scopes.join(' '));
  url.searchParams.set('state', params.state);
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('access_type', 'offline');
  url.searchParams.set('prompt', 'consent');
  if (params.loginHint) url.searchParams.set('login_hint', params.loginHint);
  return url.href;
}

// --- The flow -------------------------------------------------------------------------------

const PAGE_STYLE = 'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}';

function page(title: string, text: string): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Taskdeck</title><style>${PAGE_STYLE}</style></head><body><h1>${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Runs the whole consent flow and resolves with the tokens, or rejects with an OAuthError.
 * The loopback server is closed in every case.
 */
export async function startAuthorization(options: StartAuthorizationOptions): Promise<OAuthTokens> {
  if (!options.clientId.trim()) throw new OAuthError('invalid_client', reason('oauthNoClientId'));
  if (options.signal?.aborted) throw cancelled();
  const scopes = options.scopes?.length ? options.scopes : [GMAIL_READONLY_SCOPE];
  const tokenUrl = options.tokenUrl ?? GOOGLE_TOKEN_URL;
  const { verifier, challenge } = createPkcePair();
  const state = randomBytes(24).toString('base64url');

  const sockets = new Set<Socket>();
  let handled = false;
  let settle!: { resolve: (tokens: OAuthTokens) => void; reject: (error: OAuthError) => void };
  const outcome = new Promise<OAuthTokens>((resolve, reject) => {
    settle = { resolve, reject };
  });

  let redirectUri = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, title: string, text: string) => {
      res.writeHead(status, PAGE_HEADERS);
      res.end(page(title, text));
    };
    // Only the redirect itself counts; a favicon request or a stray visit is ignored.
    if (req.method !== 'GET' || url.pathname !== '/' || (!url.searchParams.has('code') && !url.searchParams.has('error'))) {
      answer(404, 'Not found', 'This address is only used to finish connecting Gmail to Taskdeck.');
      return;
    }
    if (handled) {
      answer(409, 'Already done', 'Taskdeck has already received an answer from this sign-in. You can close this tab.');
      return;
    }
    handled = true;
    void handleRedirect(url).then(
      (tokens) => {
        answer(200, 'Gmail is connected', 'Taskdeck can now read your receipts. You can close this tab and go back to Taskdeck.');
        settle.resolve(tokens);
      },
      (error: unknown) => {
        const failure = error instanceof OAuthError ? error : new OAuthError('authorization_failed', reason('oauthFailed', { error: String(error) }));
        answer(failure.code === 'state_mismatch' ? 400 : 200, 'Gmail was not connected', `${failure.message} You can close this tab.`);
        settle.reject(failure);
      },
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const handleRedirect = async (url: URL): Promise<OAuthTokens> => {
    const returnedState = url.searchParams.get('state') ?? '';
    if (!sameSecret(returnedState, state)) {
      throw new OAuthError('state_mismatch', reason('oauthStateMismatch'));
    }
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description') ?? undefined;
      if (error === 'access_denied') {
        throw new OAuthError('access_denied', reason('oauthDenied'), description);
      }
      throw new OAuthError('authorization_failed', reason('oauthGoogleFailed', { error: `${error}${description ? `: ${description}` : ''}` }), description ?? error);
    }
    const code = url.searchParams.get('code') ?? '';
    if (!code) throw new OAuthError('authorization_failed', reason('oauthNoCode'));
    const body: Record<string, string> = {
      grant_type: 'authorization_code',
      code,
      client_id: options.clientId,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    };
    if (options.clientSecret) body.client_secret = options.clientSecret;
    const token = await tokenRequest(tokenUrl, body, options.tokenTimeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS, options.signal, 'exchange');
    if (!token.refreshToken) {
      throw new OAuthError('no_refresh_token', reason('oauthNoRefreshToken'));
    }
    const granted = new Set(token.scope.split(/\s+/).filter(Boolean));
    const missing = token.scope ? scopes.filter((s) => !granted.has(s)) : [];
    if (missing.length) {
      throw new OAuthError('scope_not_granted', reason('oauthScopeNotGranted'), `missing: ${missing.join(' ')}`);
    }
    return { accessToken: token.accessToken, refreshToken: token.refreshToken, expiresAt: token.expiresAt, scope: token.scope || scopes.join(' ') };
  };

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw new OAuthError('authorization_failed', reason('oauthCannotListen', { error: (error as Error).message }));
  }
  const port = (server.address() as AddressInfo).port;
  redirectUri = `http://127.0.0.1:${port}`;
  const authUrl = buildAuthorizationUrl({
    authBaseUrl: options.authBaseUrl ?? GOOGLE_AUTH_URL,
    clientId: options.clientId,
    redirectUri,
    scopes,
    state,
    codeChallenge: challenge,
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });

  const timeoutMs = options.timeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS;
  const timer = setTimeout(() => {
    settle.reject(new OAuthError('timeout', reason('oauthTimeout', { duration: formatDuration(timeoutMs) })));
  }, timeoutMs);
  const onAbort = () => settle.reject(cancelled());
  options.signal?.addEventListener('abort', onAbort, { once: true });

  // Not awaited in line: a browser stand-in may only resolve once our page has answered.
  const opened = options.openBrowser(authUrl).catch((error: unknown) => {
    settle.reject(new OAuthError('browser', reason('oauthNoBrowser', { error: error instanceof Error ? error.message : String(error), url: authUrl })));
  });

  try {
    return await outcome;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Give openBrowser a moment to settle (a real one returns at once; a test browser reads our page).
    await Promise.race([opened, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    // Let the last page reach the browser, then close everything.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setImmediate(() => {
        for (const socket of sockets) socket.end();
        server.closeIdleConnections();
      });
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
  }
}

/** A fresh access token from a refresh token (grant_type=refresh_token). */
export async function refreshAccessToken(options: RefreshOptions): Promise<RefreshedToken> {
  if (!options.refreshToken) throw new OAuthError('invalid_grant', reconnectMessage());
  const body: Record<string, string> = { grant_type: 'refresh_token', refresh_token: options.refreshToken, client_id: options.clientId };
  if (options.clientSecret) body.client_secret = options.clientSecret;
  const token = await tokenRequest(options.tokenUrl ?? GOOGLE_TOKEN_URL, body, options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS, options.signal, 'refresh');
  return { accessToken: token.accessToken, expiresAt: token.expiresAt, scope: token.scope, refreshToken: token.refreshToken || options.refreshToken };
}

// --- Token endpoint -------------------------------------------------------------------------

interface TokenAnswer {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  scope: string;
}

function reconnectMessage(): Message {
  return reason('oauthRevoked');
}

async function tokenRequest(tokenUrl: string, body: Record<string, string>, timeoutMs: number, signal: AbortSignal | undefined, purpose: 'exchange' | 'refresh'): Promise<TokenAnswer> {
  const started = Date.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let answer: HttpAnswer;
  try {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(body).toString(),
      signal: controller.signal,
      redirect: 'error',
    });
    answer = await readAnswer(response, MAX_TOKEN_RESPONSE_CHARS);
  } catch (error) {
    if (signal?.aborted && !timedOut) throw cancelled();
    throw networkError(error, timedOut, purpose);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }

  const { status } = answer;
  if (status >= 200 && status < 300) {
    // The answer's shape is in ./oauth-wire.ts; one that does not fit it gives no usable token.
    const read = tokenAnswer.safeParse(answer.json);
    if (!read.success) throw new OAuthError('bad_response', reason('oauthNoAccessToken'));
    const { accessToken, refreshToken, expiresInSeconds, scope } = read.data;
    return { accessToken, refreshToken, expiresAt: started + expiresInSeconds * 1000, scope };
  }
  const { error, description } = parseTokenError(answer.json);
  const detail = [error, description].filter(Boolean).join(': ') || `HTTP ${status}`;
  if (error === 'invalid_grant') {
    if (purpose === 'refresh') throw new OAuthError('invalid_grant', reconnectMessage(), detail);
    throw new OAuthError('invalid_grant', reason('oauthCodeRejected'), detail);
  }
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    throw new OAuthError('invalid_client', reason('oauthBadClient'), detail);
  }
  if (status >= 500 || status === 429) {
    throw new OAuthError('server', reason('oauthServer', { status }), detail);
  }
  throw new OAuthError('authorization_failed', reason('oauthRefused', { error: detail }), detail);
}

/**
 * `offline` only when the error proves the request never left (DNS, connect, TLS handshake;
 * ../net-errors.ts), and never after our own deadline; else `connection-lost`: Google may have
 * received it. Both are safe for the caller to treat as "try again later": a refresh has no
 * side effect worth guarding, and nothing repeats a code exchange with the same code (a code
 * is single-use; Google may already have spent it). Connecting again asks for a new code.
 */
function networkError(error: unknown, timedOut: boolean, purpose: 'exchange' | 'refresh'): OAuthError {
  // Only the facts are used; the words are the oauth* reasons, so the host is only a label.
  const { neverSent, code } = inspectTransportError(error, { host: 'Google', timedOut });
  // A refresh is tried again by the sync; a failed exchange ends the connect: the owner connects again.
  const exchange = purpose === 'exchange';
  if (neverSent && !timedOut) return new OAuthError('offline', reason(exchange ? 'oauthExchangeOffline' : 'oauthOffline'), code);
  return new OAuthError('connection-lost', reason(exchange ? 'oauthExchangeConnectionLost' : 'oauthConnectionLost'), code);
}

function cancelled(): OAuthError {
  return new OAuthError('cancelled', reason('oauthCancelled'));
}

function formatDuration(ms: number): Message {
  if (ms < 60_000) {
    const seconds = Math.max(1, Math.round(ms / 1000));
    return seconds === 1 ? reason('oneSecond') : reason('seconds', { count: seconds });
  }
  const minutes = Math.round(ms / 60_000);
  return minutes === 1 ? reason('oneMinute') : reason('minutes', { count: minutes });
}
