/**
 * Drives a task's items through pending → claimed → outcome, in batches.
 *
 * A sliding window: one transaction records the outcomes finished so far and claims
 * enough items to refill the window, so a claim is durable before its side effect
 * starts and the fsync cost is paid per flush, not per message. Flushes happen every
 * half window or 100 ms. A crash leaves at most one window `claimed`; the next
 * worker turns those into `in_doubt` and never repeats them on its own. The claim query
 * walks the (task, state, seq) index: the pending items in seq order are the cursor.
 *
 * A deferred item (its recipient must wait) goes back to pending with a not-before time,
 * durably, and frees its lane; claims skip it until its time. When only deferred items
 * are left, the pump waits for the earliest of them (showing `waiting (rate limit)` if
 * that is longer than a moment) and goes on.
 */
import type { Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { now } from '../store/db.ts';
import { claimPending, ItemWriter, nextPending, type ClaimedItem, type JsonObject } from '../store/items-repo.ts';
import { abortableSleep } from './abortable-sleep.ts';
import type { CounterDelta, TaskContext } from './task-context.ts';
import { TokenBucket } from './token-bucket.ts';

export type { ClaimedItem } from '../store/items-repo.ts';

export type ItemOutcome =
  /** Done; `result` is what the kind records for it (its facts' `item.result`). */
  | { kind: 'done'; result?: JsonObject }
  /**
   * Failed for good. `alsoInCommit` runs inside the transaction that records it (a
   * broadcast marks an opted-out contact), so both happen or neither.
   */
  | { kind: 'failed'; reason: Message; alsoInCommit?: () => void }
  | { kind: 'in_doubt'; reason: Message }
  /** Nothing to do for this item after all (e.g. the mail was deleted meanwhile). */
  | { kind: 'skipped'; reason: Message }
  /** Back to pending with no attempt burned: stopped before sending, or offline. */
  | { kind: 'released'; offline?: Message }
  /**
   * Not now (e.g. WhatsApp's per-pair rate for this recipient): back to pending with no
   * attempt burned, not claimed again before `notBefore` (epoch ms). The lane is free
   * meanwhile; `reason` stays on the pending item, so the window can say why it waits.
   */
  | { kind: 'deferred'; notBefore: number; reason: Message };

export interface PumpOptions {
  /** Most items claimed and not yet committed at any time (the in-doubt exposure of a crash). */
  window: number;
  concurrency: number;
  ratePerSecond: number;
  perform(item: ClaimedItem, signal: AbortSignal): Promise<ItemOutcome>;
  /** Called after an offline outcome; resolves when the network is back (or on stop). */
  waitForNetwork(reason: Message): Promise<void>;
}

export async function pumpItems(ctx: TaskContext, options: PumpOptions): Promise<void> {
  const bucket = new TokenBucket(options.ratePerSecond);
  const window = options.window;
  const flushEvery = Math.max(1, Math.floor(window / 2));
  const repeatable = ctx.repeatable;

  for (;;) {
    const queue: ClaimedItem[] = [];
    const finished = new Map<number, ItemOutcome>();
    const bySeq = new Map<number, number>();
    let inFlight = 0;
    let exhausted = false;
    let offlineReason: Message | undefined;
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
          // The commit read the durable flags first: after a cancel or pause it set `stopping`,
          // and an item claimed now would be an item in doubt after a crash, for nothing.
          return want > 0 && !ctx.stopping ? claimPending(ctx.db, ctx.taskId, ctx.businessId, want) : [];
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
          outcome = await performGuarded(ctx, options, item, repeatable);
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
    if (exhausted) {
      // Nothing claimable now; items that must wait may still be pending.
      const next = nextDeferred(ctx);
      if (!next) return;
      if (!(await waitForDeferred(ctx, next))) return;
    }
  }
}

/** Shorter waits than this for deferred items do not change the task's status. */
const DEFERRED_WAIT_SHOWN_MS = 1000;

interface NextPending {
  /** Epoch ms; null: claimable now. */
  notBefore: number | null;
  reason: Message | null;
}

/** The pending item that may be claimed first (its time, and why it waits), if any is left. */
function nextDeferred(ctx: TaskContext): NextPending | undefined {
  return nextPending(ctx.db, ctx.taskId, ctx.businessId);
}

/** Sleeps until `next.notBefore` (the heartbeat keeps the lease); false when stopping. */
async function waitForDeferred(ctx: TaskContext, next: NextPending): Promise<boolean> {
  const ms = (next.notBefore ?? 0) - now();
  if (ms <= 0) return !ctx.stopping;
  const shown = ms >= DEFERRED_WAIT_SHOWN_MS && next.reason !== null;
  if (shown) ctx.setWaiting('rate_limit', next.reason!);
  const slept = await abortableSleep(ms, ctx.signal);
  if (shown && !ctx.stopping) ctx.setRunning();
  return slept && !ctx.stopping;
}

/** Tries of a repeatable item whose `perform` throws, before it fails with the error. */
export const UNEXPECTED_ERROR_TRIES = 3;
const UNEXPECTED_ERROR_BACKOFF_MS = 100;

/**
 * Runs `perform`, catching what it throws. For a side effect (a message), an exception
 * leaves us unable to know how far the send got: the item is in doubt, never resent on
 * its own ("a bug must not turn into a resend"). For a repeatable kind (facts: sideEffect 'repeatable':
 * reading mail, local rows) nothing left this machine, so "in doubt" would be wrong: the
 * item is tried again a few times (a transient error such as a busy database passes),
 * then fails with the error as its reason.
 */
async function performGuarded(ctx: TaskContext, options: PumpOptions, item: ClaimedItem, repeatable: boolean): Promise<ItemOutcome> {
  for (let tries = 1; ; tries++) {
    try {
      return await options.perform(item, ctx.signal);
    } catch (error) {
      if (!repeatable) return { kind: 'in_doubt', reason: reason('unexpectedSendError', { error: String(error) }) };
      // Thrown while stopping (an aborted request, a lost lease): redone by whoever runs it next.
      if (ctx.stopping) return { kind: 'released' };
      if (tries >= UNEXPECTED_ERROR_TRIES) {
        return { kind: 'failed', reason: reason('unexpectedErrorAfterTries', { count: tries, error: String(error) }) };
      }
      // Stopped while waiting to try again: nothing was done, back to pending.
      if (!(await abortableSleep(UNEXPECTED_ERROR_BACKOFF_MS * 2 ** (tries - 1), ctx.signal))) return { kind: 'released' };
    }
  }
}

/** Outcomes reach the disk at least this often while sends complete. */
const FLUSH_INTERVAL_MS = 100;

function tally(outcomes: ReadonlyMap<number, ItemOutcome>, seqOf: ReadonlyMap<number, number>): { delta: CounterDelta; maxSeq: number } {
  const delta = { processed: 0, succeeded: 0, failed: 0, inDoubt: 0, skipped: 0 };
  let maxSeq = 0;
  for (const [id, outcome] of outcomes) {
    if (outcome.kind === 'released' || outcome.kind === 'deferred') continue;
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
  const items = new ItemWriter(ctx.db, ctx.taskId);
  for (const [id, outcome] of outcomes) {
    switch (outcome.kind) {
      case 'done':
        items.end(id, 'done', null, outcome.result ?? null);
        break;
      case 'failed':
        items.end(id, 'failed', outcome.reason);
        outcome.alsoInCommit?.();
        break;
      case 'in_doubt':
        items.end(id, 'in_doubt', outcome.reason);
        break;
      case 'skipped':
        items.end(id, 'skipped', outcome.reason);
        break;
      case 'released':
        items.releaseClaim(id);
        break;
      case 'deferred':
        items.deferClaim(id, outcome.notBefore, outcome.reason);
        break;
    }
  }
}
