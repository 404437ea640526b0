import type { Migration } from './types.ts';

/**
 * WhatsApp Cloud API accounts, per business. The access token is stored only
 * encrypted (token_cipher, by the secret box named in token_box); token_version grows
 * with each replacement so tasks waiting for their account can go on.
 */
export const migration003: Migration = {
  version: 3,
  name: 'whatsapp-accounts',
  up(db) {
    db.exec(`
      CREATE TABLE whatsapp_accounts (
        id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        phone_number_id TEXT NOT NULL,
        waba_id TEXT NOT NULL,
        graph_version TEXT NOT NULL DEFAULT 'v23.0',
        base_url TEXT NOT NULL DEFAULT 'https://graph.facebook.com',
        token_cipher BLOB NOT NULL,
        token_box TEXT NOT NULL,
        token_version INTEGER NOT NULL DEFAULT 1,
        rate_per_second REAL NOT NULL DEFAULT 20,
        display_phone_number TEXT,
        verified_name TEXT,
        quality_rating TEXT,
        throughput_level TEXT,
        checked_at INTEGER,
        check_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (business_id, phone_number_id)
      );
    `);
  },
};
