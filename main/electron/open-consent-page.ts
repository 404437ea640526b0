/**
 * The only place the app hands a URL to the OS: Google's consent page for connecting
 * Gmail. Anything but https://accounts.google.com is refused (consent-page-policy.ts), so
 * a compromised caller cannot make the app open arbitrary links or local files. The one
 * exception is `extraOrigin`, which main passes only in an unpackaged build pointed at test
 * endpoints: that auth URL's exact origin (a local fake of Google).
 */
import { shell } from 'electron';
import { consentPageAllowed } from './consent-page-policy.ts';

export async function openConsentPage(raw: string, extraOrigin: string | null = null): Promise<void> {
  const url = new URL(raw);
  if (!consentPageAllowed(url.href, extraOrigin)) {
    throw new Error(`Refusing to open ${url.origin}: only Google's sign-in page may be opened`);
  }
  await shell.openExternal(url.toString());
}
