/**
 * A broadcast straight from a CSV file (duplicates sent once, bad rows skipped with
 * their row number, contacts merged), a contacts import task, and the headless CLI
 * driving the same engine end to end.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { pageContacts } from '../../main/store/contacts-repo.ts';
import { englishOf, expectIntegrity, outboxCount, services, supervisorFor, tempEnv, waitForStatus, type TestEnv } from '../helpers/engine.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));

let env: TestEnv;
const supervisors: Supervisor[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(1000);
  env?.cleanup();
});

const CSV = [
  '\uFEFFשם;טלפון;עיר',
  'Dana;050-123-4567;Haifa',
  'Yossi;+972 52 765 4321;Tel Aviv',
  'Dana again;0501234567;Haifa',
  '',
  'Broken;not a phone;Eilat',
  '"Noa, the ""best""";054-000-1111;"Beer\nSheva"',
].join('\r\n');

describe('broadcast from a CSV file', () => {
  it('sends each number once, skips bad rows with their row number, and merges the rows into contacts', async () => {
    env = tempEnv();
    const path = join(env.dir, 'customers.csv');
    writeFileSync(path, CSV);
    const business = createBusiness(env.db, 'Falafel', 'IL');
    const s = supervisorFor(env);
    supervisors.push(s);
    s.start();
    const t = services(env, s).start(business.id, 'broadcast', {
      template: 'שלום {{name}} מ{{עיר}}',
      recipients: { type: 'csv', path },
      provider: { type: 'test-mode', options: {} },
      rate: 500,
      });
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.last_error).toBeNull();
    expect(done.status).toBe('completed');
    expect(done.total).toBe(5);
    expect(done.succeeded).toBe(3);
    expect(done.skipped).toBe(2);
    expect(outboxCount(env, t.id)).toBe(3);
    const skipped = env.db.prepare("SELECT reason FROM task_items WHERE task_id = ? AND state = 'skipped' ORDER BY seq").all(t.id) as {
      reason: string;
    }[];
    expect(englishOf(skipped[0]!.reason)).toMatch(/same number/i);
    expect(englishOf(skipped[1]!.reason)).toMatch(/^Row 6:/);
    const phones = (env.db.prepare('SELECT phone FROM outbox WHERE task_id = ? ORDER BY id').all(t.id) as { phone: string }[]).map((r) => r.phone);
    expect(phones).toEqual(['+972501234567', '+972527654321', '+972540001111']);
    expect(pageContacts(env.db, business.id, {}, 0, 10).total).toBe(3);
    expectIntegrity(env, t.id);
  });

  it('refuses a file that does not exist, before creating a task', () => {
    env = tempEnv();
    const business = createBusiness(env.db, 'Falafel', 'IL');
    expect(() =>
      services(env).start(business.id, 'broadcast', { template: 'Hi', recipients: { type: 'csv', path: join(env.dir, 'missing.csv') }, provider: { type: 'test-mode', options: {} } }),
    ).toThrow(/does not exist/);
    expect(env.db.prepare('SELECT count(*) AS n FROM tasks').get()).toEqual({ n: 0 });
  });
});

describe('CLI', () => {
  const cli = async (dbPath: string, ...args: string[]) => {
    const { stdout } = await run(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', dbPath, ...args], { timeout: 60_000 });
    return stdout.trim();
  };

  it('adds a business, imports contacts, runs a broadcast to completion and lists what was sent', async () => {
    env = tempEnv();
    const csv = join(env.dir, 'list.csv');
    writeFileSync(csv, ['name,phone,city', 'Avi,050-111-2222,Haifa', 'Bella,050-333-4444,Akko', 'Bad,12,Akko'].join('\n'));
    const business = JSON.parse(await cli(env.dbPath, '--json', 'business', 'add', 'Corner Shop')) as { id: number };
    const importLines = (await cli(env.dbPath, '--json', 'contacts', 'import', csv, '-b', String(business.id), '--wait')).split('\n');
    const imported = JSON.parse(importLines.at(-1)!) as { status: string; counters: { succeeded: number; failed: number } };
    expect(imported).toMatchObject({ status: 'completed', counters: { succeeded: 2, failed: 1 } });

    const started = (await cli(env.dbPath, '--json', 'broadcast', 'start', '-b', String(business.id), '--template', 'Hi {{name}} in {{city}}', '--wait')).split('\n');
    const final = JSON.parse(started.at(-1)!) as { id: number; status: string; counters: { succeeded: number } };
    expect(final).toMatchObject({ status: 'completed', counters: { succeeded: 2 } });

    const outbox = JSON.parse(await cli(env.dbPath, '--json', 'outbox', 'list', '-b', String(business.id))) as { rows: { body: string }[] };
    expect(outbox.rows.map((r) => r.body).sort()).toEqual(['Hi Avi in Haifa', 'Hi Bella in Akko']);

    const listed = JSON.parse(await cli(env.dbPath, '--json', 'tasks', 'list', '-b', String(business.id))) as { kind: string }[];
    expect(listed.map((t) => t.kind).sort()).toEqual(['broadcast', 'contacts-import']);
  });

  it('gives a clear error for bad arguments and another business', async () => {
    env = tempEnv();
    await expect(cli(env.dbPath, 'broadcast', 'start', '-b', '99', '--template', 'x')).rejects.toMatchObject({
      stderr: expect.stringMatching(/Business 99 was not found/),
    });
    await expect(cli(env.dbPath, 'tasks', 'pause', 'abc', '-b', '1')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--task must be a number/),
    });
  });
});
