/**
 * Who may talk to main: only the main frame of one of our windows, showing our own
 * renderer (the built files, or the dev server while developing). The renderer is
 * untrusted, so a frame that navigated elsewhere or an injected iframe gets nothing.
 * No Electron here, so the rules are unit-tested under Node.
 */
import { relative, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RendererLocation {
  /** Folder of the built renderer (out/renderer); every file:// page under it is ours. */
  rendererDir: string;
  /** The dev server's URL; set only in an unpackaged app, never from a packaged one. */
  devServerUrl?: string | undefined;
}

/** What the IPC glue knows about the frame that sent a request. */
export interface SenderFacts {
  /** The frame still exists (Electron gives null for a frame that navigated or closed). */
  hasFrame: boolean;
  /** The frame is the top frame of its web contents, not an iframe. */
  isMainFrame: boolean;
  /** The web contents belongs to one of the app's windows. */
  isAppWindow: boolean;
  url: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function isRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    if (parsed.host !== '' && parsed.host !== 'localhost') return false;
    let path: string;
    try {
      path = fileURLToPath(parsed);
    } catch {
      return false;
    }
    // The URL parser already folded "..", so comparing resolved paths is enough.
    const inside = relative(resolve(location.rendererDir), resolve(path));
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
  }
  if (!location.devServerUrl) return false;
  try {
    return parsed.origin === new URL(location.devServerUrl).origin;
  } catch {
    return false;
  }
}

export function checkSender(facts: SenderFacts, location: RendererLocation): SenderVerdict {
  if (!facts.hasFrame) return { ok: false, reason: 'the sending frame is gone' };
  if (!facts.isAppWindow) return { ok: false, reason: 'the sender is not a Taskdeck window' };
  if (!facts.isMainFrame) return { ok: false, reason: 'the sender is a sub-frame' };
  if (!isRendererUrl(facts.url, location)) return { ok: false, reason: `the sender shows ${describeUrl(facts.url)}` };
  return { ok: true };
}

/** Navigation within the page we loaded (a hash or query change) is fine; anything else is not. */
export function isSameDocument(target: string, current: string): boolean {
  try {
    const a = new URL(target);
    const b = new URL(current);
    return a.origin === b.origin && a.protocol === b.protocol && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Enough of a URL for a log line, without a query string that might carry data. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.slice(0, 200);
  } catch {
    return 'an unreadable URL';
  }
}
