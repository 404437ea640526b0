/**
 * What the app may hand to the OS browser, and when Gmail may talk to test endpoints
 * instead of Google: pure functions (no Electron), so they are unit-tested directly.
 *
 * The consent page is only ever https://accounts.google.com. A build that is not packaged
 * (development, end-to-end tests) may point Gmail at a local fake with the same
 * variables the CLI honours (main/cli/context.ts); then, and only then, the configured
 * auth URL's exact origin may be opened too. A packaged app ignores the variables.
 */
import type { GoogleEndpoints } from '../services/gmail-service.ts';

export const GOOGLE_CONSENT_ORIGIN = 'https://accounts.google.com';

export const TEST_ENDPOINT_ENV = {
  authUrl: 'TASKDECK_GOOGLE_AUTH_URL',
  tokenUrl: 'TASKDECK_GOOGLE_TOKEN_URL',
  apiBaseUrl: 'TASKDECK_GMAIL_API_URL',
} as const satisfies Record<keyof GoogleEndpoints, string>;

export interface TestEndpoints {
  endpoints: Partial<GoogleEndpoints>;
  /** The auth URL's origin (e.g. http://127.0.0.1:41234), which may be opened besides Google's; null without an auth URL. */
  consentOrigin: string | null;
}

/** Whether `raw` may be opened in the system browser: Google's sign-in origin, or exactly `extraOrigin`. */
export function consentPageAllowed(raw: string, extraOrigin: string | null): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.origin === GOOGLE_CONSENT_ORIGIN) return true;
  return extraOrigin !== null && isWebOrigin(extraOrigin) && url.origin === extraOrigin;
}

/**
 * The test endpoints from the environment, or null: always null when packaged, and null
 * when none is set. A value that is not an http(s) URL throws (the caller then uses none).
 */
export function testEndpointsFrom(isPackaged: boolean, env: Record<string, string | undefined>): TestEndpoints | null {
  if (isPackaged) return null;
  const endpoints: Partial<GoogleEndpoints> = {};
  for (const key of Object.keys(TEST_ENDPOINT_ENV) as (keyof GoogleEndpoints)[]) {
    const value = env[TEST_ENDPOINT_ENV[key]];
    if (!value) continue;
    if (!isWebOrigin(originOf(value))) throw new Error(`${TEST_ENDPOINT_ENV[key]} is not an http(s) URL: ${value}`);
    endpoints[key] = value;
  }
  if (Object.keys(endpoints).length === 0) return null;
  return { endpoints, consentOrigin: endpoints.authUrl ? originOf(endpoints.authUrl) : null };
}

function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return 'null';
  }
}

/** An http(s) origin (file:, data: and the like have the opaque origin "null"). */
function isWebOrigin(origin: string): boolean {
  return /^https?:\/\/[^/]+$/.test(origin);
}
