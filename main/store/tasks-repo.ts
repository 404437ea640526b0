/**
 * The task record: the single source of truth for a task's status, counters,
 * cursor, control flags and lease. Every write bumps `version`, which travels in
 * snapshots so windows can drop stale ones.
 */
import type {
  BusinessId,
  TaskCounters,
  TaskId,
  TaskKindId,
  TaskSnapshot,
  TaskStatus,
  WaitReason,
} from '../../common/model.ts';
import type { Message } from '../../common/messages.ts';
import { notFound } from '../../common/result.ts';
import { FINISHED_STATUSES } from '../../common/tasks/state.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';
import { storedWords, storedWordsOrNull, wordsToStore } from './words.ts';

export interface TaskRow {
  id: number;
  business_id: number;
  kind: TaskKindId;
  /** A Message as JSON (main/store/words.ts). */
  title: string;
  status: TaskStatus;
  wait_reason: WaitReason | null;
  params: string;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  skipped: number;
  in_doubt: number;
  cursor: number;
  phase: string;
  plan_cursor: number;
  cancel_requested: number;
  pause_requested: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  heartbeat_at: number | null;
  attempts: number;
  crash_count: number;
  next_run_at: number;
  /** A Message as JSON (main/store/words.ts). */
  last_error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  version: number;
  dismissed_at: number | null;
  /** A string position (Gmail page token / history), for kinds whose cursor is not a number. */
  cursor_text: string | null;
}

export function countersOf(row: TaskRow): TaskCounters {
  return {
    total: row.total,
    processed: row.processed,
    succeeded: row.succeeded,
    failed: row.failed,
    cancelled: row.cancelled,
    skipped: row.skipped,
    inDoubt: row.in_doubt,
  };
}

export function toSnapshot(row: TaskRow, rate: number | null = null): TaskSnapshot {
  return {
    id: row.id,
    businessId: row.business_id,
    kind: row.kind,
    title: storedWords(row.title),
    status: row.status,
    waitReason: row.wait_reason,
    lastError: storedWordsOrNull(row.last_error),
    counters: countersOf(row),
    cancelRequested: row.cancel_requested === 1,
    pauseRequested: row.pause_requested === 1,
    attempts: row.attempts,
    crashCount: row.crash_count,
    rate,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function createTask(
  db: Db,
  input: { businessId: BusinessId; kind: TaskKindId; title: Message; params: unknown },
): TaskRow {
  const ts = now();
  const info = stmt(
    db,
    `INSERT INTO tasks (business_id, kind, title, status, params, created_at, updated_at)
     VALUES (?, ?, ?, 'queued', ?, ?, ?)`,
  ).run(input.businessId, input.kind, wordsToStore(input.title), JSON.stringify(input.params), ts, ts);
  return getTask(db, input.businessId, Number(info.lastInsertRowid));
}

/** Business-scoped read: a task of another business is "not found". */
export function findTask(db: Db, businessId: BusinessId, taskId: TaskId): TaskRow | undefined {
  return stmt(db, 'SELECT * FROM tasks WHERE id = ? AND business_id = ?').get(taskId, businessId) as TaskRow | undefined;
}

export function getTask(db: Db, businessId: BusinessId, taskId: TaskId): TaskRow {
  const row = findTask(db, businessId, taskId);
  if (!row) throw notFound(`Task ${taskId}`);
  return row;
}

/** Engine-internal read by id alone (supervisor, worker); never exposed over IPC. */
export function getTaskById(db: Db, taskId: TaskId): TaskRow | undefined {
  return stmt(db, 'SELECT * FROM tasks WHERE id = ?').get(taskId) as TaskRow | undefined;
}

export function listTasks(
  db: Db,
  businessId: BusinessId,
  filter: { kind?: TaskKindId | undefined; status?: TaskStatus | undefined; includeDismissed?: boolean | undefined } = {},
): TaskRow[] {
  const clauses = ['business_id = ?'];
  const args: unknown[] = [businessId];
  if (filter.kind) {
    clauses.push('kind = ?');
    args.push(filter.kind);
  }
  if (filter.status) {
    clauses.push('status = ?');
    args.push(filter.status);
  }
  if (!filter.includeDismissed) clauses.push('dismissed_at IS NULL');
  // Active work first, then history, newest first.
  return db
    .prepare(
      `SELECT * FROM tasks WHERE ${clauses.join(' AND ')}
       ORDER BY CASE WHEN status IN ('completed','cancelled','failed') THEN 1 ELSE 0 END, id DESC`,
    )
    .all(...args) as TaskRow[];
}

/** Tasks of every business in a given status: used by the scheduler only. */
export function tasksInStatuses(db: Db, statuses: readonly TaskStatus[]): TaskRow[] {
  const marks = statuses.map(() => '?').join(',');
  return db.prepare(`SELECT * FROM tasks WHERE status IN (${marks}) ORDER BY id`).all(...statuses) as TaskRow[];
}

/**
 * The earliest unfinished task of `businessId` created before `beforeId` whose kind is one
 * of `kinds` (the ordering rule in main/engine/ordering.ts), or undefined.
 */
export function earliestUnfinishedBefore(db: Db, businessId: BusinessId, beforeId: TaskId, kinds: readonly TaskKindId[]): TaskRow | undefined {
  if (!kinds.length) return undefined;
  const finished = FINISHED_STATUSES.map((s) => `'${s}'`).join(', ');
  return db
    .prepare(
      `SELECT * FROM tasks WHERE business_id = ? AND id < ? AND kind IN (${kinds.map(() => '?').join(', ')})
         AND status NOT IN (${finished}) ORDER BY id LIMIT 1`,
    )
    .get(businessId, beforeId, ...kinds) as TaskRow | undefined;
}

export function parseParams(row: TaskRow): unknown {
  return JSON.parse(row.params) as unknown;
}
