import type { Migration } from './types.ts';

/**
 * Each business gets its own default country for phone numbers (a shop in Haifa and
 * one in London under the same owner), and finished tasks can be dismissed from the
 * list without deleting their history.
 */
export const migration002: Migration = {
  version: 2,
  name: 'business-country-and-dismiss',
  up(db) {
    db.exec(`
      ALTER TABLE businesses ADD COLUMN default_country TEXT NOT NULL DEFAULT 'IL';
      ALTER TABLE tasks ADD COLUMN dismissed_at INTEGER;
      CREATE INDEX task_items_by_phone ON task_items(task_id, phone);
    `);
  },
};
