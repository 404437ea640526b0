/**
 * The receipts-delete task: deletes a business's LOCAL receipt copies (rows and their
 * attachment files) in batches. It never touches mail in Gmail: the Gmail connection is
 * read-only (scope gmail.readonly) and this task makes no network call at all.
 *
 * Phase `plan`: the matching receipts are snapshotted into task_items, 2,000 per commit,
 * with the plan cursor (the last receipt id planned), so a crash resumes planning where it
 * was. An item's subject is a label the owner recognises (vendor or sender — subject), its
 * payload the receipt id. Ids that are not this business's
 * receipts become `skipped` items with the reason. Receipts arriving after planning are
 * not deleted.
 *
 * Phase `delete`: batches of 500 pending items in seq order. One fenced commit deletes the
 * batch's receipt rows and attachment rows and marks its items `done` (or `skipped` when the
 * receipt is gone already); each done item's result records the attachment shas its
 * deletion released. After the commit, files no row of any business uses
 * any more are removed. There is no external side effect, so items never pass through
 * `claimed` and never become in-doubt.
 *
 * Crash between a commit and its file removal: the files stay orphaned until the next run
 * of this task, which first sweeps the shas recorded in its done items (existing files
 * only, each checked against every business's rows). Only this task's released shas are
 * looked at, never the whole store: a file written by a running sync whose row is not yet
 * committed must not be mistaken for an orphan.
 *
 * Cancel and pause stop between batches (the signal, or the durable flag read by the
 * commit); the engine's finish turns the remaining pending items into `cancelled`, and
 * their receipts stay intact.
 */
import { reason } from '../../../common/reasons.ts';
import type { ReceiptsDeleteItemPayload, ReceiptsDeleteItemResult } from '../../../common/tasks/receipts-delete/facts.ts';
import { receiptsDeleteParams, type ReceiptsDeleteParams } from '../../../common/tasks/receipts-delete/params.ts';
import { BlobStore, blobRootFor, isSha256 } from '../../receipts/blob-store.ts';
import { deleteReceipts, queryFromFilter, receiptLabelsAfter, receiptLabelsByIds, type ReceiptLabel } from '../../store/receipts-repo.ts';
import { doneResults, insertItems, ItemWriter, pendingItems, type ClaimedItem } from '../../store/items-repo.ts';
import type { TaskContext } from '../../worker/task-context.ts';

export const PLAN_CHUNK = 2000;
export const DELETE_BATCH = 500;
const SWEEP_CHUNK = 2000;

export const SKIP_REASON = {
  notFound: reason('receiptNotFound'),
  gone: reason('receiptAlreadyDeleted'),
} as const;

export async function runReceiptsDelete(ctx: TaskContext): Promise<void> {
  const params = receiptsDeleteParams.parse(JSON.parse(ctx.task.params));
  const blobs = new BlobStore(blobRootFor(ctx.dbPath));
  if (ctx.task.phase === 'plan') {
    await plan(ctx, params);
    if (ctx.stopping) return;
    ctx.commit(() => undefined, {}, { phase: 'delete' });
  } else {
    // A resumed run: finish what a crash between a commit and its file removal left.
    sweepReleased(ctx, blobs);
  }
  await deleteInBatches(ctx, blobs);
}

// ---------------------------------------------------------------------------------------
// Planning

async function plan(ctx: TaskContext, params: ReceiptsDeleteParams): Promise<void> {
  let seq = ctx.task.total + 1;
  let afterId = ctx.task.plan_cursor;
  const ids = 'ids' in params ? [...new Set(params.ids)].sort((a, b) => a - b) : null;
  const query = 'filter' in params ? queryFromFilter(params.filter) : null;
  let position = ids ? firstAbove(ids, afterId) : 0;
  for (;;) {
    if (ctx.stopping) return;
    let wanted: number[] | null = null;
    let found: ReceiptLabel[];
    if (ids) {
      wanted = ids.slice(position, position + PLAN_CHUNK);
      if (!wanted.length) return;
      found = receiptLabelsByIds(ctx.db, ctx.businessId, wanted);
      position += wanted.length;
    } else {
      found = receiptLabelsAfter(ctx.db, ctx.businessId, query!, afterId, PLAN_CHUNK);
      if (!found.length) return;
    }
    const lastId = wanted ? wanted[wanted.length - 1]! : found[found.length - 1]!.id;
    const entries = wanted ? withMissing(wanted, found) : found.map((r) => ({ ...r, missing: false }));
    const skipped = entries.filter((e) => e.missing).length;
    const first = seq;
    ctx.commit(() => insertPlanned(ctx, first, entries), { total: entries.length, skipped, processed: skipped }, { planCursor: lastId });
    seq += entries.length;
    afterId = lastId;
    // Let control messages in between chunks.
    await turn();
  }
}

type PlanEntry = ReceiptLabel & { missing: boolean };

function withMissing(wanted: readonly number[], found: readonly ReceiptLabel[]): PlanEntry[] {
  const byId = new Map(found.map((r) => [r.id, r]));
  return wanted.map((id) => {
    const hit = byId.get(id);
    return hit ? { ...hit, missing: false } : { id, label: `Receipt ${id}`, missing: true };
  });
}

function insertPlanned(ctx: TaskContext, firstSeq: number, entries: readonly PlanEntry[]): void {
  const items = entries.map((e, i) => ({
    seq: firstSeq + i,
    subject: e.label,
    payload: { receiptId: e.id } satisfies ReceiptsDeleteItemPayload,
    skip: e.missing ? SKIP_REASON.notFound : null,
  }));
  insertItems(ctx.db, ctx.taskId, ctx.businessId, items, { duplicate: 'drop' });
}

/** Index of the first id greater than `afterId` in a sorted list. */
function firstAbove(sorted: readonly number[], afterId: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= afterId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------
// Deleting

interface BatchResult {
  done: number;
  skipped: number;
  shas: Set<string>;
}

/**
 * Share of the time spent holding the write lock that the worker then leaves it free.
 * Without a pause the worker would hold the lock ~99% of the time (it is pure database
 * work), and every other writer — main's control writes, the supervisor, other tasks'
 * workers — would starve in SQLite's busy handler, whose retries back off to 100 ms.
 */
const BREATHER_SHARE = 0.2;
const BREATHER_MAX_MS = 20;

async function deleteInBatches(ctx: TaskContext, blobs: BlobStore): Promise<void> {
  const stuck = new Set<string>();
  for (;;) {
    if (ctx.stopping) return;
    const began = performance.now();
    // Only this worker (holding the lease) changes this task's pending items, so the batch
    // read outside the transaction is still the batch inside it.
    const batch = pendingItems(ctx.db, ctx.taskId, ctx.businessId, DELETE_BATCH);
    if (!batch.length) break;
    const result = ctx.commit(
      (): BatchResult | null => {
        // The commit read a durable cancel or pause: stop between batches, delete nothing more.
        if (ctx.stopping) return null;
        return deleteBatch(ctx, batch);
      },
      (r) => (r ? { processed: r.done + r.skipped, succeeded: r.done, skipped: r.skipped } : {}),
      { cursor: batch[batch.length - 1]!.seq },
    );
    if (!result) return;
    // Committed: the rows are gone for good, so their files may go (unless another row uses them).
    for (const failure of blobs.removeUnreferenced(ctx.db, ctx.businessId, result.shas).failed) stuck.add(failure.sha);
    // Let control messages in, and other writers get the lock.
    await breather(Math.min(BREATHER_MAX_MS, (performance.now() - began) * BREATHER_SHARE));
  }
  // Files the OS refused to unlink (open in a viewer on Windows): one more try at the end.
  // What still fails stays as an orphan; a later run of this task would sweep it again.
  if (stuck.size) blobs.removeUnreferenced(ctx.db, ctx.businessId, stuck);
}

function deleteBatch(ctx: TaskContext, batch: readonly ClaimedItem[]): BatchResult {
  const receiptOf = (item: ClaimedItem) => (item.payload as ReceiptsDeleteItemPayload).receiptId;
  const deleted = deleteReceipts(ctx.db, ctx.businessId, batch.map(receiptOf));
  // No claims: the work is done in place, in this transaction, so items go straight from pending.
  const items = new ItemWriter(ctx.db, ctx.taskId, 'pending');
  const result: BatchResult = { done: 0, skipped: 0, shas: new Set() };
  for (const item of batch) {
    const shas = deleted.get(receiptOf(item));
    if (shas) {
      if (items.end(item.id, 'done', null, { releasedShas: shas } satisfies ReceiptsDeleteItemResult)) result.done++;
      for (const sha of shas) result.shas.add(sha);
    } else if (items.end(item.id, 'skipped', SKIP_REASON.gone)) {
      // Deleted by someone else meanwhile (another delete task): nothing to do, and it says so.
      result.skipped++;
    }
  }
  return result;
}

/**
 * Removes the files this task's committed deletions released that still exist and that no
 * row (of any business) uses. Reads only this task's done items; most files are gone
 * already, so it costs about one stat per released sha.
 */
function sweepReleased(ctx: TaskContext, blobs: BlobStore): number {
  let afterSeq = 0;
  let removed = 0;
  for (;;) {
    const rows = doneResults(ctx.db, ctx.taskId, ctx.businessId, afterSeq, SWEEP_CHUNK);
    if (!rows.length) return removed;
    afterSeq = rows[rows.length - 1]!.seq;
    const present = new Set<string>();
    for (const row of rows) {
      for (const sha of (row.result as ReceiptsDeleteItemResult).releasedShas ?? []) {
        if (isSha256(sha) && blobs.has(sha)) present.add(sha);
      }
    }
    if (present.size) removed += blobs.removeUnreferenced(ctx.db, ctx.businessId, present).removed;
  }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function breather(ms: number): Promise<void> {
  return ms < 1 ? turn() : new Promise((resolve) => setTimeout(resolve, ms));
}
