/**
 * Gmail receipt sync through the engine against the fake Gmail API: OAuth with PKCE
 * over a loopback redirect, 2,000 messages, a worker kill and a network outage in the
 * middle. Each receipt is stored once, each attachment downloaded once and each file
 * kept once; a second sync fetches only new mail; another business gets nothing.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { blobRootFor, BlobStore } from '../../main/receipts/blob-store.ts';
import { FakeGmailApi } from '../fakes/gmail-api-server.ts';
import { connectToFake, gmailServiceFor } from '../helpers/gmail.ts';
import { credentialsOf, englishOf, expectCountersMatchItems, seedBusiness, services, supervisorFor, task, tempEnv, waitFor, waitForStatus, type TestEnv } from '../helpers/engine.ts';

let env: TestEnv;
let api: FakeGmailApi;
const supervisors: Supervisor[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(2000);
  await api?.stop();
  env?.cleanup();
});

function countFiles(root: string): number {
  if (!existsSync(root)) return 0;
  let n = 0;
  for (const shard of readdirSync(root)) if (shard !== 'tmp') n += readdirSync(join(root, shard)).length;
  return n;
}

/** Business A with `contacts` contacts and Gmail connected to the fake, and a running supervisor. */
async function connectedBusiness(contacts: number) {
  const a = seedBusiness(env.db, 'A', contacts);
  const gmail = gmailServiceFor(env, api);
  await connectToFake(gmail, a, api);
  const supervisor = supervisorFor(env, { credentials: credentialsOf({ gmail }) });
  supervisors.push(supervisor);
  supervisor.start();
  return { a, gmail, svc: services(env, supervisor) };
}

describe('receipts sync from Gmail', () => {
  it('2,000 messages with a worker kill and an outage: each receipt and file once; the next sync fetches only new mail', async () => {
    env = tempEnv();
    api = await FakeGmailApi.start();
    api.addMessages(2000, { withAttachments: true, sameAttachmentEvery: 10, attachmentSize: { min: 2000, max: 8000 } });
    const a = seedBusiness(env.db, 'A', 0);
    const b = seedBusiness(env.db, 'B', 0, { phoneBase: 540_000_000 });
    const gmail = gmailServiceFor(env, api);
    const connection = await connectToFake(gmail, a, api);
    expect(connection.incremental).toBe(false);

    const supervisor = supervisorFor(env, { credentials: credentialsOf({ gmail }), leaseMs: 4000 });
    supervisors.push(supervisor);
    supervisor.start();
    const svc = services(env, supervisor);
    const first = svc.start(a, 'receipts-sync', { query: 'has:attachment', ratePerSecond: 400 });

    // Kill the worker mid-fetch, then cut the network for two seconds.
    await waitFor(() => task(env, first.id).phase === 'send' && task(env, first.id).processed > 400, 60_000, '400 fetched');
    const owner = task(env, first.id).lease_owner!;
    process.kill(Number(owner.split(':')[1]), 'SIGKILL');
    await waitFor(() => task(env, first.id).lease_owner !== owner && task(env, first.id).status === 'running', 30_000, 'a new worker');
    await waitFor(() => task(env, first.id).processed > 1200, 60_000, '1200 fetched');
    await api.refuseConnections(2000);
    await waitFor(() => task(env, first.id).wait_reason === 'offline', 20_000, 'waiting (offline)');
    const done = await waitForStatus(env, first.id, ['completed', 'failed'], 120_000);
    expect(done.last_error).toBeNull();
    expect(done.status).toBe('completed');
    expect(done.failed).toBe(0);
    expect(done.in_doubt).toBe(0);
    expectCountersMatchItems(env, first.id);

    const receipts = (env.db.prepare('SELECT count(*) AS n, count(DISTINCT gmail_message_id) AS d FROM receipts WHERE business_id = ?').get(a) as { n: number; d: number });
    expect(receipts).toEqual({ n: 2000, d: 2000 });
    // Each message and attachment fetched once, except the few in flight when the worker was
    // killed (their answers died with it): at most one per lane.
    const again = api.fetchedMoreThanOnce();
    expect(again.attachments.length).toBeLessThanOrEqual(8);
    expect(again.messages.length).toBeLessThanOrEqual(8 + 16);
    for (const key of again.attachments) expect(api.attachmentGets().get(key)).toBe(2);
    // Each file once: shared attachments share one file, and every stored row has its file.
    const shas = env.db.prepare('SELECT DISTINCT sha256 FROM receipt_attachments WHERE business_id = ? AND stored = 1').all(a) as { sha256: string }[];
    expect(env.db.prepare('SELECT count(*) AS n FROM receipt_attachments WHERE business_id = ? AND stored = 0').get(a)).toEqual({ n: 0 });
    const root = blobRootFor(env.dbPath);
    expect(countFiles(root)).toBe(shas.length);
    const blobs = new BlobStore(root);
    for (const { sha256 } of shas) expect(blobs.has(sha256)).toBe(true);
    expect(shas.length).toBeLessThan(2000);
    // Business isolation: nothing for B.
    expect(env.db.prepare('SELECT count(*) AS n FROM receipts WHERE business_id = ?').get(b)).toEqual({ n: 0 });
    expect(gmail.status(a)?.incremental).toBe(true);

    // New mail arrives: the second sync reads history and fetches only the new messages.
    api.resetLog();
    api.addMessages(25, { withAttachments: true });
    const second = svc.start(a, 'receipts-sync', { query: 'has:attachment', ratePerSecond: 400 });
    const secondDone = await waitForStatus(env, second.id, ['completed', 'failed'], 60_000);
    expect(secondDone.status).toBe('completed');
    expect(secondDone.succeeded).toBe(25);
    expect(api.messageGets().size).toBe(25);
    expect(env.db.prepare('SELECT count(*) AS n FROM receipts WHERE business_id = ?').get(a)).toEqual({ n: 2025 });
  }, 240_000);

  it('receipts deleted here are not copied back by a later full sync, unless the owner asks for them again', async () => {
    env = tempEnv();
    api = await FakeGmailApi.start();
    api.addMessages(60, { withAttachments: true });
    const { a, gmail, svc } = await connectedBusiness(0);
    const sync = async (params: Record<string, unknown>) => {
      const started = svc.start(a, 'receipts-sync', { query: 'has:attachment', ratePerSecond: 400, ...params });
      const done = await waitForStatus(env, started.id, ['completed', 'failed'], 60_000);
      expect(done.status).toBe('completed');
      return done;
    };
    await sync({});
    const ten = (env.db.prepare('SELECT id, gmail_message_id AS m FROM receipts WHERE business_id = ? ORDER BY id LIMIT 10').all(a) as { id: number; m: string }[]);
    const deletion = svc.start(a, 'receipts-delete', { ids: ten.map((r) => r.id) });
    expect((await waitForStatus(env, deletion.id, ['completed', 'failed'], 30_000)).status).toBe('completed');
    expect(gmail.status(a)?.deletedHere).toBe(10);

    // Reconnecting starts a new history: the next sync lists everything again.
    gmail.disconnect(a);
    await connectToFake(gmail, a, api);
    api.resetLog();
    const full = await sync({});
    expect(full.total).toBe(60);
    expect(full.succeeded).toBe(0);
    expect(full.skipped).toBe(60);
    const reasons = (env.db.prepare('SELECT reason, count(*) AS n FROM task_items WHERE task_id = ? GROUP BY reason ORDER BY reason').all(full.id) as { reason: string; n: number }[])
      .map((r) => ({ reason: englishOf(r.reason), n: r.n }))
      .sort((x, y) => String(x.reason).localeCompare(String(y.reason)));
    expect(reasons).toEqual([
      { reason: 'Already stored', n: 50 },
      { reason: 'Deleted here before; not copied again', n: 10 },
    ]);
    expect(api.messageGets().size).toBe(0);
    expect(env.db.prepare('SELECT count(*) AS n FROM receipts WHERE business_id = ?').get(a)).toEqual({ n: 50 });

    // Asked for them again: a full listing even though the connection is incremental now.
    expect(gmail.status(a)?.incremental).toBe(true);
    const again = await sync({ reimportDeleted: true });
    expect(again.succeeded).toBe(10);
    expect(new Set(api.messageGets().keys())).toEqual(new Set(ten.map((r) => r.m)));
    expect(env.db.prepare('SELECT count(*) AS n FROM receipts WHERE business_id = ?').get(a)).toEqual({ n: 60 });
    expect(gmail.status(a)?.deletedHere).toBe(0);
  }, 120_000);

  it('a sync beside a busy broadcast in the same database: every receipt stored, none in doubt or failed', async () => {
    env = tempEnv();
    api = await FakeGmailApi.start();
    api.addMessages(400, { withAttachments: true, attachmentSize: { min: 500, max: 2000 } });
    const { a, svc } = await connectedBusiness(40_000);
    // Another worker committing as fast as it can: each of its commits can land between a
    // sync transaction's read and its write.
    const broadcast = svc.start(a, 'broadcast', { template: 'Hi {{name}}', recipients: { type: 'all' }, provider: { type: 'test-mode', options: { latencyMs: 0 } }, rate: 5000, concurrency: 8 });
    await waitFor(() => task(env, broadcast.id).processed > 0, 20_000, 'the broadcast sending');
    const sync = svc.start(a, 'receipts-sync', { query: 'has:attachment', ratePerSecond: 500 });
    const done = await waitForStatus(env, sync.id, ['completed', 'failed'], 120_000);
    // They overlapped: most receipts were stored while the broadcast was still committing.
    const broadcastEnd = task(env, broadcast.id).finished_at ?? Number.MAX_SAFE_INTEGER;
    const storedDuring = env.db.prepare('SELECT count(*) AS n FROM receipts WHERE business_id = ? AND created_at < ?').get(a, broadcastEnd) as { n: number };
    expect(storedDuring.n).toBeGreaterThanOrEqual(200);
    expect({ status: done.status, failed: done.failed, inDoubt: done.in_doubt, succeeded: done.succeeded }).toEqual({
      status: 'completed',
      failed: 0,
      inDoubt: 0,
      succeeded: 400,
    });
    expect(env.db.prepare('SELECT count(*) AS n FROM receipt_attachments WHERE business_id = ? AND stored = 0').get(a)).toEqual({ n: 0 });
  }, 180_000);

  it('cancelled between downloads: no receipt without its files; the saved count is what the Receipts page shows', async () => {
    env = tempEnv();
    api = await FakeGmailApi.start();
    // Two files per message, each answer slow: a cancel lands between a message's downloads.
    api.addMessages(200, { withAttachments: 2, attachmentSize: { min: 500, max: 2000 } });
    api.setLatency({ minMs: 10, maxMs: 30 });
    const { a, svc } = await connectedBusiness(0);
    const sync = svc.start(a, 'receipts-sync', { query: 'has:attachment', ratePerSecond: 200 });
    const receipts = () => (env.db.prepare('SELECT count(*) AS n FROM receipts WHERE business_id = ?').get(a) as { n: number }).n;
    await waitFor(() => receipts() >= 40, 60_000, '40 receipts');
    await svc.cancel(a, sync.id);
    const done = await waitForStatus(env, sync.id, ['cancelled', 'completed', 'failed']);
    expect(done.status).toBe('cancelled');
    expect(env.db.prepare('SELECT count(*) AS n FROM receipt_attachments WHERE business_id = ? AND stored = 0').get(a)).toEqual({ n: 0 });
    expect(receipts()).toBe(done.succeeded);
    expect(receipts()).toBeLessThan(200);
    expectCountersMatchItems(env, sync.id);
  });

  it('refuses to start without a Gmail connection', () => {
    env = tempEnv();
    const a = seedBusiness(env.db, 'A', 0);
    expect(() => services(env).start(a, 'receipts-sync', {})).toThrow(/Connect Gmail/);
  });
});
