/**
 * The receipts-delete runner in-process, with a real TaskContext on a real SQLite file
 * and a real file store (no worker process): planning by ids and by filter, isolation,
 * counters, and the orphan sweep after a crash between a commit and its file removal.
 */
import { SHIPPED_FACTS } from '../../common/tasks/kinds.ts';
import { formatMessage, wordsOf, type Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { englishOf, wordsIn } from '../helpers/engine.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ItemState } from '../../common/model.ts';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { countReceipts, upsertAttachment } from '../../main/store/receipts-repo.ts';
import { getTaskById } from '../../main/store/tasks-repo.ts';
import { acquireLease } from '../../main/worker/lease.ts';
import { finishTask } from '../../main/worker/finish.ts';
import { TaskContext } from '../../main/worker/task-context.ts';
import { BlobStore, blobRootFor, sha256Of } from '../../main/receipts/blob-store.ts';
import { receiptsDeleteTitle } from '../../main/tasks/receipts-delete/title.ts';
import { startReceiptsDelete } from '../helpers/seed.ts';
import { seedSampleReceipts } from '../../main/receipts/sample-data.ts';
import { DELETE_BATCH, runReceiptsDelete, SKIP_REASON } from '../../main/tasks/receipts-delete/runner.ts';

let dir: string;
let dbPath: string;
let db: Db;
let blobs: BlobStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskdeck-rdel-'));
  dbPath = join(dir, 'taskdeck.db');
  db = openDatabase(dbPath, { migrate: true });
  blobs = new BlobStore(blobRootFor(dbPath), { durable: false });
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let workers = 0;

function contextFor(taskId: number): TaskContext {
  const worker = `w:1:test${++workers}`;
  const lease = acquireLease(db, taskId, worker, 60_000, SHIPPED_FACTS);
  if (!lease.ok) throw new Error(lease.reason);
  return new TaskContext({ db, dbPath, taskId, workerId: worker, leaseMs: 60_000, heartbeatMs: 60_000, post: () => {}, repeatable: SHIPPED_FACTS.find(lease.task.kind)?.sideEffect === 'repeatable' }, lease.task);
}

/** Runs the task to its end in-process, as a worker would. */
async function run(taskId: number): Promise<string> {
  const ctx = contextFor(taskId);
  let error: Message | null = null;
  try {
    await runReceiptsDelete(ctx);
  } catch (e) {
    error = wordsOf(e);
  }
  return finishTask(ctx, error);
}

function states(taskId: number): Record<ItemState, number> {
  return countItemsByState(db, taskId);
}

function expectCountersMatchItems(taskId: number): void {
  const t = getTaskById(db, taskId)!;
  const s = states(taskId);
  const total = Object.values(s).reduce((a, b) => a + b, 0);
  expect({ total: t.total, processed: t.processed, succeeded: t.succeeded, skipped: t.skipped, cancelled: t.cancelled, failed: t.failed, inDoubt: t.in_doubt }).toEqual({
    total,
    processed: s.done + s.skipped + s.cancelled + s.failed + s.in_doubt,
    succeeded: s.done,
    skipped: s.skipped,
    cancelled: s.cancelled,
    failed: 0,
    inDoubt: 0,
  });
}

const fileIntact = (sha: string) => blobs.has(sha) && sha256Of(readFileSync(blobs.path(sha))) === sha;

describe('runReceiptsDelete', () => {
  it('deletes selected ids of its own business only; unknown and foreign ids are skipped with the reason', async () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const mine = seedSampleReceipts(db, blobs, a, 20);
    const theirs = seedSampleReceipts(db, blobs, b, 5);
    const ids = [mine.ids[0]!, mine.ids[3]!, mine.ids[3]!, theirs.ids[0]!, 999_999];
    const { task, count } = startReceiptsDelete(db, a, { ids });
    expect(count).toBe(2);
    expect(wordsIn(task.title)).toEqual(reason('titleDeleteReceipts', { count: 2 }));
    expect(englishOf(task.title)).toBe('Delete 2 receipts (local copies only; mail in Gmail is kept)');
    expect(await run(task.id)).toBe('completed');
    expect(countReceipts(db, a)).toBe(18);
    expect(countReceipts(db, b)).toBe(5);
    expect(states(task.id)).toMatchObject({ done: 2, skipped: 2 });
    const skipped = db
      .prepare("SELECT json_extract(payload, '$.receiptId') AS contact_id, reason FROM task_items WHERE task_id = ? AND state = 'skipped' ORDER BY contact_id")
      .all(task.id) as { contact_id: number; reason: string | null }[];
    expect(skipped.map((r) => ({ contact_id: r.contact_id, reason: wordsIn(r.reason) }))).toEqual([
      { contact_id: theirs.ids[0], reason: SKIP_REASON.notFound },
      { contact_id: 999_999, reason: SKIP_REASON.notFound },
    ]);
    expect(SKIP_REASON.notFound).toEqual(reason('receiptNotFound'));
    expect(skipped.map((r) => englishOf(r.reason))).toEqual(['No such receipt in this business', 'No such receipt in this business']);
    // Items carry the receipt id and a label the owner recognises.
    const done = db
      .prepare("SELECT json_extract(payload, '$.receiptId') AS contact_id, subject AS name, label AS phone FROM task_items WHERE task_id = ? AND state = 'done' ORDER BY seq")
      .all(task.id);
    expect(done).toEqual([
      { contact_id: mine.ids[0], name: expect.stringMatching(/ — Your receipt #1$/), phone: '' },
      { contact_id: mine.ids[3], name: expect.stringMatching(/ — Your receipt #4$/), phone: '' },
    ]);
    for (const id of [mine.ids[0]!, mine.ids[3]!]) for (const sha of mine.shasOf.get(id)!) expect(blobs.has(sha)).toBe(false);
    for (const id of theirs.ids) for (const sha of theirs.shasOf.get(id)!) expect(fileIntact(sha)).toBe(true);
    expectCountersMatchItems(task.id);
  });

  it('deletes all matching a filter, in batches, keeping shared files other receipts still use', async () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const n = DELETE_BATCH * 2 + 37;
    const mine = seedSampleReceipts(db, blobs, a, n, { vendors: ['Wolt', 'Paz'], shareEvery: 4, sharedContent: 'logo' });
    const theirs = seedSampleReceipts(db, blobs, b, 10, { shareEvery: 1, sharedContent: 'logo', vendors: ['Wolt'] });
    expect(theirs.sharedSha).toBe(mine.sharedSha);
    // Receipt i (1-based) is Wolt when i is even; receivedAt is an hour apart from 2024-01-01.
    const before = new Date(Date.UTC(2024, 0, 1) + 600 * 3_600_000).toISOString();
    const params = { filter: { vendor: 'wolt', before } };
    const { task, count } = startReceiptsDelete(db, a, params);
    expect(count).toBe(300);
    const title = receiptsDeleteTitle(params, count);
    expect(title).toEqual(
      reason('titleDeleteReceiptsWhich', {
        count: 300,
        which: reason('whichBoth', { first: reason('whichFromVendor', { vendor: 'wolt' }), then: reason('whichBefore', { date: before.slice(0, 10) }) }),
      }),
    );
    expect(formatMessage(title)).toBe(`Delete 300 receipts from wolt before ${before.slice(0, 10)} (local copies only; mail in Gmail is kept)`);
    expect(wordsIn(task.title)).toEqual(title);
    expect(await run(task.id)).toBe('completed');
    expect(countReceipts(db, a)).toBe(n - 300);
    expect(countReceipts(db, b)).toBe(10);
    expect(states(task.id)).toMatchObject({ done: 300, pending: 0 });
    expect(fileIntact(mine.sharedSha!)).toBe(true);
    mine.ids.forEach((id, index) => {
      const i = index + 1;
      const deleted = i % 2 === 0 && i <= 600;
      expect(blobs.has(mine.shasOf.get(id)![0]!)).toBe(!deleted);
    });
    expectCountersMatchItems(task.id);
  });

  it('a business with nothing matching completes with zero items', async () => {
    const a = createBusiness(db, 'A').id;
    const { task } = startReceiptsDelete(db, a, { filter: {} });
    expect(await run(task.id)).toBe('completed');
    expect(getTaskById(db, task.id)).toMatchObject({ total: 0, processed: 0, phase: 'delete' });
  });

  it('refuses bad params with a clear error', () => {
    const a = createBusiness(db, 'A').id;
    expect(() => startReceiptsDelete(db, a, { ids: [1], filter: {} })).toThrow(/either "ids" or a "filter"/);
    expect(() => startReceiptsDelete(db, 999, { ids: [1] })).toThrow(/not found/i);
  });

  it('a crash between a commit and its file removal leaves orphans that the next run sweeps', async () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const mine = seedSampleReceipts(db, blobs, a, DELETE_BATCH * 3, { shareEvery: 5, sharedContent: 'terms' });
    const theirs = seedSampleReceipts(db, blobs, b, 3, { shareEvery: 1, sharedContent: 'terms' });
    // One of A's files is also one of B's: it must survive everything.
    upsertAttachment(db, a, mine.ids[0]!, { partId: '9', filename: 'b.pdf', mimeType: 'application/pdf', size: 1, sha256: theirs.shasOf.get(theirs.ids[0]!)![0]! });
    const { task } = startReceiptsDelete(db, a, { filter: {} });

    // The first batch commits, then the process "dies" before its files are removed.
    const remove = vi.spyOn(BlobStore.prototype, 'removeUnreferenced').mockImplementationOnce(() => {
      throw new Error('killed between commit and file removal');
    });
    const ctx = contextFor(task.id);
    await expect(runReceiptsDelete(ctx)).rejects.toThrow(/killed/);
    expect(states(task.id)).toMatchObject({ done: DELETE_BATCH, pending: DELETE_BATCH * 2 });
    const firstBatch = mine.ids.slice(0, DELETE_BATCH);
    const orphans = firstBatch.map((id) => mine.shasOf.get(id)![0]!);
    expect(orphans.every((sha) => blobs.has(sha))).toBe(true);
    remove.mockRestore();

    // The worker is gone: its lease is free; the next run resumes in the delete phase.
    db.prepare("UPDATE tasks SET lease_owner = NULL, lease_expires_at = NULL, status = 'interrupted' WHERE id = ?").run(task.id);
    const sweep = vi.spyOn(BlobStore.prototype, 'removeUnreferenced');
    expect(await run(task.id)).toBe('completed');
    // The sweep ran before any new batch, on exactly the orphaned files of the first batch.
    const firstCall = [...sweep.mock.calls[0]![2]].sort();
    expect(firstCall).toEqual(expect.arrayContaining(orphans.sort()));
    expect(orphans.some((sha) => blobs.has(sha))).toBe(false);
    expect(countReceipts(db, a)).toBe(0);
    for (const id of mine.ids) for (const sha of mine.shasOf.get(id)!) expect(blobs.has(sha), sha).toBe(sha === mine.sharedSha);
    for (const id of theirs.ids) for (const sha of theirs.shasOf.get(id)!) expect(fileIntact(sha)).toBe(true);
    expectCountersMatchItems(task.id);
  });

  it('stops between batches when the durable cancel flag appears; the rest are cancelled and kept', async () => {
    const a = createBusiness(db, 'A').id;
    const mine = seedSampleReceipts(db, blobs, a, DELETE_BATCH * 4);
    const { task } = startReceiptsDelete(db, a, { filter: {} });
    const ctx = contextFor(task.id);
    // After the second batch's files are removed, a CLI sets the durable flag (no message).
    let batches = 0;
    const real = BlobStore.prototype.removeUnreferenced;
    vi.spyOn(BlobStore.prototype, 'removeUnreferenced').mockImplementation(function (this: BlobStore, ...args) {
      if (++batches === 2) db.prepare('UPDATE tasks SET cancel_requested = 1 WHERE id = ?').run(task.id);
      return real.apply(this, args);
    });
    await runReceiptsDelete(ctx);
    expect(finishTask(ctx, null)).toBe('cancelled');
    expect(states(task.id)).toMatchObject({ done: DELETE_BATCH * 2, cancelled: DELETE_BATCH * 2, pending: 0 });
    expect(countReceipts(db, a)).toBe(DELETE_BATCH * 2);
    const kept = db
      .prepare("SELECT json_extract(payload, '$.receiptId') AS id FROM task_items WHERE task_id = ? AND state = 'cancelled'")
      .all(task.id) as { id: number }[];
    for (const { id } of kept) for (const sha of mine.shasOf.get(id)!) expect(fileIntact(sha)).toBe(true);
    expectCountersMatchItems(task.id);
  });
});
