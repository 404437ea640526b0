/**
 * The only place the app hands a URL to the OS: Google's consent page for connecting
 * Gmail. Anything but an https address on Google's sign-in host is refused, so a
 * compromised caller cannot make the app open arbitrary links or local files.
 */
import { shell } from 'electron';

const ALLOWED_HOSTS = new Set(['accounts.google.com']);

export async function openConsentPage(raw: string): Promise<void> {
  const url = new URL(raw);
  if (url.protocol !== 'https:' || !ALLOWED_HOSTS.has(url.hostname)) {
    throw new Error(`Refusing to open ${url.origin}: only Google's sign-in page may be opened`);
  }
  await shell.openExternal(url.toString());
}
