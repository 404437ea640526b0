import { describe, expect, it } from 'vitest';
import { consentPageAllowed, GOOGLE_CONSENT_ORIGIN, testEndpointsFrom } from '../../main/electron/consent-page-policy.ts';

const consent = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=1-a.apps.googleusercontent.com&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000';
const fake = 'http://127.0.0.1:41234';
const env = {
  TASKDECK_GOOGLE_AUTH_URL: `${fake}/o/oauth2/v2/auth`,
  TASKDECK_GOOGLE_TOKEN_URL: `${fake}/token`,
  TASKDECK_GMAIL_API_URL: `${fake}/gmail/v1`,
};

describe('consentPageAllowed', () => {
  it("allows Google's sign-in page, and nothing else, without an extra origin", () => {
    expect(consentPageAllowed(consent, null)).toBe(true);
    expect(consentPageAllowed(`${GOOGLE_CONSENT_ORIGIN}/`, null)).toBe(true);
    for (const url of [
      'http://accounts.google.com/o/oauth2/v2/auth',
      'https://accounts.google.com:8443/o/oauth2/v2/auth',
      'https://accounts.google.com.evil.example/',
      'https://evil.example/?next=https://accounts.google.com',
      'https://mail.google.com/',
      `${fake}/o/oauth2/v2/auth`,
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'not a url',
      '',
    ]) {
      expect(consentPageAllowed(url, null), url).toBe(false);
    }
  });

  it('with an extra origin, also allows exactly that origin', () => {
    expect(consentPageAllowed(`${fake}/o/oauth2/v2/auth?x=1`, fake)).toBe(true);
    expect(consentPageAllowed(consent, fake)).toBe(true);
    for (const url of ['http://127.0.0.1:41235/o/oauth2/v2/auth', 'https://127.0.0.1:41234/', 'http://localhost:41234/', 'http://127.0.0.1/', 'file:///etc/passwd']) {
      expect(consentPageAllowed(url, fake), url).toBe(false);
    }
  });

  it('never treats an opaque or malformed extra origin as allowing anything', () => {
    for (const extra of ['null', 'file://', '', 'http://127.0.0.1:41234/path']) {
      expect(consentPageAllowed('file:///etc/passwd', extra), extra).toBe(false);
      expect(consentPageAllowed(`${fake}/`, extra), extra).toBe(false);
    }
  });
});

describe('testEndpointsFrom', () => {
  it('is null when packaged, whatever the environment says', () => {
    expect(testEndpointsFrom(true, env)).toBeNull();
  });

  it('is null without any of the variables', () => {
    expect(testEndpointsFrom(false, {})).toBeNull();
    expect(testEndpointsFrom(false, { TASKDECK_GOOGLE_AUTH_URL: '' })).toBeNull();
  });

  it("unpackaged: takes the CLI's variables, and the auth URL's origin may be opened", () => {
    expect(testEndpointsFrom(false, env)).toEqual({
      endpoints: { authUrl: env.TASKDECK_GOOGLE_AUTH_URL, tokenUrl: env.TASKDECK_GOOGLE_TOKEN_URL, apiBaseUrl: env.TASKDECK_GMAIL_API_URL },
      consentOrigin: fake,
    });
  });

  it('without an auth URL, nothing besides Google may be opened', () => {
    expect(testEndpointsFrom(false, { TASKDECK_GMAIL_API_URL: env.TASKDECK_GMAIL_API_URL })).toEqual({
      endpoints: { apiBaseUrl: env.TASKDECK_GMAIL_API_URL },
      consentOrigin: null,
    });
  });

  it('refuses a value that is not an http(s) URL', () => {
    expect(() => testEndpointsFrom(false, { ...env, TASKDECK_GOOGLE_AUTH_URL: 'file:///tmp/consent.html' })).toThrow(/TASKDECK_GOOGLE_AUTH_URL/);
    expect(() => testEndpointsFrom(false, { ...env, TASKDECK_GOOGLE_TOKEN_URL: 'not a url' })).toThrow(/TASKDECK_GOOGLE_TOKEN_URL/);
  });
});
