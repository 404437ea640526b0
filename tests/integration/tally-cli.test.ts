/**
 * The test-only tally kind (tests/kinds/tally/) gets a CLI start from its folder and one
 * registry line alone: listed in --help, started and run to the end with --wait (by a worker
 * that knows it, tests/kinds/worker-entry.ts), refused in the window's very words, with a
 * typed title kept as typed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContract } from '../../common/ipc/contract.ts';
import { verbatim } from '../../common/messages.ts';
import type { TaskSnapshot } from '../../common/model.ts';
import { runCli } from '../../main/cli/main.ts';
import { dispatch } from '../../main/ipc/dispatch.ts';
import { createHandlers } from '../../main/ipc/handlers.ts';
import { TaskService } from '../../main/services/task-service.ts';
import { SHIPPED_KINDS } from '../../main/tasks/registry.ts';
import { accountsFor, seedBusiness, task, tempEnv, wordsIn, type TestEnv } from '../helpers/engine.ts';
import { readLedger } from '../kinds/tally/ledger.ts';
import { TEST_KINDS } from '../kinds/registry.ts';

const WORKER = fileURLToPath(new URL('../kinds/worker-entry.ts', import.meta.url));

let env: TestEnv;
let business: number;
beforeEach(() => {
  env = tempEnv();
  business = seedBusiness(env.db, 'Bakery', 0);
});
afterEach(() => env.cleanup());

async function cli(args: string[], kinds = TEST_KINDS) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--db', env.dbPath, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }, { kinds, workerEntry: WORKER });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** What the window is told for `payload` on `channel`, with the tally registered, as the CLI prints it. */
async function windowSays(channel: string, payload: unknown): Promise<string> {
  const handlers = createHandlers({ db: env.db, tasks: new TaskService({ db: env.db, kinds: TEST_KINDS }), accounts: accountsFor(env) });
  const answer = await dispatch(handlers, channel, payload, buildContract(TEST_KINDS.facts()));
  if (answer.ok) throw new Error(`${channel} accepted ${JSON.stringify(payload)}`);
  expect(answer.error.details?.length).toBeGreaterThan(0);
  return [`Error (${answer.error.code}): ${answer.error.message}`, ...answer.error.details!.map((d) => `  ${d}`)].join('\n');
}

const taskCount = () => (env.db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;

describe('tally start, from the kind folder alone', () => {
  it('--help lists tally start with its usage; without the registry line there is no such command', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('\n  tally start -b <id> --count n --ledger <file> [--delay ms] [--title t]');
    const own = await cli(['tally', 'start', '--help']);
    expect(own.code).toBe(0);
    expect(own.out).toMatch(/--count <value>[\s\S]*--ledger <value>/);
    expect(own.out).toMatch(/--title <value>/);
    expect(own.out).toMatch(/--wait/);

    const shipped = await cli(['--help'], SHIPPED_KINDS);
    expect(shipped.out).not.toContain('tally start');
    expect((await cli(['tally', 'start', '-b', String(business), '--count', '1', '--ledger', join(env.dir, 'l')], SHIPPED_KINDS)).err).toMatch(
      /Unknown command "tally start"/,
    );
  });

  it('--wait counts to 50: completed, 50 succeeded, each number in the ledger exactly once', async () => {
    const ledger = join(env.dir, 'tally.ledger');
    const run = await cli(['--json', 'tally', 'start', '-b', String(business), '--count', '50', '--ledger', ledger, '--wait']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // "Started", then the final snapshot.
    const printed = run.out.split('\n').map((l) => JSON.parse(l) as TaskSnapshot);
    expect(printed).toHaveLength(2);
    const id = printed[0]!.id;
    expect(printed[1]).toMatchObject({ id, kind: 'test-tally', status: 'completed', title: verbatim('Count to 50') });

    const row = task(env, id);
    expect({ status: row.status, total: row.total, processed: row.processed, succeeded: row.succeeded, failed: row.failed, inDoubt: row.in_doubt }).toEqual({
      status: 'completed',
      total: 50,
      processed: 50,
      succeeded: 50,
      failed: 0,
      inDoubt: 0,
    });

    const text = readFileSync(ledger, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').filter(Boolean)).toHaveLength(50);
    const lines = readLedger(ledger);
    expect(lines.every((l) => l.businessId === business && l.taskId === id)).toBe(true);
    expect(lines.map((l) => l.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const items = env.db.prepare('SELECT id, seq, subject, state, result FROM task_items WHERE task_id = ? ORDER BY seq').all(id) as {
      id: number;
      seq: number;
      subject: string;
      state: string;
      result: string;
    }[];
    expect(new Set(lines.map((l) => l.itemId))).toEqual(new Set(items.map((i) => i.id)));
    expect(items.map((i) => i.subject)).toEqual(Array.from({ length: 50 }, (_, i) => `#${i + 1}`));
    expect(items.every((i) => i.state === 'done')).toBe(true);
    // Each item's result is the ledger line it was written on: 1…50, each once.
    expect(items.map((i) => (JSON.parse(i.result) as { line: number }).line).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const l of lines) expect(items.find((i) => i.id === l.itemId)?.seq).toBe(l.n);

    // tasks list shows it as the window would.
    const listed = JSON.parse((await cli(['--json', 'tasks', 'list', '-b', String(business)])).out) as TaskSnapshot[];
    expect(listed.map((t) => [t.id, t.kind, t.status, t.counters.succeeded])).toEqual([[id, 'test-tally', 'completed', 50]]);
  });

  it('--count 0 is refused with the lines the window gets, exit 1, and no task', async () => {
    const ledger = join(env.dir, 'never.ledger');
    const bad = await cli(['tally', 'start', '-b', String(business), '--count', '0', '--ledger', ledger]);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err).toBe(await windowSays('tasks:start', { businessId: business, kind: 'test-tally', input: { count: 0, ledger } }));
    expect(bad.err).toMatch(/^ {2}input\.count: /m);
    expect(bad.err).not.toMatch(/\n\s+at /);
    expect(taskCount()).toBe(0);
    expect(existsSync(ledger)).toBe(false);

    // Not a number at all: refused the same way, by the kind's schema.
    const nan = await cli(['tally', 'start', '-b', String(business), '--count', 'ten', '--ledger', ledger]);
    expect(nan.code).toBe(1);
    expect(nan.err).toMatch(/^ {2}input\.count: /m);
    expect(taskCount()).toBe(0);
  });

  it('--title "My count" is stored as the owner typed it', async () => {
    const started = await cli(['--json', 'tally', 'start', '-b', String(business), '--count', '3', '--ledger', join(env.dir, 't.ledger'), '--title', 'My count']);
    expect(started.err).toBe('');
    expect(started.code).toBe(0);
    const snapshot = JSON.parse(started.out) as TaskSnapshot;
    expect(snapshot).toMatchObject({ kind: 'test-tally', status: 'queued', title: verbatim('My count') });
    expect(wordsIn(task(env, snapshot.id).title)).toEqual(verbatim('My count'));

    const listed = await cli(['tasks', 'list', '-b', String(business)]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('My count');
    expect(listed.out).not.toContain('Count to 3');

    // A title that is also a catalogue sentence stays the owner's text, never translated.
    const typed = JSON.parse(
      (await cli(['--json', 'tally', 'start', '-b', String(business), '--count', '3', '--ledger', join(env.dir, 'u.ledger'), '--title', 'Task finished'])).out,
    ) as TaskSnapshot;
    expect(wordsIn(task(env, typed.id).title)).toEqual(verbatim('Task finished'));
  });
});
