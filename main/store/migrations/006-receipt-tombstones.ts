import type { Migration } from './types.ts';

/**
 * Gmail messages whose receipt the owner deleted here. A later sync that lists them again
 * (a full sync after reconnecting, or after Gmail's history expired) skips them instead of
 * copying them back: deleting a local copy is a decision the owner made, and it sticks
 * until the owner asks to copy deleted receipts again (which clears these rows).
 *
 * One row per (business, message id); rows go with their business. WITHOUT ROWID: the
 * key is the only thing looked up.
 */
export const migration006: Migration = {
  version: 6,
  name: 'receipt-tombstones',
  up(db) {
    db.exec(`
      CREATE TABLE receipt_tombstones (
        business_id INTEGER NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
        gmail_message_id TEXT NOT NULL,
        deleted_at INTEGER NOT NULL,
        PRIMARY KEY (business_id, gmail_message_id)
      ) WITHOUT ROWID;
    `);
  },
};
