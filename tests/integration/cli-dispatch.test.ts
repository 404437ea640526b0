/**
 * The CLI speaks the window's contract: a bad flag value is refused with the very lines
 * IPC gives for the same payload, --help lists every registered kind's start command, a
 * kind added to the registry gets its start command with no CLI change, and a command
 * nobody has gets a suggestion, not a stack.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verbatim } from '../../common/messages.ts';
import type { TaskSnapshot } from '../../common/model.ts';
import { defineKindFacts } from '../../common/tasks/kind.ts';
import { num } from '../../main/cli/args.ts';
import { runCli } from '../../main/cli/main.ts';
import { dispatch } from '../../main/ipc/dispatch.ts';
import { createHandlers } from '../../main/ipc/handlers.ts';
import { defineMainKind } from '../../main/tasks/kind.ts';
import { SHIPPED_KINDS } from '../../main/tasks/registry.ts';
import { accountsFor, seedBusiness, services, tempEnv, type TestEnv } from '../helpers/engine.ts';

let env: TestEnv;
let business: number;
beforeEach(() => {
  env = tempEnv();
  business = seedBusiness(env.db, 'Bakery', 0);
});
afterEach(() => env.cleanup());

async function cli(args: string[], kinds = SHIPPED_KINDS) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--db', env.dbPath, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }, { kinds });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** What the window is told for `payload` on `channel`, as the CLI prints it. */
async function windowSays(channel: string, payload: unknown): Promise<string> {
  const handlers = createHandlers({ db: env.db, tasks: services(env), accounts: accountsFor(env) });
  const answer = await dispatch(handlers, channel, payload);
  if (answer.ok) throw new Error(`${channel} accepted ${JSON.stringify(payload)}`);
  expect(answer.error.details?.length).toBeGreaterThan(0);
  return [`Error (${answer.error.code}): ${answer.error.message}`, ...answer.error.details!.map((d) => `  ${d}`)].join('\n');
}

const taskCount = () => (env.db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;

/** A kind only this test has: it counts to `times`, and its runner does nothing. */
const echoFacts = defineKindFacts({
  id: 'test-echo',
  input: z.object({ times: z.number().int().min(1).max(10) }).strict(),
  params: z.object({ times: z.number() }),
  sideEffect: 'repeatable',
  perBusiness: null,
  retryFailed: false,
  details: 'items',
  words: {
    finished: 'alertFinishedImport',
    succeeded: 'alertCountImported',
    failed: 'alertCountFailedRows',
    skipped: 'alertCountSkippedRows',
    waitingForAccount: 'alertWaitingForAccount',
  },
});
const echoKind = defineMainKind({
  facts: echoFacts,
  create: (_ctx, input) => ({ title: verbatim(`Echo ×${input.times}`), params: input }),
  runner: async () => async () => {},
  cli: {
    command: 'echo start',
    usage: 'echo start -b <id> --times n',
    options: { times: { type: 'string' } },
    toInput: (values) => ({ times: num(values, 'times') }),
  },
});

describe('CLI through the contract', () => {
  it('refuses a bad flag value with the same lines as IPC for the same payload, and creates nothing', async () => {
    const bad = await cli(['broadcast', 'start', '-b', String(business), '--template', 'Hi', '--rate', '0']);
    const payload = {
      businessId: business,
      kind: 'broadcast',
      input: {
        template: 'Hi',
        recipients: { type: 'all' },
        provider: { type: 'test-mode', options: { latencyMs: 0, transientFailureRate: 0, permanentFailureRate: 0, offlineRate: 0, seed: 1 } },
        rate: 0,
      },
    };
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(await windowSays('tasks:start', payload));
    expect(bad.err).toMatch(/input\.rate: /);
    expect(taskCount()).toBe(0);

    // Not only starts: any command's request is the window's.
    const list = await cli(['contacts', 'list', '-b', String(business), '--limit', '5000']);
    expect(list.code).toBe(1);
    expect(list.err).toBe(await windowSays('contacts:list', { businessId: business, offset: 0, limit: 5000 }));
    expect(list.err).not.toMatch(/\n\s+at /);
  });

  it('--help lists the start command of every registered kind', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    const starts = SHIPPED_KINDS.all().map((k) => k.cli?.command);
    expect(starts).toEqual(['broadcast start', 'contacts import', 'receipts delete', 'receipts sync']);
    for (const command of starts) expect(help.out).toContain(`\n  ${command} `);
    // README's commands keep their syntax.
    expect(help.out).toContain('  broadcast start -b <id> --provider whatsapp --account <account>');
    expect((await cli(['receipts', 'sync', '--help'])).out).toMatch(/--reimport-deleted[\s\S]*-b, --business <value>[\s\S]*--wait/);
  });

  it('a kind added with SHIPPED_KINDS.with(kind) gets its start command with no CLI change', async () => {
    const kinds = SHIPPED_KINDS.with(echoKind);
    expect((await cli(['echo', 'start', '-b', String(business), '--times', '3'])).err).toMatch(/Unknown command "echo start"/);

    expect((await cli(['--help'], kinds)).out).toContain('  echo start -b <id> --times n');
    expect((await cli(['echo', 'start', '--help'], kinds)).out).toContain('--times <value>');

    const started = await cli(['--json', 'echo', 'start', '-b', String(business), '--times', '3'], kinds);
    expect(started.err).toBe('');
    expect(started.code).toBe(0);
    const snapshot = JSON.parse(started.out) as TaskSnapshot;
    expect(snapshot).toMatchObject({ kind: 'test-echo', status: 'queued', title: verbatim('Echo ×3') });

    const listed = JSON.parse((await cli(['--json', 'tasks', 'list', '-b', String(business)], kinds)).out) as TaskSnapshot[];
    expect(listed.map((t) => [t.id, t.kind])).toEqual([[snapshot.id, 'test-echo']]);

    // Its own schema checks its input, as for a shipped kind.
    const bad = await cli(['echo', 'start', '-b', String(business), '--times', '11'], kinds);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^ {2}input\.times: Too big/m);
    expect(taskCount()).toBe(1);
  });

  it('an unknown command gets a suggestion or the commands there are, never a stack', async () => {
    const typo = await cli(['tasks', 'pase', '1', '-b', String(business)]);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('Unknown command "tasks pase".');
    expect(typo.err).toContain('Did you mean "tasks pause"?');
    expect(typo.err).toContain('  tasks pause <task> -b <id>');

    const group = await cli(['accounts', 'frobnicate']);
    expect(group.code).toBe(2);
    expect(group.err).toMatch(/The accounts commands are:[\s\S]*accounts add[\s\S]*accounts remove/);

    const nothing = await cli(['frobnicate']);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toMatch(/Commands begin with: business, contacts, broadcast/);
    expect(nothing.err).toContain('taskdeck --help');

    const flag = await cli(['tasks', 'list', '-b', String(business), '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/Unknown option '--bogus'[\s\S]*taskdeck tasks list -b <id>/);
    for (const r of [typo, group, nothing, flag]) expect(r.err).not.toMatch(/\n\s+at /);
  });
});
