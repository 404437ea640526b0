/**
 * Drives a task's items through pending → claimed → outcome, in batches.
 *
 * A sliding window: one transaction records the outcomes finished so far and claims
 * enough items to refill the window, so a claim is durable before its side effect
 * starts and the fsync cost is paid per flush, not per message. Flushes happen every
 * half window or 100 ms. A crash leaves at most one window `claimed`; the next
 * worker turns those into `in_doubt` and never repeats them on its own. The claim query
 * walks the (task, state, seq) index: the pending items in seq order are the cursor.
 */
import { reason } from '../../common/reasons.ts';
import { now } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import type { CounterDelta, TaskContext } from './task-context.ts';
import { TokenBucket } from './token-bucket.ts';

export interface ClaimedItem {
  id: number;
  seq: number;
  phone: string;
  name: string;
  vars: Record<string, string>;
  attempts: number;
}

export type ItemOutcome =
  | { kind: 'done'; providerRef: string }
  /** `optOutPhone`: the recipient asked to stop; the contact is marked opted out in the same commit. */
  | { kind: 'failed'; reason: string; optOutPhone?: string }
  | { kind: 'in_doubt'; reason: string }
  /** Nothing to do for this item after all (e.g. the mail was deleted meanwhile). */
  | { kind: 'skipped'; reason: string }
  /** Back to pending with no attempt burned: stopped before sending, or offline. */
  | { kind: 'released'; offline?: string };

export interface PumpOptions {
  /** Most items claimed and not yet committed at any time (the in-doubt exposure of a crash). */
  window: number;
  concurrency: number;
  ratePerSecond: number;
  perform(item: ClaimedItem, signal: AbortSignal): Promise<ItemOutcome>;
  /** Called after an offline outcome; resolves when the network is back (or on stop). */
  waitForNetwork(reason: string): Promise<void>;
}

interface ClaimRow {
  id: number;
  seq: number;
  phone: string;
  name: string;
  vars: string;
  attempts: number;
}

export async function pumpItems(ctx: TaskContext, options: PumpOptions): Promise<void> {
  const bucket = new TokenBucket(options.ratePerSecond);
  const window = options.window;
  const flushEvery = Math.max(1, Math.floor(window / 2));

  for (;;) {
    const queue: ClaimedItem[] = [];
    const finished = new Map<number, ItemOutcome>();
    const bySeq = new Map<number, number>();
    let inFlight = 0;
    let exhausted = false;
    let offlineReason: string | undefined;
    let lastFlush = performance.now();
    // Zero-latency sends resolve as microtasks, which never let timers run: without a
    // turn of the event loop after each flush, heartbeats and snapshots would starve
    // and the watchdog would kill a perfectly healthy worker.
    let turn: Promise<void> | null = null;
    const yieldTurn = () => {
      turn ??= new Promise<void>((resolve) =>
        setImmediate(() => {
          turn = null;
          resolve();
        }),
      );
    };

    /** Commits finished outcomes and, unless told not to, claims enough to refill the window. */
    const flush = (claimMore: boolean) => {
      const outcomes = new Map(finished);
      finished.clear();
      lastFlush = performance.now();
      const { delta, maxSeq } = tally(outcomes, bySeq);
      const want = claimMore && !ctx.stopping && !offlineReason ? window - queue.length - inFlight : 0;
      const claimed = ctx.commit(
        () => {
          applyOutcomes(ctx, outcomes);
          return want > 0 ? claim(ctx, want) : [];
        },
        delta,
        { cursor: maxSeq },
      );
      for (const id of outcomes.keys()) bySeq.delete(id);
      for (const item of claimed) bySeq.set(item.id, item.seq);
      queue.push(...claimed);
      if (want > 0 && claimed.length < want) exhausted = true;
      yieldTurn();
    };

    const lane = async () => {
      for (;;) {
        if (turn) await turn;
        if (ctx.stopping || offlineReason) return;
        const item = queue.shift();
        if (!item) {
          if (exhausted) return;
          flush(true);
          if (!queue.length) return;
          continue;
        }
        inFlight++;
        let outcome: ItemOutcome;
        if (!(await bucket.take(ctx.signal)) || offlineReason) {
          outcome = { kind: 'released' };
        } else {
          try {
            outcome = await options.perform(item, ctx.signal);
          } catch (error) {
            // A bug must not turn into a resend: we cannot know how far the send got.
            outcome = { kind: 'in_doubt', reason: reason('unexpectedSendError', { error: String(error) }) };
          }
        }
        inFlight--;
        finished.set(item.id, outcome);
        if (outcome.kind === 'released' && outcome.offline) offlineReason = outcome.offline;
        if (finished.size >= flushEvery || performance.now() - lastFlush >= FLUSH_INTERVAL_MS) flush(true);
      }
    };

    flush(true);
    await Promise.all(Array.from({ length: options.concurrency }, lane));
    // Claimed but never started (stop, offline): back to pending, no attempt burned.
    for (const item of queue.splice(0)) finished.set(item.id, { kind: 'released' });
    flush(false);

    if (ctx.stopping) return;
    if (offlineReason) {
      await options.waitForNetwork(offlineReason);
      if (ctx.stopping) return;
      continue;
    }
    if (exhausted) return;
  }
}

/** Outcomes reach the disk at least this often while sends complete. */
const FLUSH_INTERVAL_MS = 100;

function claim(ctx: TaskContext, limit: number): ClaimedItem[] {
  const rows = stmt(
    ctx.db,
    `UPDATE task_items SET state = 'claimed', updated_at = ?
     WHERE id IN (SELECT id FROM task_items WHERE task_id = ? AND business_id = ? AND state = 'pending' ORDER BY seq LIMIT ?)
     RETURNING id, seq, phone, name, vars, attempts`,
  ).all(now(), ctx.taskId, ctx.businessId, limit) as ClaimRow[];
  rows.sort((a, b) => a.seq - b.seq);
  return rows.map((r) => ({ ...r, vars: JSON.parse(r.vars) as Record<string, string> }));
}

function tally(outcomes: ReadonlyMap<number, ItemOutcome>, seqOf: ReadonlyMap<number, number>): { delta: CounterDelta; maxSeq: number } {
  const delta = { processed: 0, succeeded: 0, failed: 0, inDoubt: 0, skipped: 0 };
  let maxSeq = 0;
  for (const [id, outcome] of outcomes) {
    if (outcome.kind === 'released') continue;
    delta.processed++;
    if (outcome.kind === 'done') delta.succeeded++;
    else if (outcome.kind === 'failed') delta.failed++;
    else if (outcome.kind === 'skipped') delta.skipped++;
    else delta.inDoubt++;
    maxSeq = Math.max(maxSeq, seqOf.get(id) ?? 0);
  }
  return { delta, maxSeq };
}

function applyOutcomes(ctx: TaskContext, outcomes: ReadonlyMap<number, ItemOutcome>): void {
  const t = now();
  const finish = stmt(
    ctx.db,
    `UPDATE task_items SET state = ?, reason = ?, provider_ref = ?, attempts = attempts + 1, updated_at = ?
     WHERE id = ? AND task_id = ? AND state = 'claimed'`,
  );
  const release = stmt(ctx.db, "UPDATE task_items SET state = 'pending', updated_at = ? WHERE id = ? AND task_id = ? AND state = 'claimed'");
  const optOut = stmt(ctx.db, 'UPDATE contacts SET opted_out = 1, updated_at = ? WHERE business_id = ? AND phone = ?');
  for (const [id, outcome] of outcomes) {
    switch (outcome.kind) {
      case 'done':
        finish.run('done', null, outcome.providerRef, t, id, ctx.taskId);
        break;
      case 'failed':
        finish.run('failed', outcome.reason, null, t, id, ctx.taskId);
        if (outcome.optOutPhone) optOut.run(t, ctx.businessId, outcome.optOutPhone);
        break;
      case 'in_doubt':
        finish.run('in_doubt', outcome.reason, null, t, id, ctx.taskId);
        break;
      case 'skipped':
        finish.run('skipped', outcome.reason, null, t, id, ctx.taskId);
        break;
      case 'released':
        release.run(t, id, ctx.taskId);
        break;
    }
  }
}
