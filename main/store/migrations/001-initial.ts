import type { Migration } from './types.ts';

/** The first schema: businesses, contacts, tasks and their items, test-mode outbox, settings. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE businesses (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
        phone TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        fields TEXT NOT NULL DEFAULT '{}',
        opted_out INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (business_id, phone)
      );

      CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        wait_reason TEXT,
        params TEXT NOT NULL,
        total INTEGER NOT NULL DEFAULT 0,
        processed INTEGER NOT NULL DEFAULT 0,
        succeeded INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        cancelled INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        in_doubt INTEGER NOT NULL DEFAULT 0,
        cursor INTEGER NOT NULL DEFAULT 0,
        phase TEXT NOT NULL DEFAULT 'plan',
        plan_cursor INTEGER NOT NULL DEFAULT 0,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        pause_requested INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        heartbeat_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        crash_count INTEGER NOT NULL DEFAULT 0,
        next_run_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX tasks_by_business ON tasks(business_id, id);
      CREATE INDEX tasks_by_status ON tasks(status, next_run_at);

      CREATE TABLE task_items (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        business_id INTEGER NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        contact_id INTEGER,
        phone TEXT NOT NULL,
        -- E.164 for a sendable recipient; NULL for skipped rows, so a number is sent once per task.
        dedupe_key TEXT,
        name TEXT NOT NULL DEFAULT '',
        vars TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL DEFAULT 'pending',
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        provider_ref TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (task_id, seq),
        UNIQUE (task_id, dedupe_key)
      );
      CREATE INDEX task_items_claim ON task_items(task_id, state, seq);

      -- Test mode's "remote side": every simulated send lands here, in its own commit.
      -- No unique constraint on purpose: a duplicate send must be visible, not hidden.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL,
        task_id INTEGER NOT NULL,
        item_id INTEGER NOT NULL,
        phone TEXT NOT NULL,
        body TEXT NOT NULL,
        provider_ref TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_by_item ON outbox(task_id, item_id);
      CREATE INDEX outbox_by_business ON outbox(business_id, id);

      CREATE TABLE import_errors (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        business_id INTEGER NOT NULL,
        row_number INTEGER NOT NULL,
        reason TEXT NOT NULL,
        raw TEXT NOT NULL,
        UNIQUE (task_id, row_number)
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
