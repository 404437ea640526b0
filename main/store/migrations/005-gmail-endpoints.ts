import type { Migration } from './types.ts';

/**
 * Where a Gmail connection talks to: Google's endpoints by default, a local fake in
 * tests. Kept per connection so a sync's worker uses the same ones its owner connected
 * with. The OAuth client secret of a desktop client is not really secret (Google says
 * so), but it is kept encrypted like the refresh token all the same.
 */
export const migration005: Migration = {
  version: 5,
  name: 'gmail-endpoints',
  up(db) {
    db.exec(`
      ALTER TABLE gmail_connections ADD COLUMN api_base_url TEXT NOT NULL DEFAULT 'https://gmail.googleapis.com';
      ALTER TABLE gmail_connections ADD COLUMN token_url TEXT NOT NULL DEFAULT 'https://oauth2.googleapis.com/token';
      ALTER TABLE gmail_connections ADD COLUMN client_secret_cipher BLOB;
    `);
  },
};
