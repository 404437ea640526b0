import type { BusinessId, ItemState, Page, TaskId, TaskItem } from '../../common/model.ts';
import type { Db } from './db.ts';
import { storedWordsOrNull } from './words.ts';

interface ItemRow {
  id: number;
  task_id: number;
  seq: number;
  phone: string;
  name: string;
  state: ItemState;
  reason: string | null;
  attempts: number;
  provider_ref: string | null;
  updated_at: number;
}

const toItem = (r: ItemRow): TaskItem => ({
  id: r.id,
  taskId: r.task_id,
  seq: r.seq,
  phone: r.phone,
  name: r.name,
  state: r.state,
  reason: storedWordsOrNull(r.reason),
  attempts: r.attempts,
  providerRef: r.provider_ref,
  updatedAt: r.updated_at,
});

export interface ItemQuery {
  state?: ItemState | undefined;
  search?: string | undefined;
  ids?: readonly number[] | undefined;
}

function where(businessId: BusinessId, taskId: TaskId, query: ItemQuery): { sql: string; args: unknown[] } {
  const clauses = ['business_id = ?', 'task_id = ?'];
  const args: unknown[] = [businessId, taskId];
  if (query.state) {
    clauses.push('state = ?');
    args.push(query.state);
  }
  if (query.search) {
    const like = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push("(phone LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')");
    args.push(like, like);
  }
  if (query.ids) {
    clauses.push(`id IN (${query.ids.map(() => '?').join(',')})`);
    args.push(...query.ids);
  }
  return { sql: clauses.join(' AND '), args };
}

export function pageItems(db: Db, businessId: BusinessId, taskId: TaskId, query: ItemQuery, offset: number, limit: number): Page<TaskItem> {
  const w = where(businessId, taskId, query);
  const total = (db.prepare(`SELECT count(*) AS n FROM task_items WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM task_items WHERE ${w.sql} ORDER BY seq LIMIT ? OFFSET ?`)
    .all(...w.args, limit, offset) as ItemRow[];
  return { rows: rows.map(toItem), total, offset };
}

export function itemIdsInState(db: Db, businessId: BusinessId, taskId: TaskId, state: ItemState, ids?: readonly number[]): number[] {
  const w = where(businessId, taskId, { state, ids });
  return (db.prepare(`SELECT id FROM task_items WHERE ${w.sql} ORDER BY seq`).all(...w.args) as { id: number }[]).map((r) => r.id);
}

export function countItemsByState(db: Db, taskId: TaskId): Record<ItemState, number> {
  const counts: Record<ItemState, number> = { pending: 0, claimed: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, in_doubt: 0 };
  const rows = db.prepare('SELECT state, count(*) AS n FROM task_items WHERE task_id = ? GROUP BY state').all(taskId) as {
    state: ItemState;
    n: number;
  }[];
  for (const row of rows) counts[row.state] = row.n;
  return counts;
}
