/**
 * receipts-delete end to end under Node: the real Supervisor, real child-process workers,
 * real SQLite file and real attachment files. Each test can fail: it hashes every file
 * that must survive and looks for every file that must be gone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { countReceipts, upsertAttachment } from '../../main/store/receipts-repo.ts';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { BlobStore, blobRootFor, sha256Of } from '../../main/receipts/blob-store.ts';
import { startReceiptsDelete } from '../helpers/seed.ts';
import { seedSampleReceipts } from '../../main/receipts/sample-data.ts';
import { supervisorFor, task, tempEnv, waitFor, waitForStatus, type TestEnv } from '../helpers/engine.ts';

let env: TestEnv;
const supervisors: Supervisor[] = [];

function start(options: Parameters<typeof supervisorFor>[1] = {}): Supervisor {
  const supervisor = supervisorFor(env, options);
  supervisors.push(supervisor);
  supervisor.start();
  return supervisor;
}

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(1000);
  env?.cleanup();
});

const bytes = (text: string) => new TextEncoder().encode(text);

/** Receipt id → the shas its attachment rows use, for one business. */
function shasByReceipt(db: Db, businessId: number): Map<number, string[]> {
  const rows = db
    .prepare('SELECT receipt_id, sha256 FROM receipt_attachments WHERE business_id = ? AND sha256 IS NOT NULL ORDER BY id')
    .all(businessId) as { receipt_id: number; sha256: string }[];
  const map = new Map<number, string[]>();
  for (const r of rows) map.set(r.receipt_id, [...(map.get(r.receipt_id) ?? []), r.sha256]);
  return map;
}

function referencedShas(db: Db): Set<string> {
  return new Set((db.prepare('SELECT DISTINCT sha256 FROM receipt_attachments WHERE sha256 IS NOT NULL').all() as { sha256: string }[]).map((r) => r.sha256));
}

/** BEGIN IMMEDIATE, retried at once instead of after SQLite's busy-handler sleeps. */
function lockNow(db: Db): void {
  const deadline = performance.now() + 10_000;
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if (!String(error).includes('database is locked') || performance.now() > deadline) throw error;
    }
  }
}

function intact(blobs: BlobStore, sha: string): boolean {
  try {
    return sha256Of(readFileSync(blobs.path(sha))) === sha;
  } catch {
    return false;
  }
}

/** Every content file in the store (not temp files). */
function storedFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name))
    .flatMap((d) => readdirSync(join(root, d.name)));
}

function itemIds(taskId: number, state: string): number[] {
  return (
    env.db
      .prepare("SELECT json_extract(payload, '$.receiptId') AS receiptId FROM task_items WHERE task_id = ? AND state = ? ORDER BY receiptId")
      .all(taskId, state) as { receiptId: number }[]
  ).map(
    (r) => r.receiptId,
  );
}

function expectCountersMatchItems(taskId: number): void {
  const t = task(env, taskId);
  const s = countItemsByState(env.db, taskId);
  expect({ total: t.total, processed: t.processed, succeeded: t.succeeded, skipped: t.skipped, cancelled: t.cancelled, failed: t.failed, inDoubt: t.in_doubt }).toEqual({
    total: Object.values(s).reduce((x, y) => x + y, 0),
    processed: s.done + s.skipped + s.cancelled + s.failed + s.in_doubt,
    succeeded: s.done,
    skipped: s.skipped,
    cancelled: s.cancelled,
    failed: s.failed,
    inDoubt: s.in_doubt,
  });
  expect(s.pending + s.claimed).toBe(0);
}

interface World {
  a: number;
  b: number;
  blobs: BlobStore;
  aIds: number[];
  aShas: Map<number, string[]>;
  bShas: Map<number, string[]>;
  early: string;
  logo: string;
  terms: string;
}

/**
 * Business A: `n` receipts, each with its own file; every 10th also has A's terms sheet;
 * the first 200 share an "early" file nobody else has; the first 50 also carry the logo
 * file that business B uses too. Business B: 500 receipts, every 3rd with the logo.
 */
function seedWorld(n: number): World {
  const blobs = new BlobStore(blobRootFor(env.dbPath), { durable: false });
  const a = createBusiness(env.db, 'A').id;
  const b = createBusiness(env.db, 'B').id;
  const mine = seedSampleReceipts(env.db, blobs, a, n, { shareEvery: 10, sharedContent: 'A terms' });
  const theirs = seedSampleReceipts(env.db, blobs, b, 500, { shareEvery: 3, sharedContent: 'Common logo' });
  const early = blobs.put(bytes('early only'));
  env.db.transaction(() => {
    mine.ids.slice(0, 200).forEach((id, i) => {
      upsertAttachment(env.db, a, id, { partId: 'early', filename: 'early.pdf', mimeType: 'application/pdf', size: 10, sha256: early });
      if (i < 50) upsertAttachment(env.db, a, id, { partId: 'logo', filename: 'logo.png', mimeType: 'image/png', size: 11, sha256: theirs.sharedSha! });
    });
  })();
  return {
    a,
    b,
    blobs,
    aIds: mine.ids,
    aShas: shasByReceipt(env.db, a),
    bShas: shasByReceipt(env.db, b),
    early,
    logo: theirs.sharedSha!,
    terms: mine.sharedSha!,
  };
}

/** Files must be gone exactly when no row of any business uses them any more; the rest intact. */
function expectFiles(world: World, deletedIds: readonly number[]): void {
  const referenced = referencedShas(env.db);
  let gone = 0;
  for (const id of deletedIds) {
    for (const sha of world.aShas.get(id)!) {
      if (referenced.has(sha)) expect(intact(world.blobs, sha), `shared ${sha} kept`).toBe(true);
      else {
        expect(world.blobs.has(sha), `${sha} of deleted receipt ${id} removed`).toBe(false);
        gone++;
      }
    }
  }
  expect(gone).toBeGreaterThan(0);
  for (const sha of referenced) expect(intact(world.blobs, sha), `referenced ${sha} intact`).toBe(true);
  // Nothing orphaned: every file in the store is used by some row.
  const orphans = storedFiles(world.blobs.root).filter((sha) => !referenced.has(sha));
  expect(orphans).toEqual([]);
}

function expectBusinessBUntouched(world: World): void {
  expect(countReceipts(env.db, world.b)).toBe(500);
  expect(shasByReceipt(env.db, world.b)).toEqual(world.bShas);
  for (const shas of world.bShas.values()) for (const sha of shas) expect(intact(world.blobs, sha)).toBe(true);
}

describe('receipts-delete task', () => {
  it('10,000 receipts cancelled halfway: deleted + remaining = original, files right, B untouched', async () => {
    env = tempEnv();
    const world = seedWorld(10_000);
    const supervisor = start();
    const { task: created, count } = startReceiptsDelete(env.db, world.a, { filter: {} });
    expect(count).toBe(10_000);
    supervisor.wake();

    // Check progress and set the durable cancel flag in one write transaction (as the CLI
    // does), on a connection that spins for the lock instead of sleeping in SQLite's busy
    // handler: the worker cannot commit in between, so the cancel lands mid-way however
    // fast the machine is. Then the fast path too: the message to the worker.
    const probe = openDatabase(env.dbPath);
    probe.pragma('busy_timeout = 0');
    let seen = 0;
    try {
      await waitFor(
        () => {
          lockNow(probe);
          try {
            const row = probe.prepare('SELECT status, succeeded FROM tasks WHERE id = ?').get(created.id) as { status: string; succeeded: number };
            if (['completed', 'failed', 'cancelled'].includes(row.status)) throw new Error(`finished before the cancel: ${row.status}`);
            if (row.succeeded >= 4000) {
              seen = row.succeeded;
              probe.prepare('UPDATE tasks SET cancel_requested = 1, version = version + 1 WHERE id = ?').run(created.id);
            }
          } finally {
            probe.exec('COMMIT');
          }
          return seen > 0;
        },
        60_000,
        'the delete to be under way',
      );
    } finally {
      probe.close();
    }
    await supervisor.control(created.id, 'cancel');
    const done = await waitForStatus(env, created.id, ['cancelled', 'completed', 'failed']);
    expect(done.status).toBe('cancelled');

    const deleted = itemIds(created.id, 'done');
    const kept = itemIds(created.id, 'cancelled');
    const remaining = (env.db.prepare('SELECT id FROM receipts WHERE business_id = ? ORDER BY id').all(world.a) as { id: number }[]).map((r) => r.id);
    // Stopped at the next batch boundary: the worker's next commit read the flag first.
    expect(deleted.length).toBe(seen);
    expect(remaining.length).toBeGreaterThan(0);
    expect(deleted.length + remaining.length).toBe(10_000);
    expect(kept).toEqual(remaining);
    expect([...deleted, ...kept].sort((x, y) => x - y)).toEqual([...world.aIds].sort((x, y) => x - y));
    expect(countReceipts(env.db, world.a)).toBe(remaining.length);
    // Remaining receipts keep all their attachment rows.
    const after = shasByReceipt(env.db, world.a);
    for (const id of remaining) expect(after.get(id)).toEqual(world.aShas.get(id));

    expectFiles(world, deleted);
    expect(world.blobs.has(world.early)).toBe(false); // only the first 200 used it, all deleted
    expect(intact(world.blobs, world.logo)).toBe(true); // business B still uses it
    expect(intact(world.blobs, world.terms)).toBe(true); // remaining A receipts still use it
    expectBusinessBUntouched(world);
    expectCountersMatchItems(created.id);
    expect(done.cancelled).toBe(remaining.length);
    expect(done.succeeded).toBe(deleted.length);
  });

  it('worker SIGKILLed twice mid-delete: resumes, finishes, no orphan file, B untouched', async () => {
    env = tempEnv();
    const world = seedWorld(6000);
    const supervisor = start();
    const { task: created } = startReceiptsDelete(env.db, world.a, { filter: { before: new Date(Date.UTC(2024, 0, 1) + 5000 * 3_600_000).toISOString() } });
    supervisor.wake();
    for (const target of [1500, 3000]) {
      const row = await waitFor(() => {
        const r = task(env, created.id);
        return r.succeeded >= target && r.lease_owner ? r : undefined;
      }, 60_000, `${target} deleted`);
      process.kill(Number(row.lease_owner!.split(':')[1]), 'SIGKILL');
    }
    const done = await waitForStatus(env, created.id, ['completed', 'failed', 'cancelled'], 90_000);
    expect(done.status).toBe('completed');
    expect(done.crash_count).toBe(0);
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    const deleted = itemIds(created.id, 'done');
    expect(deleted).toEqual(world.aIds.slice(0, 5000).sort((x, y) => x - y));
    expect(countReceipts(env.db, world.a)).toBe(1000);
    expectFiles(world, deleted);
    expectBusinessBUntouched(world);
    expectCountersMatchItems(created.id);
  });
});
