/**
 * The item pump in-process, with a real TaskContext on a real SQLite file and a `perform`
 * of the test's own: what an exception thrown by `perform` does to an item (repeatable
 * kinds are tried again and then fail; a broadcast's item is in doubt), and pair-rate
 * style deferrals (the item goes back to pending with a not-before time and frees its lane).
 */
import { SHIPPED_FACTS } from '../../common/tasks/kinds.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskKind } from '../../common/model.ts';
import { formatMessage, verbatim } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { storedWords } from '../../main/store/words.ts';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { createTask, getTaskById } from '../../main/store/tasks-repo.ts';
import { acquireLease } from '../../main/worker/lease.ts';
import { finishTask } from '../../main/worker/finish.ts';
import { pumpItems, UNEXPECTED_ERROR_TRIES, type ClaimedItem, type ItemOutcome } from '../../main/worker/item-pump.ts';
import { TaskContext } from '../../main/worker/task-context.ts';

let dir: string;
let dbPath: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskdeck-pump-'));
  dbPath = join(dir, 'taskdeck.db');
  db = openDatabase(dbPath, { migrate: true });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A task of `kind` in its send phase with `n` pending items (subject = "item-<seq>"). */
function taskWithItems(kind: TaskKind, n: number): number {
  const business = createBusiness(db, 'Shop', 'IL');
  const task = createTask(db, { businessId: business.id, kind, title: verbatim(kind), params: {} });
  const insert = db.prepare(
    "INSERT INTO task_items (task_id, business_id, seq, subject, dedupe_key, state, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 1)",
  );
  db.transaction(() => {
    for (let seq = 1; seq <= n; seq++) insert.run(task.id, business.id, seq, `item-${seq}`, `item-${seq}`);
    db.prepare("UPDATE tasks SET total = ?, phase = 'send' WHERE id = ?").run(n, task.id);
  })();
  return task.id;
}

let workers = 0;
function contextFor(taskId: number): TaskContext {
  const worker = `w:${process.pid}:pump${++workers}`;
  const lease = acquireLease(db, taskId, worker, 60_000, SHIPPED_FACTS);
  if (!lease.ok) throw new Error(lease.reason);
  return new TaskContext({ db, dbPath, taskId, workerId: worker, leaseMs: 60_000, heartbeatMs: 60_000, post: () => {}, repeatable: SHIPPED_FACTS.find(lease.task.kind)?.sideEffect === 'repeatable' }, lease.task);
}

async function pump(
  taskId: number,
  perform: (item: ClaimedItem, signal: AbortSignal) => Promise<ItemOutcome>,
  concurrency = 4,
): Promise<{ ctx: TaskContext; exit: string }> {
  const ctx = contextFor(taskId);
  await pumpItems(ctx, { window: concurrency + 4, concurrency, ratePerSecond: 100_000, perform, waitForNetwork: async () => {} });
  return { ctx, exit: finishTask(ctx, null) };
}

function expectCountersMatchItems(taskId: number): void {
  const t = getTaskById(db, taskId)!;
  const s = countItemsByState(db, taskId);
  expect(s.claimed).toBe(0);
  expect({ processed: t.processed, succeeded: t.succeeded, failed: t.failed, inDoubt: t.in_doubt, skipped: t.skipped }).toEqual({
    processed: s.done + s.failed + s.in_doubt + s.skipped + s.cancelled,
    succeeded: s.done,
    failed: s.failed,
    inDoubt: s.in_doubt,
    skipped: s.skipped,
  });
}

const itemRows = (taskId: number) =>
  (db.prepare('SELECT seq, state, reason, attempts FROM task_items WHERE task_id = ? ORDER BY seq').all(taskId) as {
    seq: number;
    state: string;
    reason: string | null;
    attempts: number;
  }[]).map((r) => ({ ...r, reason: r.reason === null ? null : formatMessage(storedWords(r.reason)) }));

const itemWords = (taskId: number) =>
  (db.prepare('SELECT reason FROM task_items WHERE task_id = ? ORDER BY seq').all(taskId) as { reason: string | null }[]).map((r) =>
    r.reason === null ? null : storedWords(r.reason),
  );

describe('an exception thrown by perform', () => {
  it.each(['receipts-sync', 'receipts-delete', 'contacts-import'] as const)(
    '%s (repeatable): tried again, then failed with the error as its reason, never in doubt',
    async (kind) => {
      const taskId = taskWithItems(kind, 30);
      const calls = new Map<number, number>();
      // Every third item always throws; every third+1 throws once (a busy database), then works.
      const { exit } = await pump(taskId, async (item) => {
        const n = (calls.get(item.seq) ?? 0) + 1;
        calls.set(item.seq, n);
        if (item.seq % 3 === 0) throw new Error('SqliteError: database is locked');
        if (item.seq % 3 === 1 && n === 1) throw new Error('SqliteError: database is locked');
        return { kind: 'done', result: { providerRef: item.subject } };
      });
      expect(exit).toBe('completed');
      const rows = itemRows(taskId);
      expect(rows.filter((r) => r.state === 'in_doubt')).toEqual([]);
      for (const row of rows) {
        if (row.seq % 3 === 0) {
          expect(row.state).toBe('failed');
          expect(row.reason).toBe(`Failed ${UNEXPECTED_ERROR_TRIES} times with an unexpected error: Error: SqliteError: database is locked`);
          expect(itemWords(taskId)[row.seq - 1]).toMatchObject({ key: 'unexpectedErrorAfterTries' });
          expect(calls.get(row.seq)).toBe(UNEXPECTED_ERROR_TRIES);
        } else {
          expect(row.state).toBe('done');
        }
      }
      expect(calls.get(1)).toBe(2);
      expect(calls.get(2)).toBe(1);
      expectCountersMatchItems(taskId);
      expect(getTaskById(db, taskId)).toMatchObject({ failed: 10, succeeded: 20, in_doubt: 0, processed: 30 });
    },
  );

  it('broadcast (a side effect): in doubt at once, never tried again', async () => {
    const taskId = taskWithItems('broadcast', 12);
    let calls = 0;
    const { exit } = await pump(taskId, async (item) => {
      calls++;
      if (item.seq % 4 === 0) throw new Error('boom');
      return { kind: 'done', result: { providerRef: item.subject } };
    });
    expect(exit).toBe('completed');
    expect(calls).toBe(12);
    const inDoubt = itemRows(taskId).filter((r) => r.state === 'in_doubt');
    expect(inDoubt.map((r) => r.seq)).toEqual([4, 8, 12]);
    expect(inDoubt[0]!.reason).toBe('Unexpected error while sending: Error: boom');
    expectCountersMatchItems(taskId);
  });

  it('a repeatable item stopped while waiting to be tried again goes back to pending untouched', async () => {
    const taskId = taskWithItems('receipts-sync', 1);
    const ctx = contextFor(taskId);
    const pumping = pumpItems(ctx, {
      window: 2,
      concurrency: 1,
      ratePerSecond: 1000,
      perform: async () => {
        setTimeout(() => ctx.requestStop('pause'), 10);
        throw new Error('transient');
      },
      waitForNetwork: async () => {},
    });
    await pumping;
    expect(finishTask(ctx, null)).toBe('paused');
    expect(itemRows(taskId)).toEqual([{ seq: 1, state: 'pending', reason: null, attempts: 0 }]);
    expectCountersMatchItems(taskId);
  });
});

describe('a deferred item (its recipient must wait)', () => {
  const WAIT_REASON = reason('waPairRate');
  const WAIT_TEXT = 'Too many messages to this person in a short time.';

  it('gives its lane back: the others flow meanwhile; it is performed again once, after its time, never twice at once', async () => {
    const taskId = taskWithItems('broadcast', 300);
    const started = Date.now();
    const notBefore = new Map<number, number>();
    const performed = new Map<number, number[]>();
    const inFlight = new Set<number>();
    const overlaps: number[] = [];
    const doneAt: number[] = [];
    const { exit } = await pump(taskId, async (item) => {
      if (inFlight.has(item.id)) overlaps.push(item.id);
      inFlight.add(item.id);
      const at = Date.now();
      performed.set(item.seq, [...(performed.get(item.seq) ?? []), at]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight.delete(item.id);
      // The first six (all four lanes meet them at once) must wait 800 ms, once.
      if (item.seq <= 6 && !notBefore.has(item.seq)) {
        notBefore.set(item.seq, at + 800);
        return { kind: 'deferred', notBefore: at + 800, reason: WAIT_REASON };
      }
      doneAt.push(Date.now());
      return { kind: 'done', result: { providerRef: item.subject } };
    });
    expect(exit).toBe('completed');
    expect(overlaps).toEqual([]);
    for (let seq = 1; seq <= 300; seq++) {
      const calls = performed.get(seq)!;
      if (seq <= 6) {
        expect(calls).toHaveLength(2);
        expect(calls[1]!).toBeGreaterThanOrEqual(notBefore.get(seq)!);
      } else {
        expect(calls).toHaveLength(1);
      }
    }
    const during = doneAt.filter((t) => t >= started + 100 && t < started + 700).length;
    console.log(`[pump] 4 lanes, 6 deferred for 800 ms: ${during} others done in the 600 ms of their wait`);
    // With the lanes held by the waiting items, this would be 0.
    expect(during).toBeGreaterThan(40);
    const rows = itemRows(taskId);
    expect(rows.every((r) => r.state === 'done')).toBe(true);
    // No try burned by the wait.
    expect(rows.slice(0, 6).map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1, 1]);
    expectCountersMatchItems(taskId);
  });

  it('only deferred items left: the task shows waiting (rate limit) with the reason, then goes on and completes', async () => {
    const taskId = taskWithItems('broadcast', 3);
    let deferredOnce = false;
    const seen: { status: string; wait: string | null; error: string | null }[] = [];
    const poll = setInterval(() => {
      const row = getTaskById(db, taskId)!;
      seen.push({ status: row.status, wait: row.wait_reason, error: row.last_error === null ? null : formatMessage(storedWords(row.last_error)) });
    }, 50);
    const { exit } = await pump(taskId, async (item) => {
      if (item.seq === 2 && !deferredOnce) {
        deferredOnce = true;
        return { kind: 'deferred', notBefore: Date.now() + 1500, reason: WAIT_REASON };
      }
      return { kind: 'done', result: { providerRef: item.subject } };
    });
    clearInterval(poll);
    expect(exit).toBe('completed');
    expect(seen).toContainEqual({ status: 'waiting', wait: 'rate_limit', error: WAIT_TEXT });
    expect(itemRows(taskId).map((r) => r.state)).toEqual(['done', 'done', 'done']);
    expectCountersMatchItems(taskId);
  });

  it('paused while it waits: it stays pending with its time (and its reason); the next worker does not take it early', async () => {
    const taskId = taskWithItems('broadcast', 2);
    const first = contextFor(taskId);
    let until = 0;
    const pumping = pumpItems(first, {
      window: 4,
      concurrency: 2,
      ratePerSecond: 1000,
      perform: async (item) => {
        if (item.seq === 1) {
          until = Date.now() + 1200;
          setTimeout(() => first.requestStop('pause'), 200);
          return { kind: 'deferred', notBefore: until, reason: WAIT_REASON };
        }
        return { kind: 'done', result: { providerRef: item.subject } };
      },
      waitForNetwork: async () => {},
    });
    await pumping;
    expect(finishTask(first, null)).toBe('paused');
    const row = db.prepare('SELECT state, not_before, reason, attempts FROM task_items WHERE task_id = ? AND seq = 1').get(taskId);
    expect(row).toEqual({ state: 'pending', not_before: until, reason: JSON.stringify(WAIT_REASON), attempts: 0 });
    expectCountersMatchItems(taskId);

    // A new worker (as after a crash or a resume): the row's time holds the item back.
    let performedAt = 0;
    const { exit } = await pump(taskId, async (item) => {
      performedAt = Date.now();
      return { kind: 'done', result: { providerRef: item.subject } };
    });
    expect(exit).toBe('completed');
    expect(performedAt).toBeGreaterThanOrEqual(until);
    expect(itemRows(taskId).map((r) => [r.state, r.reason])).toEqual([
      ['done', null],
      ['done', null],
    ]);
    expectCountersMatchItems(taskId);
  });
});

describe('a durable cancel read by a flush', () => {
  it('stops the pump and no item is claimed after it (nothing is left claimed to become in doubt)', async () => {
    const taskId = taskWithItems('broadcast', 200);
    const ctx = contextFor(taskId);
    // What the commit that read the flag claimed: a crash right after it would leave those in doubt.
    const claimedByStoppingCommit: number[] = [];
    const commit = ctx.commit.bind(ctx);
    ctx.commit = ((write, deltaOf, extra) => {
      const wasStopping = ctx.stopping;
      const result = commit(write, deltaOf, extra);
      if (!wasStopping && ctx.stopping) claimedByStoppingCommit.push(Array.isArray(result) ? result.length : 0);
      return result;
    }) as TaskContext['commit'];
    let performed = 0;
    const pumping = pumpItems(ctx, {
      window: 8,
      concurrency: 2,
      ratePerSecond: 100_000,
      perform: async () => {
        // The window's cancel writes the durable flag; this worker hears of it only from its next commit.
        if (++performed === 5) db.prepare('UPDATE tasks SET cancel_requested = 1 WHERE id = ?').run(taskId);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { kind: 'done' };
      },
      waitForNetwork: async () => {},
    });
    await pumping;
    expect(ctx.stopping).toBe(true);
    expect(claimedByStoppingCommit).toEqual([0]);
    const claimedAtStop = countItemsByState(db, taskId).claimed;
    expect(finishTask(ctx, null)).toBe('cancelled');
    const states = countItemsByState(db, taskId);
    // Only what was claimed before the flag was read can have been performed.
    expect(performed).toBeLessThanOrEqual(5 + 8);
    expect(claimedAtStop).toBe(0);
    expect(states.in_doubt).toBe(0);
    expect(states.done).toBe(performed);
    expect(states.cancelled).toBe(200 - performed);
    expectCountersMatchItems(taskId);
  });
});
