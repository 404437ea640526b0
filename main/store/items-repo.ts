/**
 * A task's items, for every kind: what the owner sees (`subject`, `label`), what the kind's
 * worker needs (`payload`) and what it recorded (`result`), both JSON typed per kind
 * (common/tasks/<kind>/facts.ts), and the item state machine:
 * pending → claimed → done | failed | skipped | cancelled, claimed → in_doubt after a crash.
 * Every query is scoped by task and business.
 */
import type { Message } from '../../common/messages.ts';
import type { BusinessId, ItemState, Page, TaskId, TaskItem } from '../../common/model.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';
import { storedWordsOrNull, wordsToStore } from './words.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

interface ItemRow {
  id: number;
  task_id: number;
  seq: number;
  subject: string;
  label: string;
  state: ItemState;
  reason: string | null;
  attempts: number;
  result: string | null;
  updated_at: number;
}

const toItem = (r: ItemRow): TaskItem => ({
  id: r.id,
  taskId: r.task_id,
  seq: r.seq,
  subject: r.subject,
  label: r.label,
  state: r.state,
  reason: storedWordsOrNull(r.reason),
  attempts: r.attempts,
  result: r.result === null ? null : (JSON.parse(r.result) as JsonObject),
  updatedAt: r.updated_at,
});

// --- Planning -------------------------------------------------------------------------------

export interface NewItem {
  seq: number;
  subject: string;
  label?: string;
  payload?: JsonObject;
  /** Unique within the task: a second item with the same key is not added (see `duplicate`). */
  dedupeKey?: string | null;
  /** Recorded as skipped with this reason instead of pending (an opted-out contact, a bad row). */
  skip?: Message | null;
}

export interface InsertOptions {
  /**
   * An item whose dedupe key the task already has: dropped ('drop', a Gmail message listed
   * twice), or recorded as skipped with these words (a number already in a broadcast: the
   * owner sees the repeat, and it is never sent twice).
   */
  duplicate: 'drop' | Message;
}

/** Adds one chunk of planned items. Returns how many were added, and how many of them as skipped. */
export function insertItems(db: Db, taskId: TaskId, businessId: BusinessId, items: readonly NewItem[], options: InsertOptions): { added: number; skipped: number } {
  const t = now();
  const insert = stmt(
    db,
    `INSERT INTO task_items (task_id, business_id, seq, subject, label, payload, dedupe_key, state, reason, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, dedupe_key) DO NOTHING`,
  );
  const duplicate = options.duplicate === 'drop' ? null : wordsToStore(options.duplicate);
  let added = 0;
  let skipped = 0;
  for (const item of items) {
    const payload = JSON.stringify(item.payload ?? {});
    const skip = item.skip ? wordsToStore(item.skip) : null;
    const key = skip ? null : (item.dedupeKey ?? null);
    const info = insert.run(taskId, businessId, item.seq, item.subject, item.label ?? '', payload, key, skip ? 'skipped' : 'pending', skip, t);
    if (info.changes) {
      added++;
      if (skip) skipped++;
    } else if (duplicate !== null) {
      insert.run(taskId, businessId, item.seq, item.subject, item.label ?? '', payload, null, 'skipped', duplicate, t);
      added++;
      skipped++;
    }
  }
  return { added, skipped };
}

// --- Running: claims and outcomes ------------------------------------------------------------

export interface ClaimedItem {
  id: number;
  seq: number;
  subject: string;
  label: string;
  /** The kind's JSON (its facts' `item.payload`). */
  payload: JsonObject;
  attempts: number;
}

/** Up to `limit` pending items whose time has come, in seq order, made `claimed` (durably, with the caller's commit). */
export function claimPending(db: Db, taskId: TaskId, businessId: BusinessId, limit: number): ClaimedItem[] {
  const t = now();
  const rows = stmt(
    db,
    `UPDATE task_items SET state = 'claimed', updated_at = ?
     WHERE id IN (SELECT id FROM task_items WHERE task_id = ? AND business_id = ? AND state = 'pending'
                  AND (not_before IS NULL OR not_before <= ?) ORDER BY seq LIMIT ?)
     RETURNING id, seq, subject, label, payload, attempts`,
  ).all(t, taskId, businessId, t, limit) as (Omit<ClaimedItem, 'payload'> & { payload: string })[];
  rows.sort((a, b) => a.seq - b.seq);
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as JsonObject }));
}

export type FinalItemState = 'done' | 'failed' | 'skipped' | 'in_doubt';

/** Writes what happened to claimed items (`from: 'claimed'`) or, for work done in place, pending ones. */
export class ItemWriter {
  private readonly taskId: TaskId;
  private readonly finish: ReturnType<typeof stmt>;
  private readonly release: ReturnType<typeof stmt>;
  private readonly defer: ReturnType<typeof stmt>;
  private readonly t = now();

  constructor(db: Db, taskId: TaskId, from: 'claimed' | 'pending' = 'claimed') {
    this.taskId = taskId;
    this.finish = stmt(
      db,
      `UPDATE task_items SET state = ?, reason = ?, result = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND task_id = ? AND state = '${from}'`,
    );
    this.release = stmt(db, "UPDATE task_items SET state = 'pending', updated_at = ? WHERE id = ? AND task_id = ? AND state = 'claimed'");
    this.defer = stmt(
      db,
      "UPDATE task_items SET state = 'pending', not_before = ?, reason = ?, updated_at = ? WHERE id = ? AND task_id = ? AND state = 'claimed'",
    );
  }

  /** True when the item was in the expected state (and now is `state`). */
  end(itemId: number, state: FinalItemState, reason: Message | null, result: JsonObject | null = null): boolean {
    return this.finish.run(state, reason ? wordsToStore(reason) : null, result ? JSON.stringify(result) : null, this.t, itemId, this.taskId).changes > 0;
  }

  /** Back to pending, no attempt used (stopped before it started, or offline). */
  releaseClaim(itemId: number): void {
    this.release.run(this.t, itemId, this.taskId);
  }

  /** Back to pending, not to be claimed before `notBefore`; `reason` says why it waits. */
  deferClaim(itemId: number, notBefore: number, reason: Message): void {
    this.defer.run(notBefore, wordsToStore(reason), this.t, itemId, this.taskId);
  }
}

/** The pending item that may be claimed first: its time (null: now) and why it waits. */
export function nextPending(db: Db, taskId: TaskId, businessId: BusinessId): { notBefore: number | null; reason: Message | null } | undefined {
  const row = stmt(
    db,
    `SELECT not_before AS notBefore, reason FROM task_items
     WHERE task_id = ? AND business_id = ? AND state = 'pending' ORDER BY coalesce(not_before, 0) LIMIT 1`,
  ).get(taskId, businessId) as { notBefore: number | null; reason: string | null } | undefined;
  return row && { notBefore: row.notBefore, reason: storedWordsOrNull(row.reason) };
}

/** Pending items in seq order, for work done in place without claims (local deletes). */
export function pendingItems(db: Db, taskId: TaskId, businessId: BusinessId, limit: number): ClaimedItem[] {
  const rows = stmt(
    db,
    `SELECT id, seq, subject, label, payload, attempts FROM task_items
     WHERE task_id = ? AND business_id = ? AND state = 'pending' ORDER BY seq LIMIT ?`,
  ).all(taskId, businessId, limit) as (Omit<ClaimedItem, 'payload'> & { payload: string })[];
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as JsonObject }));
}

/** Results of done items after `afterSeq`, in seq order (a resumed task finishing what a crash left). */
export function doneResults(db: Db, taskId: TaskId, businessId: BusinessId, afterSeq: number, limit: number): { seq: number; result: JsonObject }[] {
  const rows = stmt(
    db,
    `SELECT seq, result FROM task_items WHERE task_id = ? AND business_id = ? AND state = 'done' AND seq > ? AND result IS NOT NULL
     ORDER BY seq LIMIT ?`,
  ).all(taskId, businessId, afterSeq, limit) as { seq: number; result: string }[];
  return rows.map((r) => ({ seq: r.seq, result: JSON.parse(r.result) as JsonObject }));
}

// --- The owner's decisions on in-doubt items --------------------------------------------------

/** In-doubt items marked done (`note` says by whom) or put back to pending. Returns how many moved each way. */
export function settleItems(
  db: Db,
  businessId: BusinessId,
  taskId: TaskId,
  settled: { sent: readonly { id: number; result: JsonObject | null }[]; again: readonly number[]; note: Message },
): { sent: number; again: number } {
  const t = now();
  const markSent = stmt(
    db,
    "UPDATE task_items SET state = 'done', reason = ?, result = coalesce(?, result), updated_at = ? WHERE id = ? AND task_id = ? AND business_id = ? AND state = 'in_doubt'",
  );
  const requeue = stmt(
    db,
    "UPDATE task_items SET state = 'pending', reason = NULL, updated_at = ? WHERE id = ? AND task_id = ? AND business_id = ? AND state = 'in_doubt'",
  );
  const note = wordsToStore(settled.note);
  let sent = 0;
  let again = 0;
  for (const s of settled.sent) sent += markSent.run(note, s.result ? JSON.stringify(s.result) : null, t, s.id, taskId, businessId).changes;
  for (const id of settled.again) again += requeue.run(t, id, taskId, businessId).changes;
  return { sent, again };
}

// --- Reading, for the window and the CLI ------------------------------------------------------

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
    clauses.push("(subject LIKE ? ESCAPE '\\' OR label LIKE ? ESCAPE '\\')");
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
    .prepare(`SELECT id, task_id, seq, subject, label, state, reason, attempts, result, updated_at FROM task_items WHERE ${w.sql} ORDER BY seq LIMIT ? OFFSET ?`)
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
