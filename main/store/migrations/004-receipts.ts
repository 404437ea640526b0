import type { Migration } from './types.ts';

/**
 * Receipts per business (from Gmail, or added by hand), their attachments, and the
 * Gmail connection a sync uses. Plus `tasks.cursor_text`: a resumable position that is
 * a string (a Gmail page token or history id), next to the numeric `cursor`.
 *
 * * An attachment's bytes live in the content-addressed file store
 *   (main/receipts/blob-store.ts), named by `sha256`; two rows with the same content,
 *   in any business, share one file. Rows stay scoped: `(receipt_id, business_id)`
 *   references the receipt's own `(id, business_id)`, so an attachment can never hang
 *   under another business's receipt.
 * * `sha256` is NULL until the file is downloaded; `stored` = 1 once it is in the store.
 * * `vendor` compares case-insensitively (NOCASE), and its index serves that.
 * * The refresh token is stored only encrypted (`refresh_token_cipher`, by the secret
 *   box named in `token_box`), like WhatsApp tokens.
 */
export const migration004: Migration = {
  version: 4,
  name: 'receipts',
  up(db) {
    db.exec(`
      CREATE TABLE receipts (
        id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
        source TEXT NOT NULL CHECK (source IN ('gmail', 'manual')),
        gmail_message_id TEXT,
        gmail_thread_id TEXT,
        from_name TEXT NOT NULL DEFAULT '',
        from_address TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        received_at INTEGER NOT NULL,
        vendor TEXT COLLATE NOCASE,
        amount_minor INTEGER,
        currency TEXT,
        snippet TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (source <> 'gmail' OR gmail_message_id IS NOT NULL),
        UNIQUE (business_id, gmail_message_id),
        -- The target of receipt_attachments' composite key, and the keyset a delete plans
        -- by (business_id = ? AND id > ? ORDER BY id) without sorting the whole business.
        UNIQUE (business_id, id)
      );
      CREATE INDEX receipts_by_date ON receipts(business_id, received_at);
      CREATE INDEX receipts_by_vendor ON receipts(business_id, vendor);

      CREATE TABLE receipt_attachments (
        id INTEGER PRIMARY KEY,
        receipt_id INTEGER NOT NULL,
        business_id INTEGER NOT NULL,
        filename TEXT NOT NULL DEFAULT '',
        mime_type TEXT NOT NULL DEFAULT 'application/octet-stream',
        size INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
        gmail_attachment_id TEXT,
        part_id TEXT NOT NULL,
        stored INTEGER NOT NULL DEFAULT 0 CHECK (stored IN (0, 1) AND (stored = 0 OR sha256 IS NOT NULL)),
        FOREIGN KEY (receipt_id, business_id) REFERENCES receipts(id, business_id) ON DELETE CASCADE,
        UNIQUE (receipt_id, part_id)
      );
      -- "Does any row, in any business, still use this file?"
      CREATE INDEX receipt_attachments_by_sha ON receipt_attachments(sha256);

      CREATE TABLE gmail_connections (
        id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL UNIQUE REFERENCES businesses(id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        client_id TEXT NOT NULL,
        refresh_token_cipher BLOB NOT NULL,
        token_box TEXT NOT NULL,
        history_id TEXT,
        last_full_sync_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      ALTER TABLE tasks ADD COLUMN cursor_text TEXT;
    `);
  },
};
