/**
 * The user's browser behind `shell.openExternal`. Every URL it is asked to open is
 * recorded (`{ kind: 'shell', call: 'openExternal', url, loads }`). A loopback http(s)
 * URL is then loaded as a browser would, in the background (openExternal returns once
 * the OS has the URL, not when the page is done): redirects followed, the page read, and
 * the outcome recorded (`{ kind: 'browser', event: 'loaded' | 'stopped' | 'failed', … }`).
 * That is how a consent page on a local fake of Google redirects back to the app's
 * loopback address. Nothing else is ever fetched, and a redirect that leaves loopback is
 * not followed: these machines reach only themselves, and tests must not reach out.
 */
import { record } from './records.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECTS = 10;

export function isLoopbackWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

export function openInBrowser(url: string): void {
  const loads = isLoopbackWebUrl(url);
  record('shell', { call: 'openExternal', url, loads });
  if (loads) void load(url);
}

async function load(opened: string): Promise<void> {
  let url = opened;
  try {
    for (let redirects = 0; ; redirects++) {
      const answer = await fetch(url, { redirect: 'manual' });
      const location = answer.headers.get('location');
      if (answer.status >= 300 && answer.status < 400 && location !== null) {
        await answer.body?.cancel();
        const next = new URL(location, url).href;
        if (!isLoopbackWebUrl(next)) {
          record('browser', { event: 'stopped', url: opened, at: url, redirectTo: next, why: 'redirect away from loopback, not followed' });
          return;
        }
        if (redirects >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
        url = next;
        continue;
      }
      const html = await answer.text();
      record('browser', { event: 'loaded', url: opened, finalUrl: url, status: answer.status, redirects, heading: heading(html), text: plain(html).slice(0, 500) });
      return;
    }
  } catch (error) {
    record('browser', { event: 'failed', url: opened, at: url, error: error instanceof Error ? error.message : String(error) });
  }
}

function heading(html: string): string | null {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  return match ? plain(match[1]!) : null;
}

function plain(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, ' ')
    .trim();
}
