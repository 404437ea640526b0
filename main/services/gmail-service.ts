/**
 * The Gmail connection of a business: OAuth 2.0 for installed apps (system browser,
 * loopback redirect, PKCE), scope gmail.readonly; the refresh token goes straight into
 * the secret box. The sync task's worker gets it in its start message and refreshes
 * access tokens itself.
 */
import type { GmailConnection } from '../../common/gmail.ts';
import type { BusinessId } from '../../common/model.ts';
import { WordsError } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { TaskdeckError } from '../../common/result.ts';
import { GmailClient, DEFAULT_GMAIL_BASE_URL } from '../providers/gmail/client.ts';
import { OAuthError, startAuthorization } from '../providers/gmail/oauth.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { getBusiness } from '../store/businesses-repo.ts';
import type { Db } from '../store/db.ts';
import { deleteGmailConnection, findGmailConnection, saveGmailConnection, type GmailConnectionRow } from '../store/gmail-repo.ts';
import { countTombstones } from '../store/receipts-repo.ts';
import { wakeParked } from '../store/task-state-repo.ts';
import { gmailOAuthClient } from './settings-service.ts';

export interface GoogleEndpoints {
  authUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
}

export const GOOGLE_ENDPOINTS: GoogleEndpoints = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  apiBaseUrl: DEFAULT_GMAIL_BASE_URL,
};

export const GMAIL_SECRETS = { refreshToken: 'gmailRefreshToken', clientSecret: 'gmailClientSecret' } as const;

export function toGmailConnection(row: GmailConnectionRow, deletedHere: number): GmailConnection {
  return {
    businessId: row.business_id,
    email: row.email,
    clientId: row.client_id,
    tokenStoredIn: row.token_box,
    incremental: row.history_id !== null,
    lastFullSyncAt: row.last_full_sync_at,
    deletedHere,
    connectedAt: row.created_at,
  };
}

export class GmailService {
  private readonly db: Db;
  private readonly box: SecretBox;
  private readonly openBrowser: (url: string) => Promise<void>;
  private readonly endpoints: GoogleEndpoints;
  private readonly onConnected: () => void;

  constructor(options: {
    db: Db;
    box: SecretBox;
    openBrowser: (url: string) => Promise<void>;
    endpoints?: Partial<GoogleEndpoints>;
    /** After a (re)connect: wake the supervisor, so syncs parked for the account go on now. */
    onConnected?: () => void;
  }) {
    this.db = options.db;
    this.box = options.box;
    this.openBrowser = options.openBrowser;
    this.endpoints = { ...GOOGLE_ENDPOINTS, ...options.endpoints };
    this.onConnected = options.onConnected ?? (() => undefined);
  }

  status(businessId: BusinessId): GmailConnection | null {
    getBusiness(this.db, businessId);
    const row = findGmailConnection(this.db, businessId);
    return row ? toGmailConnection(row, countTombstones(this.db, businessId)) : null;
  }

  /**
   * Opens Google's consent page in the browser and waits (up to 5 minutes) for the owner.
   * Without a client ID in the request, the one saved in Settings → Gmail (and its secret) is used.
   */
  async connect(
    businessId: BusinessId,
    request: { clientId?: string | undefined; clientSecret?: string | undefined },
    signal?: AbortSignal,
  ): Promise<GmailConnection> {
    getBusiness(this.db, businessId);
    const input = await gmailOAuthClient(this.db, this.box, request);
    let tokens;
    try {
      tokens = await startAuthorization({
        clientId: input.clientId,
        ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        authBaseUrl: this.endpoints.authUrl,
        tokenUrl: this.endpoints.tokenUrl,
        openBrowser: this.openBrowser,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof OAuthError) throw new TaskdeckError('bad_input', error.message);
      throw error;
    }
    const client = new GmailClient({ baseUrl: this.endpoints.apiBaseUrl, accessToken: async () => tokens.accessToken });
    const profile = await client.getProfile();
    if (!profile.ok) throw new TaskdeckError('bad_input', reason('gmailConnectedUnreadable', { reason: profile.failure.reason }));
    const row = saveGmailConnection(this.db, businessId, {
      email: profile.value.emailAddress,
      clientId: input.clientId,
      refreshCipher: await this.box.encrypt(tokens.refreshToken),
      secretCipher: input.clientSecret ? await this.box.encrypt(input.clientSecret) : null,
      box: this.box.kind,
      apiBaseUrl: this.endpoints.apiBaseUrl,
      tokenUrl: this.endpoints.tokenUrl,
    });
    // Syncs of this business parked for their Gmail access try again at once, not in 15 minutes.
    wakeParked(this.db, businessId, { kind: 'receipts-sync' });
    this.onConnected();
    return toGmailConnection(row, countTombstones(this.db, businessId));
  }

  disconnect(businessId: BusinessId): void {
    getBusiness(this.db, businessId);
    if (!deleteGmailConnection(this.db, businessId)) throw new TaskdeckError('not_found', 'Gmail is not connected for this business');
  }

  /**
   * For the supervisor: the refresh token a sync's worker needs. When there is none, the
   * error says what happened and what the owner does; the task waits with these words.
   */
  async secretsForBusiness(businessId: BusinessId): Promise<Record<string, string>> {
    const row = findGmailConnection(this.db, businessId);
    if (!row) throw new WordsError(reason('gmailNotConnectedResume'));
    if (row.token_box !== this.box.kind) throw new WordsError(reason(row.token_box === 'file-key' ? 'gmailFromCli' : 'gmailFromApp'));
    try {
      const secrets: Record<string, string> = { [GMAIL_SECRETS.refreshToken]: await this.box.decrypt(row.refresh_token_cipher) };
      if (row.client_secret_cipher) secrets[GMAIL_SECRETS.clientSecret] = await this.box.decrypt(row.client_secret_cipher);
      return secrets;
    } catch (error) {
      throw new WordsError(reason('gmailSecretUnreadable', { error: error instanceof Error ? error.message : String(error) }), { cause: error });
    }
  }
}
