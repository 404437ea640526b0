import type { BusinessId, OutboxEntry, Page, TaskId } from '../../common/model.ts';
import type { Db } from './db.ts';

interface OutboxRow {
  id: number;
  business_id: number;
  task_id: number;
  item_id: number;
  phone: string;
  body: string;
  provider_ref: string;
  created_at: number;
}

export function pageOutbox(db: Db, businessId: BusinessId, taskId: TaskId | undefined, offset: number, limit: number): Page<OutboxEntry> {
  const filter = taskId === undefined ? '' : ' AND task_id = ?';
  const args: unknown[] = taskId === undefined ? [businessId] : [businessId, taskId];
  const total = (db.prepare(`SELECT count(*) AS n FROM outbox WHERE business_id = ?${filter}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM outbox WHERE business_id = ?${filter} ORDER BY id LIMIT ? OFFSET ?`)
    .all(...args, limit, offset) as OutboxRow[];
  return {
    total,
    offset,
    rows: rows.map((r) => ({
      id: r.id,
      businessId: r.business_id,
      taskId: r.task_id,
      itemId: r.item_id,
      phone: r.phone,
      body: r.body,
      providerRef: r.provider_ref || `test-${r.id}`,
      createdAt: r.created_at,
    })),
  };
}
