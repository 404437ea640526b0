/**
 * Real WhatsApp sending through the engine, against the local fake Graph API: worker
 * processes, the WhatsApp provider, the account service with an encrypted token.
 * Throttling, pair-rate errors, numbers not on WhatsApp, a token that expires mid-run
 * (the task waits for its account and goes on once the token is replaced) and a
 * 10-second outage: every recipient ends sent exactly once or failed with its reason,
 * and the server never saw the same (recipient, broadcast) twice.
 */
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../../main/engine/worker-host.ts';
import { createHandlers } from '../../main/ipc/handlers.ts';
import { dispatch } from '../../main/ipc/dispatch.ts';
import type { AccountService } from '../../main/services/account-service.ts';
import { FakeGraphApi, GRAPH_ERRORS } from '../fakes/graph-api-server.ts';
import {
  accountsFor,
  itemsInState,
  seedBusiness,
  services,
  supervisorFor,
  task,
  tempEnv,
  waitFor,
  waitForStatus,
  type TestEnv,
  credentialsOf,
  englishOf,
} from '../helpers/engine.ts';

let env: TestEnv;
let api: FakeGraphApi;
const supervisors: Supervisor[] = [];

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(2000);
  await api?.stop();
  env?.cleanup();
});

const TOKEN = 'EAAGsecretTokenThatMustNeverLeak0123456789';

function startSupervisor(accounts: AccountService, output?: (text: string) => void): Supervisor {
  const supervisor = supervisorFor(env, {
    host: new ChildProcessWorkerHost({ inheritOutput: false, ...(output ? { onOutput: (_t: number, text: string) => output(text) } : {}) }),
    credentials: credentialsOf({ accounts }),
    leaseMs: 5000,
  });
  supervisors.push(supervisor);
  supervisor.start();
  return supervisor;
}

const phoneOf = (i: number) => `+972${500_000_000 + i}`;
const digits = (phone: string) => phone.replace(/\D/g, '');

describe('WhatsApp broadcast through the engine', () => {
  it('5,000 recipients: throttling, pair rate, invalid numbers, an expired token and a 10 s outage', async () => {
    env = tempEnv();
    api = await FakeGraphApi.start({ token: TOKEN, seed: 5 });
    const N = 5000;
    const businessId = seedBusiness(env.db, 'Shop', N);
    const accounts = accountsFor(env);
    const account = await accounts.add(businessId, {
      label: 'Main number',
      phoneNumberId: api.phoneNumberId,
      wabaId: api.wabaId,
      token: TOKEN,
      baseUrl: api.baseUrl,
      ratePerSecond: 500,
    });
    // Faults: 50 numbers not on WhatsApp, 30 that hit the pair rate once, throughput above 350/s.
    const notOnWhatsApp = new Set<number>();
    for (let i = 7; i <= N; i += 100) {
      notOnWhatsApp.add(i);
      api.failRecipient(digits(phoneOf(i)), GRAPH_ERRORS.notOnWhatsApp);
    }
    for (let i = 13; i <= N; i += 167) api.failRecipient(digits(phoneOf(i)), GRAPH_ERRORS.pairRate, 1);
    api.setThroughputLimit(350);
    api.setLatency({ minMs: 5, maxMs: 25 });
    api.expireTokenAtRequest(1500);

    const supervisor = startSupervisor(accounts);
    const svc = services(env, supervisor);
    const t = svc.start(businessId, 'broadcast', {
      recipients: { type: 'all' },
      provider: { type: 'whatsapp', accountId: account.id, template: { name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { field: 'city' }] } },
      rate: 500,
      concurrency: 16,
      });

    // The token expires: the task parks, waiting for its account, with nothing burned.
    const parked = await waitFor(() => {
      const row = task(env, t.id);
      return row.status === 'waiting' && row.wait_reason === 'account' && row.lease_owner === null ? row : undefined;
    }, 60_000, 'waiting (account)');
    expect(englishOf(parked.last_error)).toMatch(/expired/i);
    expect(parked.last_error).not.toContain(TOKEN);
    const acceptedBeforeFix = api.accepted.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(api.accepted.length).toBe(acceptedBeforeFix);

    // The owner pastes a new token: the task goes on by itself.
    const NEW_TOKEN = 'EAAGsecondTokenAlsoSecret9876543210abcdef';
    api.replaceToken(NEW_TOKEN);
    await accounts.replaceToken(businessId, account.id, NEW_TOKEN);
    supervisor.wake();
    await waitFor(() => task(env, t.id).status === 'running', 20_000, 'running again');

    // A 10-second outage in the middle: the task waits (offline) and goes on by itself.
    await waitFor(() => api.accepted.length >= 3000, 60_000, '3000 accepted');
    await api.refuseConnections(10_000);
    const offline = await waitFor(() => {
      const row = task(env, t.id);
      return row.status === 'waiting' && row.wait_reason === 'offline' ? row : undefined;
    }, 20_000, 'waiting (offline)');
    expect(offline.failed).toBeLessThanOrEqual(notOnWhatsApp.size);

    const done = await waitForStatus(env, t.id, ['completed', 'failed'], 180_000);
    expect(done.last_error).toBeNull();
    expect(done.status).toBe('completed');

    // A request cut by the outage may or may not have arrived: in doubt, never resent on its own.
    expect(api.duplicates()).toEqual([]);
    const inDoubt = itemsInState(env, t.id, 'in_doubt');
    expect(inDoubt.length).toBeLessThanOrEqual(32);
    // The owner settles them from what the number's history shows (here, the server's log).
    const phoneOfItem = env.db.prepare('SELECT id, subject AS phone FROM task_items WHERE task_id = ?').all(t.id) as { id: number; phone: string }[];
    const phoneById = new Map(phoneOfItem.map((r) => [r.id, r.phone]));
    const arrived = inDoubt.filter((id) => api.sentTo(digits(phoneById.get(id)!)).length > 0);
    const lost = inDoubt.filter((id) => !arrived.includes(id));
    if (arrived.length) svc.settleInDoubt(businessId, t.id, 'mark-sent', arrived);
    if (lost.length) svc.settleInDoubt(businessId, t.id, 'send-again', lost);
    const settled = await waitForStatus(env, t.id, ['completed'], 60_000);

    // Every recipient: exactly once, or failed with the right reason.
    expect(api.duplicates()).toEqual([]);
    expect(settled.in_doubt).toBe(0);
    expect(settled.failed).toBe(notOnWhatsApp.size);
    expect(settled.succeeded).toBe(N - notOnWhatsApp.size);
    const reasons = env.db.prepare("SELECT subject AS phone, reason FROM task_items WHERE task_id = ? AND state = 'failed'").all(t.id) as { phone: string; reason: string }[];
    for (const r of reasons) {
      expect(notOnWhatsApp.has(Number(r.phone.slice(4)) - 500_000_000)).toBe(true);
      expect(englishOf(r.reason)).toMatch(/WhatsApp/);
    }
    for (let i = 1; i <= N; i++) {
      expect(api.sentTo(digits(phoneOf(i))).length, `recipient ${i}`).toBe(notOnWhatsApp.has(i) ? 0 : 1);
    }
    // The faults really happened: throttled, pair-rate, expired-token and refused requests.
    const codes = new Map<number, number>();
    for (const r of api.requests) if (r.code !== undefined) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    expect(codes.get(130429) ?? 0).toBeGreaterThan(0);
    expect(codes.get(131056) ?? 0).toBeGreaterThan(0);
    expect(codes.get(190) ?? 0).toBeGreaterThan(0);
    const refs = env.db.prepare("SELECT result FROM task_items WHERE task_id = ? AND state = 'done' AND json_extract(result, '$.providerRef') LIKE 'wamid.%'").all(t.id);
    expect(refs.length).toBeGreaterThan(N - notOnWhatsApp.size - 40);
  }, 300_000);

  it('SIGKILL of the worker mid-broadcast: no duplicate at the server', async () => {
    env = tempEnv();
    api = await FakeGraphApi.start({ token: TOKEN });
    const businessId = seedBusiness(env.db, 'Shop', 1500);
    const accounts = accountsFor(env);
    const account = await accounts.add(businessId, { label: 'n', phoneNumberId: api.phoneNumberId, wabaId: api.wabaId, token: TOKEN, baseUrl: api.baseUrl, ratePerSecond: 300 });
    api.setLatency({ minMs: 5, maxMs: 20 });
    const supervisor = startSupervisor(accounts);
    const t = services(env, supervisor).start(businessId, 'broadcast', {
      recipients: { type: 'all' },
      provider: { type: 'whatsapp', accountId: account.id, template: { name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { text: 'today' }] } },
      rate: 300,
      });
    for (let kill = 1; kill <= 3; kill++) {
      await waitFor(() => api.accepted.length >= kill * 300, 60_000, `${kill * 300} accepted`);
      const owner = task(env, t.id).lease_owner;
      process.kill(Number(owner!.split(':')[1]), 'SIGKILL');
      await waitFor(() => task(env, t.id).lease_owner !== owner, 30_000, 'a new worker');
    }
    const done = await waitForStatus(env, t.id, ['completed'], 120_000);
    expect(api.duplicates()).toEqual([]);
    expect(done.succeeded + done.in_doubt).toBe(1500);
    expect(api.accepted.length).toBeGreaterThanOrEqual(done.succeeded);
    expect(api.accepted.length).toBeLessThanOrEqual(done.succeeded + done.in_doubt);
  }, 180_000);

  it('the token never appears in the database file, a log, a task row or an answer to the window', async () => {
    env = tempEnv();
    api = await FakeGraphApi.start({ token: TOKEN });
    const businessId = seedBusiness(env.db, 'Shop', 200);
    const accounts = accountsFor(env);
    const output: string[] = [];
    const logged: string[] = [];
    const capture = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    const original = { log: console.log, error: console.error, warn: console.warn };
    Object.assign(console, { log: capture, error: capture, warn: capture });
    try {
      const handlers = createHandlers({ db: env.db, tasks: services(env), accounts });
      const added = await dispatch(handlers, 'accounts:add', {
        businessId,
        label: 'Main',
        phoneNumberId: api.phoneNumberId,
        wabaId: api.wabaId,
        token: TOKEN,
        baseUrl: api.baseUrl,
      });
      expect(added.ok).toBe(true);
      const accountId = (added as { ok: true; data: { id: number } }).data.id;
      const answers = [
        added,
        await dispatch(handlers, 'accounts:list', { businessId }),
        await dispatch(handlers, 'accounts:check', { businessId, accountId }),
        await dispatch(handlers, 'accounts:templates', { businessId, accountId }),
      ];
      expect(answers.every((a) => a.ok)).toBe(true);
      // Errors that echo the request must not carry it either.
      api.failRecipient(digits(phoneOf(3)), GRAPH_ERRORS.invalidParameter);
      api.expireTokenAtRequest(120);
      const supervisor = startSupervisor(accounts, (text) => output.push(text));
      const t = services(env, supervisor).start(businessId, 'broadcast', { recipients: { type: 'all' }, provider: { type: 'whatsapp', accountId, template: { name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { field: 'city' }] } }, rate: 200 });
      await waitFor(() => task(env, t.id).wait_reason === 'account', 60_000, 'the token to expire');
      answers.push(await dispatch(handlers, 'tasks:get', { businessId, taskId: t.id }));
      answers.push(await dispatch(handlers, 'tasks:items', { businessId, taskId: t.id, limit: 1000 }));
      await supervisor.shutdown(2000);
      env.db.pragma('wal_checkpoint(TRUNCATE)');

      for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(TOKEN);
      const files = [env.dbPath, `${env.dbPath}-wal`].filter(existsSync);
      for (const file of files) expect(readFileSync(file).includes(Buffer.from(TOKEN)), file).toBe(false);
      expect(output.join('')).not.toContain(TOKEN);
      expect(logged.join('\n')).not.toContain(TOKEN);
      const rows = env.db.prepare('SELECT params, last_error FROM tasks').all();
      expect(JSON.stringify(rows)).not.toContain(TOKEN);
    } finally {
      Object.assign(console, original);
    }
  }, 120_000);
});
