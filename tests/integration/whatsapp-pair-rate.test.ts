/**
 * WhatsApp's per-pair rate (131056) through the engine, against the local fake Graph API:
 * a recipient that must wait gives its lane back and is requeued with a not-before time,
 * so with 4 lanes and several such recipients the others keep flowing at the full rate;
 * the waiting ones go out once, after their time, also across a SIGKILL of the worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import type { AccountService } from '../../main/services/account-service.ts';
import { FakeGraphApi, GRAPH_ERRORS } from '../fakes/graph-api-server.ts';
import { credentialsOf, accountsFor, expectCountersMatchItems, itemsInState, seedBusiness, services, supervisorFor, task, tempEnv, waitFor, waitForStatus, type TestEnv } from '../helpers/engine.ts';

let env: TestEnv;
let api: FakeGraphApi;
const supervisors: Supervisor[] = [];

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(2000);
  await api?.stop();
  env?.cleanup();
});

const TOKEN = 'EAAGpairRateTokenThatMustNeverLeak01234';
const RATE = 16;
const phoneOf = (i: number) => `+972${500_000_000 + i}`;
const digits = (phone: string) => phone.replace(/\D/g, '');

function startSupervisor(accounts: AccountService): Supervisor {
  const supervisor = supervisorFor(env, { credentials: credentialsOf({ accounts }), leaseMs: 5000 });
  supervisors.push(supervisor);
  supervisor.start();
  return supervisor;
}

/** N recipients, the first `limited` of them hit the pair rate once; 4 lanes at RATE/s. */
async function startBroadcast(n: number, limited: number) {
  env = tempEnv();
  api = await FakeGraphApi.start({ token: TOKEN });
  const businessId = seedBusiness(env.db, 'Shop', n);
  const accounts = accountsFor(env);
  const account = await accounts.add(businessId, { label: 'n', phoneNumberId: api.phoneNumberId, wabaId: api.wabaId, token: TOKEN, baseUrl: api.baseUrl, ratePerSecond: RATE });
  for (let i = 1; i <= limited; i++) api.failRecipient(digits(phoneOf(i)), GRAPH_ERRORS.pairRate, 1);
  api.setLatency({ minMs: 20, maxMs: 40 });
  const supervisor = startSupervisor(accounts);
  const t = services(env, supervisor).start(businessId, 'broadcast', {
    recipients: { type: 'all' },
    provider: { type: 'whatsapp', accountId: account.id, template: { name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { text: 'today' }] } },
    rate: RATE,
    concurrency: 4,
    });
  return { taskId: t.id };
}

/** When the fake answered 131056 to `phone` (the first time). */
function pairRateAt(phone: string): number {
  const hit = api.requests.find((r) => r.code === 131056 && r.to === digits(phone));
  if (!hit) throw new Error(`no pair-rate answer for ${phone}`);
  return hit.at;
}

describe('WhatsApp pair rate', () => {
  it('4 lanes, 6 recipients held by the pair rate: the others keep flowing at full rate; each held one goes once, after its time', async () => {
    const N = 160;
    const LIMITED = 6;
    const { taskId } = await startBroadcast(N, LIMITED);

    // The held recipients are the first ones: all 4 lanes meet them at the start.
    await waitFor(() => api.requests.filter((r) => r.code === 131056).length >= LIMITED, 30_000, 'pair-rate answers');
    const firstHit = Math.min(...Array.from({ length: LIMITED }, (_, i) => pairRateAt(phoneOf(i + 1))));
    // The deferred items wait in the database, not in a lane.
    const deferred = env.db
      .prepare("SELECT count(*) AS n FROM task_items WHERE task_id = ? AND state = 'pending' AND not_before > ?")
      .get(taskId, Date.now()) as { n: number };
    expect(deferred.n).toBeGreaterThan(0);

    // During the 6 s wait (measured from 0.5 s to 5.5 s after the first 131056), count the others' sends.
    await waitFor(() => Date.now() > firstHit + 5600, 30_000, 'the wait to pass');
    const from = firstHit + 500;
    const to = firstHit + 5500;
    const during = api.accepted.filter((m) => m.at >= from && m.at < to).length;
    const perSecond = during / ((to - from) / 1000);
    console.log(`[pair-rate] sends while ${LIMITED} recipients waited: ${during} in ${(to - from) / 1000} s = ${perSecond.toFixed(1)}/s (rate ${RATE}/s, 4 lanes)`);
    // Before requeueing, the 4 lanes slept 6 s each on the held recipients: 0 sends here.
    expect(perSecond).toBeGreaterThan(RATE * 0.7);

    const done = await waitForStatus(env, taskId, ['completed', 'failed'], 120_000);
    expect(done.status).toBe('completed');
    expect(done.succeeded).toBe(N);
    expect(api.duplicates()).toEqual([]);
    for (let i = 1; i <= N; i++) expect(api.sentTo(phoneOf(i)).length, `recipient ${i}`).toBe(1);
    // Each held recipient went out only after its pair-rate time (6 s).
    for (let i = 1; i <= LIMITED; i++) {
      const sent = api.sentTo(phoneOf(i))[0]!;
      expect(sent.at - pairRateAt(phoneOf(i))).toBeGreaterThanOrEqual(5900);
    }
    expectCountersMatchItems(env, taskId);
  }, 120_000);

  it('a SIGKILL while recipients wait: they are neither lost, nor in doubt, nor sent early', async () => {
    const N = 120;
    const LIMITED = 5;
    const { taskId } = await startBroadcast(N, LIMITED);
    await waitFor(() => {
      const n = env.db.prepare("SELECT count(*) AS n FROM task_items WHERE task_id = ? AND state = 'pending' AND not_before IS NOT NULL").get(taskId) as { n: number };
      return n.n === LIMITED;
    }, 30_000, 'the held recipients requeued');
    const owner = task(env, taskId).lease_owner!;
    process.kill(Number(owner.split(':')[1]), 'SIGKILL');
    await waitFor(() => {
      const o = task(env, taskId).lease_owner;
      return o !== null && o !== owner;
    }, 30_000, 'a new worker');

    const done = await waitForStatus(env, taskId, ['completed', 'failed'], 120_000);
    expect(done.status).toBe('completed');
    expect(api.duplicates()).toEqual([]);
    const held = env.db
      .prepare('SELECT subject AS phone, state FROM task_items WHERE task_id = ? AND seq <= ? ORDER BY seq')
      .all(taskId, LIMITED) as { phone: string; state: string }[];
    expect(held.map((r) => r.state)).toEqual(Array(LIMITED).fill('done'));
    for (const { phone } of held) {
      expect(api.sentTo(phone).length).toBe(1);
      // The new worker's rate controller knew nothing of them: the time in the row held them back.
      expect(api.sentTo(phone)[0]!.at - pairRateAt(phone)).toBeGreaterThanOrEqual(5900);
    }
    // What the kill left claimed is in doubt (never resent on its own); everything else went once.
    const inDoubt = new Set(itemsInState(env, taskId, 'in_doubt'));
    const phones = env.db.prepare('SELECT id, subject AS phone FROM task_items WHERE task_id = ?').all(taskId) as { id: number; phone: string }[];
    for (const { id, phone } of phones) expect(api.sentTo(phone).length, phone).toBe(inDoubt.has(id) ? api.sentTo(phone).length : 1);
    expect(done.succeeded + done.in_doubt).toBe(N);
    expectCountersMatchItems(env, taskId);
  }, 120_000);
});
