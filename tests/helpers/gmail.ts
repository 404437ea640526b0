/**
 * A GmailService wired to the fake Gmail API (tests/fakes/gmail-api-server.ts), and the
 * "system browser" a test uses: it opens the consent address, the fake Google approves and
 * redirects to the app's loopback server, which finishes the connect.
 */
import { join } from 'node:path';
import { FileKeyBox } from '../../main/secrets/file-key-box.ts';
import type { SecretBox } from '../../main/secrets/secret-box.ts';
import { GmailService } from '../../main/services/gmail-service.ts';
import type { Db } from '../../main/store/db.ts';
import type { FakeGmailApi } from '../fakes/gmail-api-server.ts';

export const fakeBrowser = async (url: string): Promise<void> => void (await (await fetch(url)).text());

/** Secrets in a key file in the environment's folder, unless a box is given. */
export function gmailServiceFor(env: { db: Db; dir: string }, api: FakeGmailApi, box?: SecretBox): GmailService {
  return new GmailService({
    db: env.db,
    box: box ?? new FileKeyBox(join(env.dir, 'secret.key')),
    openBrowser: fakeBrowser,
    endpoints: { authUrl: api.authUrl, tokenUrl: api.tokenUrl, apiBaseUrl: api.baseUrl },
  });
}

/** The fake's own client (with its secret): the connect a test needs before syncing. */
export function connectToFake(gmail: GmailService, businessId: number, api: FakeGmailApi) {
  return gmail.connect(businessId, { clientId: api.clientId, clientSecret: api.clientSecret });
}
