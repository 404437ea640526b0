/**
 * CLI parity for receipts: sync from Gmail (connection made in-process with the same key
 * file the CLI uses), list with a filter, and delete local copies before a date.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMessage } from '../../common/messages.ts';
import { cliGmail } from '../../main/cli/context.ts';
import { FakeGmailApi } from '../fakes/gmail-api-server.ts';
import { seedBusiness, tempEnv, type TestEnv } from '../helpers/engine.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));
let env: TestEnv;
let api: FakeGmailApi;
afterEach(async () => {
  await api?.stop();
  env?.cleanup();
});

const cli = async (...args: string[]) =>
  (await run(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', env.dbPath, '--json', ...args], { timeout: 90_000 })).stdout.trim();

describe('CLI: receipts', () => {
  it('gmail status, receipts sync --wait, receipts list, receipts delete --before --wait', async () => {
    env = tempEnv();
    api = await FakeGmailApi.start();
    api.addMessages(60, { withAttachments: true, spacingMs: 86_400_000 });
    const b = seedBusiness(env.db, 'Shop', 0);
    process.env.TASKDECK_GOOGLE_AUTH_URL = api.authUrl;
    process.env.TASKDECK_GOOGLE_TOKEN_URL = api.tokenUrl;
    process.env.TASKDECK_GMAIL_API_URL = api.baseUrl;
    try {
      await cliGmail(env.db, env.dbPath, async (url) => void (await (await fetch(url)).text())).connect(b, { clientId: api.clientId, clientSecret: api.clientSecret });
    } finally {
      delete process.env.TASKDECK_GOOGLE_AUTH_URL;
      delete process.env.TASKDECK_GOOGLE_TOKEN_URL;
      delete process.env.TASKDECK_GMAIL_API_URL;
    }
    expect(JSON.parse(await cli('gmail', 'status', '-b', String(b)))).toMatchObject({ incremental: false });

    const synced = JSON.parse((await cli('receipts', 'sync', '-b', String(b), '--query', 'has:attachment', '--rate', '200', '--wait')).split('\n').at(-1)!);
    expect(synced).toMatchObject({ status: 'completed', counters: { succeeded: 60 } });

    const all = JSON.parse(await cli('receipts', 'list', '-b', String(b), '--limit', '500')) as { total: number; rows: { receivedAt: number }[] };
    expect(all.total).toBe(60);
    const cut = new Date(all.rows.map((r) => r.receivedAt).sort((x, y) => x - y)[30]!).toISOString().slice(0, 10);
    const older = JSON.parse(await cli('receipts', 'list', '-b', String(b), '--before', cut)) as { total: number };
    expect(older.total).toBeGreaterThan(0);

    const deleted = JSON.parse((await cli('receipts', 'delete', '-b', String(b), '--before', cut, '--wait')).split('\n').at(-1)!);
    expect(deleted).toMatchObject({ status: 'completed', counters: { succeeded: older.total } });
    expect((JSON.parse(await cli('receipts', 'list', '-b', String(b))) as { total: number }).total).toBe(60 - older.total);
    // Local copies only: the mailbox still has every message.
    expect(api.messageIds()).toHaveLength(60);

    await expect(cli('receipts', 'delete', '-b', String(b))).rejects.toMatchObject({ stderr: expect.stringMatching(/Say which receipts/) });
    await expect(cli('receipts', 'delete', '-b', String(b), '--ids', '1', '--vendor', 'x')).rejects.toMatchObject({ stderr: expect.stringMatching(/either --ids or a filter/) });

    // --search: what `receipts list --search` shows is what is deleted, and the title says so.
    const remaining = JSON.parse(await cli('receipts', 'list', '-b', String(b), '--limit', '500')) as { rows: { subject: string }[] };
    const word = remaining.rows[0]!.subject.split(/\s+/).find((w) => w.length > 3)!;
    const matching = (JSON.parse(await cli('receipts', 'list', '-b', String(b), '--search', word)) as { total: number }).total;
    const bySearch = JSON.parse((await cli('receipts', 'delete', '-b', String(b), '--search', word, '--wait')).split('\n').at(-1)!);
    expect(bySearch).toMatchObject({ status: 'completed', counters: { succeeded: matching } });
    // --json prints what the channel answers: the title is the owner's words, a Message.
    expect(formatMessage(bySearch.title)).toContain(`matching “${word}”`);
    expect((JSON.parse(await cli('receipts', 'list', '-b', String(b), '--search', word)) as { total: number }).total).toBe(0);
  }, 120_000);
});
