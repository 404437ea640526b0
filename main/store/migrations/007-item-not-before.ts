import type { Migration } from './types.ts';

/**
 * A pending item's "not before" time (epoch ms): the item may not be claimed earlier.
 * Set when a recipient must wait (WhatsApp's per-pair rate, 131056): the item goes back to
 * `pending` with this time instead of holding one of the worker's lanes while it waits,
 * so the other recipients keep flowing; the claim query skips it until its time. Being in
 * the row, the wait survives a crash: the next worker neither loses the item nor sends
 * it early. NULL (every existing row) means "now".
 */
export const migration007: Migration = {
  version: 7,
  name: 'item-not-before',
  up(db) {
    db.exec('ALTER TABLE task_items ADD COLUMN not_before INTEGER');
  },
};
