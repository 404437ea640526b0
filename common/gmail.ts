/** The Gmail connection of a business as the window sees it: never a token. */
export interface GmailConnection {
  businessId: number;
  email: string;
  clientId: string;
  /** Where the refresh token is kept, encrypted. */
  tokenStoredIn: 'os-keychain' | 'file-key';
  /** Set after a first sync: later syncs fetch only new mail. */
  incremental: boolean;
  lastFullSyncAt: number | null;
  /** Receipts deleted here: syncs skip them until the owner asks to copy them again. */
  deletedHere: number;
  connectedAt: number;
}
