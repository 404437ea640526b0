import type { Migration } from './types.ts';

/**
 * Items of every kind, in columns that mean one thing each. Up to v8 `task_items` was a
 * broadcast's table that other kinds borrowed: a Gmail message id in `phone`, a receipt id
 * in `contact_id`, released file hashes in `provider_ref`. From v9:
 *   subject  what the owner sees first: a phone number, a Gmail message id, a receipt
 *   label    what else names it: the contact's name ('' when nothing)
 *   payload  JSON the kind's worker needs (common/tasks/<kind>/facts.ts, `item.payload`)
 *   result   JSON the kind records when the item is done (`item.result`), NULL before
 * Existing rows move per kind: broadcasts keep their phone, name, contact and values, and
 * a sent message's provider id; a receipt sync's message id becomes its subject and the
 * receipt it became its result; a receipt delete's label becomes its subject, the receipt
 * id its payload and the released hashes a list.
 */
export const migration009: Migration = {
  version: 9,
  name: 'generic-items',
  up(db) {
    db.exec(`
      ALTER TABLE task_items RENAME COLUMN phone TO subject;
      ALTER TABLE task_items RENAME COLUMN name TO label;
      ALTER TABLE task_items RENAME COLUMN vars TO payload;
      ALTER TABLE task_items ADD COLUMN result TEXT;

      UPDATE task_items SET
        payload = json_object('contactId', contact_id, 'vars', json(payload)),
        result = CASE WHEN provider_ref IS NULL THEN NULL ELSE json_object('providerRef', provider_ref) END
      WHERE task_id IN (SELECT id FROM tasks WHERE kind = 'broadcast');

      UPDATE task_items SET
        payload = '{}',
        result = CASE WHEN state = 'done' THEN json_object('receiptId',
          (SELECT r.id FROM receipts r WHERE r.business_id = task_items.business_id AND r.gmail_message_id = task_items.subject)) END
      WHERE task_id IN (SELECT id FROM tasks WHERE kind = 'receipts-sync');

      UPDATE task_items SET
        subject = label,
        label = '',
        payload = json_object('receiptId', contact_id),
        result = CASE WHEN state = 'done' THEN json_object('releasedShas',
          CASE WHEN coalesce(provider_ref, '') = '' THEN json('[]') ELSE json('["' || replace(provider_ref, ' ', '","') || '"]') END) END
      WHERE task_id IN (SELECT id FROM tasks WHERE kind = 'receipts-delete');

      ALTER TABLE task_items DROP COLUMN contact_id;
      ALTER TABLE task_items DROP COLUMN provider_ref;
    `);
  },
};
