/**
 * Ordering inside a business (main/engine/ordering.ts): a broadcast started right after a
 * contact import of its business sends to the whole imported list, not to the part
 * imported so far; a paused import says so on the broadcast's card; tasks of other
 * businesses and later imports hold nobody up; the CLI's `broadcast start --wait` runs
 * the import first.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMessage } from '../../common/messages.ts';
import type { TaskSnapshot } from '../../common/model.ts';
import type { BroadcastParamsInput } from '../../common/tasks/broadcast/params.ts';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { seedBusiness, services, supervisorFor, task, tempEnv, waitFor, waitForStatus, type TestEnv } from '../helpers/engine.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../main/cli/bin.ts');

let env: TestEnv;
const supervisors: Supervisor[] = [];

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(1000);
  env?.cleanup();
});

function start(): Supervisor {
  const supervisor = supervisorFor(env);
  supervisors.push(supervisor);
  supervisor.start();
  return supervisor;
}

/** A customers CSV of `n` valid Israeli mobile numbers, `base` keeping lists apart. */
function customersCsv(n: number, name = 'customers.csv', base = 520_000_000): string {
  const path = join(env.dir, name);
  const lines = ['name,phone,city'];
  for (let i = 1; i <= n; i++) lines.push(`Customer ${i},+972${base + i},Haifa`);
  writeFileSync(path, lines.join('\n'));
  return path;
}

function broadcast(latencyMs = 0): BroadcastParamsInput {
  return {
    template: 'Hi {{name}}',
    recipients: { type: 'all' },
    provider: { type: 'test-mode', options: { latencyMs } },
    rate: 100_000,
    concurrency: 8,
  };
}

function contactsOf(businessId: number): number {
  return (env.db.prepare('SELECT count(*) AS n FROM contacts WHERE business_id = ?').get(businessId) as { n: number }).n;
}

describe('ordering inside a business', () => {
  it('a broadcast started right after an import waits for it, says why, and then plans every imported contact', async () => {
    env = tempEnv();
    const businessId = createBusiness(env.db, 'Corner Shop', 'IL').id;
    const csv = customersCsv(10_000);
    const supervisor = start();
    const seen: TaskSnapshot[] = [];
    supervisor.onSnapshot((s) => seen.push(s));
    const svc = services(env, supervisor);

    const imported = svc.start(businessId, 'contacts-import', { path: csv });
    const sent = svc.start(businessId, 'broadcast', broadcast());

    const done = await waitForStatus(env, sent.id, ['completed', 'failed'], 120_000);
    expect(task(env, imported.id).status).toBe('completed');
    expect(contactsOf(businessId)).toBe(10_000);
    expect({ status: done.status, total: done.total, succeeded: done.succeeded }).toEqual({ status: 'completed', total: 10_000, succeeded: 10_000 });

    // The card said what it waited for, in the owner's words, while the import ran.
    const waiting = seen.find((s) => s.id === sent.id && s.status === 'waiting' && s.waitReason === 'earlier_task');
    expect(waiting, 'the broadcast showed waiting (earlier task)').toBeDefined();
    expect(formatMessage(waiting!.lastError!)).toBe(
      'Waits for “customers.csv” to finish first, so it uses the whole list that task brings in. It starts by itself after that.',
    );
    // Waiting unstarted is not a start: no attempt, no crash counted.
    expect(done.attempts).toBe(1);
  }, 150_000);

  it('a paused import holds the broadcast and says so; cancelling the import lets it go on', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Bakery', 30);
    const csv = customersCsv(20, 'late.csv');
    const svc = services(env);
    const imported = svc.start(businessId, 'contacts-import', { path: csv });
    svc.pause(businessId, imported.id);
    const supervisor = start();
    const sent = services(env, supervisor).start(businessId, 'broadcast', broadcast());

    const held = await waitFor(() => {
      const row = task(env, sent.id);
      return row.status === 'waiting' && row.wait_reason === 'earlier_task' ? row : undefined;
    }, 10_000, 'the broadcast to wait for the paused import');
    expect(held.started_at).toBeNull();
    expect(formatMessage(services(env).get(businessId, sent.id).lastError!)).toBe(
      'Waits for “late.csv”, which is paused, so it uses the whole list that task brings in. Resume or cancel “late.csv”, and this task starts by itself.',
    );
    // The supervisor stays on it a while: nothing sent, still waiting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(task(env, sent.id)).toMatchObject({ status: 'waiting', total: 0, succeeded: 0 });

    await services(env, supervisor).cancel(businessId, imported.id);
    const done = await waitForStatus(env, sent.id, ['completed', 'failed'], 30_000);
    expect({ status: done.status, succeeded: done.succeeded }).toEqual({ status: 'completed', succeeded: 30 });
  }, 60_000);

  it('holds nobody up across businesses, and a later import does not hold an earlier broadcast', async () => {
    env = tempEnv();
    const shop = seedBusiness(env.db, 'Shop', 40);
    const other = seedBusiness(env.db, 'Other', 40, { phoneBase: 530_000_000 });
    const svc = services(env);
    // Another business's import, paused: it must not hold this shop's broadcast.
    const foreign = svc.start(other, 'contacts-import', { path: customersCsv(5, 'other.csv') });
    svc.pause(other, foreign.id);
    const first = svc.start(shop, 'broadcast', broadcast(20));
    // Created after the broadcast: not earlier, so not waited for, even paused.
    const later = svc.start(shop, 'contacts-import', { path: customersCsv(5, 'later.csv', 540_000_000) });
    svc.pause(shop, later.id);

    start();
    const done = await waitForStatus(env, first.id, ['completed', 'failed'], 30_000);
    expect({ status: done.status, succeeded: done.succeeded }).toEqual({ status: 'completed', succeeded: 40 });
    expect(task(env, first.id).wait_reason).toBeNull();
  }, 60_000);

  it('the CLI: `broadcast start --wait` right after `contacts import` runs the import first and sends to all of it', async () => {
    env = tempEnv();
    const cli = async (...args: string[]) =>
      (await run(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', env.dbPath, '--json', ...args], { timeout: 90_000 })).stdout.trim();
    const business = JSON.parse(await cli('business', 'add', 'Corner Shop')) as { id: number };
    const csv = customersCsv(300);
    await cli('contacts', 'import', csv, '-b', String(business.id));
    const lines = (await cli('broadcast', 'start', '-b', String(business.id), '--template', 'Hi {{name}}', '--rate', '10000', '--wait')).split('\n');
    const final = JSON.parse(lines.at(-1)!) as { status: string; counters: { total: number; succeeded: number } };
    expect(final).toMatchObject({ status: 'completed', counters: { total: 300, succeeded: 300 } });
  }, 120_000);
});
