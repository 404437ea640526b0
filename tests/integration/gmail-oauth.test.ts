/**
 * OAuth 2.0 for installed apps against the fake Google: the loopback server, PKCE S256,
 * state, the token exchange, refresh, and each failure in plain words. The "browser" is a
 * fetch of the consent URL: the fake answers 302 to the loopback redirect, fetch follows it,
 * and the loopback page comes back as the browser's page.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMessage } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { GmailClient } from '../../main/providers/gmail/client.ts';
import {
  GMAIL_READONLY_SCOPE,
  OAuthError,
  pkceChallenge,
  refreshAccessToken,
  startAuthorization,
  type StartAuthorizationOptions,
} from '../../main/providers/gmail/oauth.ts';
import { parseTokenError, tokenAnswer } from '../../main/providers/gmail/oauth-wire.ts';
import { FakeGmailApi } from '../fakes/gmail-api-server.ts';

let api: FakeGmailApi;

beforeEach(async () => {
  api = await FakeGmailApi.start();
});

afterEach(async () => {
  await api.stop();
});

interface Browser {
  urls: string[];
  pages: { status: number; text: string }[];
  open: (url: string) => Promise<void>;
}

function browser(): Browser {
  const b: Browser = {
    urls: [],
    pages: [],
    open: async (url: string) => {
      b.urls.push(url);
      const response = await fetch(url);
      b.pages.push({ status: response.status, text: await response.text() });
    },
  };
  return b;
}

function options(b: Browser, extra: Partial<StartAuthorizationOptions> = {}): StartAuthorizationOptions {
  return {
    clientId: api.clientId,
    clientSecret: api.clientSecret,
    scopes: [GMAIL_READONLY_SCOPE],
    authBaseUrl: api.authUrl,
    tokenUrl: api.tokenUrl,
    openBrowser: b.open,
    timeoutMs: 5000,
    ...extra,
  };
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthError);
    return error as OAuthError;
  }
  throw new Error('expected the flow to fail');
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('Gmail OAuth: the loopback PKCE flow', () => {
  it('connects: consent URL, redirect to 127.0.0.1, state checked, code exchanged with the verifier → tokens that work', async () => {
    const b = browser();
    const before = Date.now();
    const tokens = await startAuthorization(options(b));

    expect(b.urls).toHaveLength(1);
    const url = new URL(b.urls[0]!);
    expect(url.origin + url.pathname).toBe(api.authUrl);
    const p = url.searchParams;
    expect(p.get('client_id')).toBe(api.clientId);
    expect(p.get('response_type')).toBe('code');
    expect(p.get('scope')).toBe(GMAIL_READONLY_SCOPE);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('access_type')).toBe('offline');
    expect(p.get('prompt')).toBe('consent');
    expect(p.get('state')!.length).toBeGreaterThanOrEqual(22);
    expect(p.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(b.pages).toEqual([{ status: 200, text: expect.stringContaining('You can close this tab') }]);
    expect(tokens.accessToken).toMatch(/^ya29\./);
    expect(tokens.refreshToken).toMatch(/^1\/\//);
    expect(tokens.scope).toBe(GMAIL_READONLY_SCOPE);
    expect(tokens.expiresAt).toBeGreaterThan(before + 3500_000);
    expect(api.grants.authorizationCode).toBe(1);

    // The loopback server is gone.
    const port = Number(new URL(p.get('redirect_uri')!).port);
    expect(await portRefuses(port)).toBe(true);

    // The access token reads Gmail.
    const gmail = new GmailClient({ baseUrl: api.baseUrl, accessToken: async () => tokens.accessToken });
    expect(await gmail.getProfile()).toMatchObject({ ok: true, value: { emailAddress: api.emailAddress } });
  });

  it('the fake token endpoint really checks the PKCE verifier (a wrong one is invalid_grant)', async () => {
    // Drive the consent step by hand to get a code, then exchange it with the wrong verifier.
    const verifier = 'a'.repeat(43);
    const auth = new URL(api.authUrl);
    auth.search = new URLSearchParams({
      client_id: api.clientId,
      redirect_uri: 'http://127.0.0.1:9',
      response_type: 'code',
      scope: GMAIL_READONLY_SCOPE,
      state: 's',
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await fetch(auth, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
    const exchange = (codeVerifier: string) =>
      fetch(api.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: api.clientId, redirect_uri: 'http://127.0.0.1:9', code_verifier: codeVerifier }).toString(),
      });
    const wrong = await exchange('b'.repeat(43));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    expect((await exchange(verifier)).status).toBe(200);
    expect((await exchange(verifier)).status).toBe(400); // a code is used once
  });

  it('a redirect with another state is rejected (and the browser is told)', async () => {
    api.forgeState('attacker-state');
    const b = browser();
    const error = await rejection(startAuthorization(options(b)));
    expect(error.code).toBe('state_mismatch');
    expect(error.message).toMatch(/did not belong to this sign-in/);
    expect(b.pages[0]!.status).toBe(400);
    expect(b.pages[0]!.text).toContain('Gmail was not connected');
    expect(api.grants.authorizationCode).toBe(0); // the code was never exchanged
  });

  it('consent denied → access_denied in plain words', async () => {
    api.setConsent('deny');
    const b = browser();
    const error = await rejection(startAuthorization(options(b)));
    expect(error.code).toBe('access_denied');
    expect(error.message).toMatch(/did not allow Taskdeck to read your Gmail/);
    expect(b.pages[0]!.text).toContain('You can close this tab');
  });

  it('the Gmail permission unticked on the consent screen → scope_not_granted', async () => {
    api.grantOnlyScopes(['openid']);
    const error = await rejection(startAuthorization(options(browser())));
    expect(error.code).toBe('scope_not_granted');
    expect(error.needsReconnect).toBe(true);
    expect(error.message).toMatch(/did not tick the permission/);
  });

  it('nobody finishes the sign-in → timeout, and the loopback port is closed', async () => {
    let redirectUri = '';
    const error = await rejection(
      startAuthorization(
        options(browser(), {
          timeoutMs: 200,
          openBrowser: async (url) => {
            redirectUri = new URL(url).searchParams.get('redirect_uri')!;
          },
        }),
      ),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('The Google sign-in was not finished within 1 second. Connect again when you are ready.');
    expect(await portRefuses(Number(new URL(redirectUri).port))).toBe(true);
  });

  it('the browser cannot be opened → a plain error with the address to open by hand', async () => {
    const error = await rejection(
      startAuthorization(
        options(browser(), {
          openBrowser: async () => {
            throw new Error('no browser');
          },
        }),
      ),
    );
    expect(error.code).toBe('browser');
    expect(error.message).toContain(api.authUrl);
  });

  it('the owner closes the connect dialog (signal) → cancelled', async () => {
    const stop = new AbortController();
    const pending = startAuthorization(options(browser(), { openBrowser: async () => {}, signal: stop.signal }));
    setTimeout(() => stop.abort(), 50);
    expect((await rejection(pending)).code).toBe('cancelled');
  });

  it('stray requests to the loopback server (a favicon) do not end the flow', async () => {
    const b = browser();
    const tokens = await startAuthorization(
      options(b, {
        openBrowser: async (url) => {
          const redirectUri = new URL(url).searchParams.get('redirect_uri')!;
          expect((await fetch(`${redirectUri}/favicon.ico`)).status).toBe(404);
          await b.open(url);
        },
      }),
    );
    expect(tokens.refreshToken).toBeTruthy();
  });
});

describe('Gmail OAuth: refresh', () => {
  async function connect() {
    return startAuthorization(options(browser()));
  }

  it('refresh_token grant → a new access token that works; the refresh token is kept', async () => {
    const tokens = await connect();
    const refreshed = await refreshAccessToken({ clientId: api.clientId, clientSecret: api.clientSecret, refreshToken: tokens.refreshToken, tokenUrl: api.tokenUrl });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    expect(refreshed.scope).toBe(GMAIL_READONLY_SCOPE);
    const gmail = new GmailClient({ baseUrl: api.baseUrl, accessToken: async () => refreshed.accessToken });
    expect((await gmail.getProfile()).ok).toBe(true);
  });

  it('a revoked refresh token → invalid_grant: "reconnect", in plain words', async () => {
    const tokens = await connect();
    api.revokeRefreshTokens();
    const error = await rejection(refreshAccessToken({ clientId: api.clientId, refreshToken: tokens.refreshToken, tokenUrl: api.tokenUrl }));
    expect(error.code).toBe('invalid_grant');
    expect(error.needsReconnect).toBe(true);
    // Reconnecting is done on the Receipts page (Settings holds only the OAuth client ID).
    expect(error.message).toMatch(/no longer accepts Taskdeck’s access .* Reconnect Gmail on the Receipts page/);
    expect(error.detail).toBe('invalid_grant: Token has been expired or revoked.');
  });

  it('the client wired to refresh: expired access token → refreshed → retried; revoked → auth failure with the reconnect words', async () => {
    const tokens = await connect();
    let access = tokens.accessToken;
    const gmail = new GmailClient({
      baseUrl: api.baseUrl,
      accessToken: async () => access,
      onUnauthorized: async () => {
        access = (await refreshAccessToken({ clientId: api.clientId, clientSecret: api.clientSecret, refreshToken: tokens.refreshToken, tokenUrl: api.tokenUrl })).accessToken;
        return access;
      },
    });
    api.expireAccessTokens();
    expect((await gmail.getProfile()).ok).toBe(true);
    expect(api.grants.refresh).toBe(1);

    api.expireAccessTokens();
    api.revokeRefreshTokens();
    const result = await gmail.getProfile();
    expect(result).toMatchObject({ ok: false, failure: { kind: 'auth', code: 'invalid_grant' } });
    if (result.ok) throw new Error('expected a failure');
    expect(result.failure.reason).toEqual(reason('oauthRevoked'));
    expect(formatMessage(result.failure.reason)).toMatch(/Reconnect Gmail/);
  });

  it('the token endpoint unreachable → offline (not a reason to reconnect)', async () => {
    const tokens = await connect();
    await api.refuseConnections();
    const error = await rejection(refreshAccessToken({ clientId: api.clientId, refreshToken: tokens.refreshToken, tokenUrl: api.tokenUrl }));
    expect(error.code).toBe('offline');
    expect(error.needsReconnect).toBe(false);
    expect(error.message).toMatch(/could not reach Google/);
  });

  it('the refresh reached Google and the connection broke → connection-lost (retryable, not a reason to reconnect)', async () => {
    const tokens = await connect();
    api.dropConnections(10_000);
    const error = await rejection(refreshAccessToken({ clientId: api.clientId, refreshToken: tokens.refreshToken, tokenUrl: api.tokenUrl }));
    expect(error.code).toBe('connection-lost');
    expect(error.needsReconnect).toBe(false);
    expect(error.message).toContain('Taskdeck will try again');
  });

  it('the code exchange reached Google and the connection broke → connection-lost, never offline (the single-use code may be spent); connecting again works', async () => {
    const b = browser();
    const error = await rejection(
      startAuthorization(
        options(b, {
          openBrowser: async (url) => {
            // Consent at the fake Google, then the redirect to the loopback server while Google drops requests.
            const consent = await fetch(url, { redirect: 'manual' });
            api.dropConnections(10_000);
            const response = await fetch(consent.headers.get('location')!);
            b.pages.push({ status: response.status, text: await response.text() });
          },
        }),
      ),
    );
    expect(error.code).toBe('connection-lost');
    // Nothing tries the exchange again: the words send the owner back to Connect.
    expect(error.message).toBe('The connection to Google broke off while finishing connecting. Press Connect again.');
    expect(b.pages[0]!.text).toContain('Gmail was not connected');
    await api.restore();
    const tokens = await startAuthorization(options(browser()));
    expect(tokens.refreshToken).toBeTruthy();
    expect(api.grants.authorizationCode).toBe(1);
  });

  it('a wrong client ID → invalid_client, pointing at Settings', async () => {
    const tokens = await connect();
    const error = await rejection(refreshAccessToken({ clientId: 'someone-else.apps.googleusercontent.com', refreshToken: tokens.refreshToken, tokenUrl: api.tokenUrl }));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toMatch(/client ID in Settings/);
  });
});

describe('Gmail OAuth: the token endpoint’s answers (oauth-wire.ts)', () => {
  it('a refresh answer (no refresh_token, as Google sends it) reads; expires_in as a number or a digit string', () => {
    expect(tokenAnswer.parse({ access_token: 'ya29.a', expires_in: 3599, scope: GMAIL_READONLY_SCOPE, token_type: 'Bearer' })).toEqual({
      accessToken: 'ya29.a',
      refreshToken: '',
      expiresInSeconds: 3599,
      scope: GMAIL_READONLY_SCOPE,
    });
    expect(tokenAnswer.parse({ access_token: 'ya29.b', expires_in: '120', refresh_token: '1//0r' })).toMatchObject({ expiresInSeconds: 120, refreshToken: '1//0r', scope: '' });
  });

  it('expires_in is only RECOMMENDED (RFC 6749 §5.1): without it an hour is assumed', () => {
    expect(tokenAnswer.parse({ access_token: 'ya29.c' }).expiresInSeconds).toBe(3600);
  });

  it('no access token, or a field of another type, is not a token answer', () => {
    expect(tokenAnswer.safeParse({ expires_in: 3599 }).success).toBe(false);
    expect(tokenAnswer.safeParse({ access_token: '' }).success).toBe(false);
    expect(tokenAnswer.safeParse({ access_token: 'ya29.d', scope: ['gmail'] }).success).toBe(false);
    expect(tokenAnswer.safeParse({ access_token: 'ya29.e', expires_in: 'soon' }).success).toBe(false);
  });

  it('the error body is read best effort', () => {
    expect(parseTokenError({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })).toEqual({ error: 'invalid_grant', description: 'Token has been expired or revoked.' });
    expect(parseTokenError({ error: 'invalid_client', error_description: 401 })).toEqual({ error: 'invalid_client' });
    expect(parseTokenError('<html>Bad Gateway</html>')).toEqual({ error: '' });
    expect(parseTokenError(undefined)).toEqual({ error: '' });
  });

  it('a 200 answer that is not a token answer → bad_response, not a reason to reconnect', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 42, expires_in: 3599 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
      const error = await rejection(refreshAccessToken({ clientId: 'c', refreshToken: '1//0r', tokenUrl }));
      expect(error.code).toBe('bad_response');
      expect(error.needsReconnect).toBe(false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
