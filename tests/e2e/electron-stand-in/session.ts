/**
 * `session`: the calls main makes to lock a session down are recorded, not enforced —
 * the page's own CSP (a <meta> in the built index.html) is real and Chromium applies it;
 * Chromium's defaults already deny permission prompts in a headless page.
 */
import { EventEmitter } from 'node:events';
import { record } from './records.ts';

type Listener = (...args: never[]) => void;

export class Session extends EventEmitter {
  readonly partition: string;
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  headersReceivedListener: Listener | null = null;

  readonly webRequest = {
    onHeadersReceived: (filterOrListener: unknown, maybeListener?: Listener) => {
      this.headersReceivedListener = (typeof filterOrListener === 'function' ? filterOrListener : maybeListener) as Listener | null;
      record('session', { partition: this.partition, call: 'webRequest.onHeadersReceived' });
    },
    onBeforeRequest: () => record('session', { partition: this.partition, call: 'webRequest.onBeforeRequest' }),
    onBeforeSendHeaders: () => record('session', { partition: this.partition, call: 'webRequest.onBeforeSendHeaders' }),
  };

  constructor(partition: string) {
    super();
    this.partition = partition;
  }

  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
    record('session', { partition: this.partition, call: 'setPermissionRequestHandler' });
  }

  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheckHandler = handler;
    record('session', { partition: this.partition, call: 'setPermissionCheckHandler' });
  }

  /**
   * The Content-Security-Policy header main's onHeadersReceived listener would put on a
   * response (asked with a sample response), so a test can check it.
   */
  cspHeaderFor(url: string): string[] | null {
    const listener = this.headersReceivedListener as
      | ((details: { url: string; responseHeaders: Record<string, string[]> }, callback: (result: { responseHeaders?: Record<string, string[]> }) => void) => void)
      | null;
    if (!listener) return null;
    let headers: Record<string, string[]> | undefined;
    listener({ url, responseHeaders: { 'content-security-policy': ["default-src *"] } }, (result) => (headers = result.responseHeaders));
    if (!headers) return null;
    const key = Object.keys(headers).find((name) => name.toLowerCase() === 'content-security-policy');
    return key ? (headers[key] ?? null) : null;
  }

  async clearCache(): Promise<void> {}
  async clearStorageData(): Promise<void> {}
  setSpellCheckerEnabled(): void {}
}

const sessions = new Map<string, Session>();
const defaultSession = new Session('');

export const session = {
  get defaultSession(): Session {
    return defaultSession;
  },
  fromPartition(partition: string): Session {
    if (!partition) return defaultSession;
    let found = sessions.get(partition);
    if (!found) {
      found = new Session(partition);
      sessions.set(partition, found);
    }
    return found;
  },
};
