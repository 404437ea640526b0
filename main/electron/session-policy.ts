/**
 * Locks down the window's session: a strict Content-Security-Policy on every
 * response, no permission ever granted (camera, notifications from the page,
 * geolocation...), no downloads. The page only ever needs its own files and IPC.
 */
import type { Session } from 'electron';

const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The Vite dev server injects an inline module (React refresh) and talks over a
 * WebSocket, so development needs those two holes; a packaged app never gets them.
 */
function devCsp(devServerUrl: string): string {
  const ws = new URL(devServerUrl);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return STRICT_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws.origin}`,
  );
}

const hardened = new WeakSet<Session>();

export function hardenSession(session: Session, devServerUrl?: string): void {
  if (hardened.has(session)) return;
  hardened.add(session);
  const csp = devServerUrl ? devCsp(devServerUrl) : STRICT_CSP;
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    // Replace whatever the server sent, whatever its capitalisation.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}
