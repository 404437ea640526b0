/**
 * CLI parity for WhatsApp: add an account (token from the environment, kept
 * encrypted), check it, list templates, start a template broadcast and run it to
 * completion against the fake Graph API.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGraphApi } from '../fakes/graph-api-server.ts';
import { seedBusiness, tempEnv, type TestEnv } from '../helpers/engine.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));
const TOKEN = 'EAAGcliTokenSecret000111222333444555';

let env: TestEnv;
let api: FakeGraphApi;
afterEach(async () => {
  await api?.stop();
  env?.cleanup();
});

async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', env.dbPath, ...args], {
    timeout: 90_000,
    env: { ...process.env, ...extraEnv },
  });
  return stdout.trim();
}

describe('CLI: WhatsApp', () => {
  it('accounts add / check / templates list / broadcast start --provider whatsapp', async () => {
    env = tempEnv();
    api = await FakeGraphApi.start({ token: TOKEN });
    const businessId = seedBusiness(env.db, 'Shop', 40);

    // The token is never taken from argv.
    await expect(
      cli(['accounts', 'add', '-b', String(businessId), '--phone-number-id', api.phoneNumberId, '--waba-id', api.wabaId, '--base-url', api.baseUrl]),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/TASKDECK_WHATSAPP_TOKEN/) });

    const added = JSON.parse(
      await cli(
        ['--json', 'accounts', 'add', '-b', String(businessId), '--label', 'Main', '--phone-number-id', api.phoneNumberId, '--waba-id', api.wabaId, '--base-url', api.baseUrl, '--rate', '100'],
        { TASKDECK_WHATSAPP_TOKEN: TOKEN },
      ),
    ) as { id: number; tokenStoredIn: string };
    expect(added.tokenStoredIn).toBe('file-key');
    expect(JSON.stringify(added)).not.toContain(TOKEN);

    const checked = JSON.parse(await cli(['--json', 'accounts', 'check', String(added.id), '-b', String(businessId)])) as {
      check: { displayPhoneNumber: string; error: string | null };
    };
    expect(checked.check.error).toBeNull();
    expect(checked.check.displayPhoneNumber).toBeTruthy();

    const templates = JSON.parse(await cli(['--json', 'templates', 'list', '-b', String(businessId), '--account', String(added.id)])) as { name: string }[];
    expect(templates.map((t) => t.name)).toContain('order_ready');

    const lines = (
      await cli([
        '--json', 'broadcast', 'start', '-b', String(businessId), '--provider', 'whatsapp', '--account', String(added.id),
        '--template', 'order_ready', '--language', 'en_US', '--param', '1=field:name', '--param', '2=text:A-17', '--rate', '100', '--wait',
      ])
    ).split('\n');
    const final = JSON.parse(lines.at(-1)!) as { status: string; counters: { succeeded: number } };
    expect(final).toMatchObject({ status: 'completed', counters: { succeeded: 40 } });
    expect(api.accepted).toHaveLength(40);
    expect(api.duplicates()).toEqual([]);
    expect(readFileSync(env.dbPath).includes(Buffer.from(TOKEN))).toBe(false);
  }, 120_000);
});
