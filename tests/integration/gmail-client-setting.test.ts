/**
 * The app-wide Gmail OAuth client (Settings → Gmail) through main's real dispatch and
 * handlers, and through the CLI: the client ID round-trips; the secret is stored sealed by
 * the secret box and never answered; a bad client ID is refused with a specific message;
 * a connect without a client ID uses the saved one (and its secret) against the fake Google.
 */
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../main/ipc/handlers.ts';
import { dispatch } from '../../main/ipc/dispatch.ts';
import { FileKeyBox } from '../../main/secrets/file-key-box.ts';
import type { SecretBox } from '../../main/secrets/secret-box.ts';
import { findGmailConnection } from '../../main/store/gmail-repo.ts';
import { fakeBrowser, gmailServiceFor } from '../helpers/gmail.ts';
import { FakeGmailApi } from '../fakes/gmail-api-server.ts';
import { accountsFor, seedBusiness, services, tempEnv, type TestEnv } from '../helpers/engine.ts';

const CLIENT_ID = '1234567890-abc123def456.apps.googleusercontent.com';
const SECRET = 'GOCSPX-very-desktop-secret-0451';
const CLI = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));

let env: TestEnv;
let api: FakeGmailApi;
let box: FileKeyBox;
let handlers: Handlers;
let business: number;


function wire(secretBox: SecretBox = box): Handlers {
  const gmail = gmailServiceFor(env, api, secretBox);
  return createHandlers({ db: env.db, tasks: services(env), accounts: accountsFor(env), gmail, secretBox });
}

async function call(channel: Parameters<typeof dispatch>[1], payload: unknown, on: Handlers = handlers) {
  return dispatch(on, channel, payload);
}

function settingsRows(): Record<string, string> {
  const rows = env.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

beforeEach(async () => {
  env = tempEnv();
  api = await FakeGmailApi.start({ clientId: CLIENT_ID, clientSecret: SECRET });
  box = new FileKeyBox(join(env.dir, 'secret.key'));
  handlers = wire();
  business = seedBusiness(env.db, 'Bakery', 0);
});

afterEach(async () => {
  await api.stop();
  env.cleanup();
});

describe('settings: the Gmail OAuth client', () => {
  it('round-trips the client ID; the secret is sealed by the secret box and only "set" is ever answered', async () => {
    expect(await call('settings:get', {})).toMatchObject({ ok: true, data: { gmailClientId: null, gmailClientSecretSet: false } });

    const saved = await call('settings:set', { gmailClientId: `  ${CLIENT_ID} `, gmailClientSecret: ` ${SECRET} ` });
    expect(saved).toMatchObject({ ok: true, data: { gmailClientId: CLIENT_ID, gmailClientSecretSet: true, language: 'en' } });
    const got = await call('settings:get', {});
    expect(got).toEqual(saved);
    for (const answer of [saved, got]) {
      expect(JSON.stringify(answer)).not.toContain(SECRET);
      expect(JSON.stringify(answer)).not.toContain('gmailClientSecret"');
    }

    // Stored sealed: not in the row, not in the database files; the box opens it.
    const row = JSON.parse(settingsRows().gmailClientSecret!) as { box: string; cipher: string };
    expect(row.box).toBe('file-key');
    expect(settingsRows().gmailClientSecret).not.toContain(SECRET);
    expect(await box.decrypt(Buffer.from(row.cipher, 'base64'))).toBe(SECRET);
    for (const file of [env.dbPath, `${env.dbPath}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(SECRET), file).toBe(false);
    }

    // Other settings leave the client alone.
    expect(await call('settings:set', { workerLimit: 4 })).toMatchObject({ ok: true, data: { workerLimit: 4, gmailClientId: CLIENT_ID, gmailClientSecretSet: true } });
  });

  it('refuses a bad client ID with a specific message, and writes nothing', async () => {
    const before = settingsRows();
    const cases: [unknown, RegExp][] = [
      ['', /Enter the Gmail OAuth client ID/],
      ['GOCSPX-abcdef', /This is a client secret \(it starts with GOCSPX-\), not the client ID/],
      ['1234567890-abc def.apps.googleusercontent.com', /space or line break/],
      ['1234567890-abc.apps.example.com', /ends in \.apps\.googleusercontent\.com/],
      ['project-abc.apps.googleusercontent.com', /starts with the project number \(digits\) and a dash/],
      ['1234567890-abc_def.apps.googleusercontent.com', /only letters and digits/],
      [`1234567890-${'a'.repeat(400)}.apps.googleusercontent.com`, /too long/],
      [42, /expected string/i],
    ];
    for (const [gmailClientId, message] of cases) {
      const result = await call('settings:set', { gmailClientId });
      expect(result, String(gmailClientId)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      const details = (!result.ok && result.error.details) || [];
      expect(details).toHaveLength(1);
      expect(details[0]).toMatch(/^gmailClientId: /);
      expect(details[0]).toMatch(message);
    }
    const secret = await call('settings:set', { gmailClientId: CLIENT_ID, gmailClientSecret: CLIENT_ID });
    expect(!secret.ok && secret.error.details).toEqual(['gmailClientSecret: This is the client ID, not the client secret.']);
    // The connect request is held to the same rule.
    const connect = await call('gmail:connect', { businessId: business, clientId: 'GOCSPX-abcdef' });
    expect(!connect.ok && connect.error.details?.[0]).toMatch(/^clientId: This is a client secret/);
    expect(settingsRows()).toEqual(before);
  });

  it('a secret belongs to its client ID: none without one; a new ID or removing the ID forgets it', async () => {
    const alone = await call('settings:set', { gmailClientSecret: SECRET });
    expect(alone).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/a secret alone is of no use/) } });
    expect(settingsRows().gmailClientSecret).toBeUndefined();

    await call('settings:set', { gmailClientId: CLIENT_ID, gmailClientSecret: SECRET });
    // The same ID again keeps the secret; a different one forgets it.
    expect(await call('settings:set', { gmailClientId: CLIENT_ID })).toMatchObject({ ok: true, data: { gmailClientSecretSet: true } });
    const other = '987654321-zyx.apps.googleusercontent.com';
    expect(await call('settings:set', { gmailClientId: other })).toMatchObject({ ok: true, data: { gmailClientId: other, gmailClientSecretSet: false } });
    expect(settingsRows().gmailClientSecret).toBeUndefined();

    await call('settings:set', { gmailClientId: CLIENT_ID, gmailClientSecret: SECRET });
    expect(await call('settings:set', { gmailClientSecret: null })).toMatchObject({ ok: true, data: { gmailClientId: CLIENT_ID, gmailClientSecretSet: false } });
    await call('settings:set', { gmailClientSecret: SECRET });
    expect(await call('settings:set', { gmailClientId: null })).toMatchObject({ ok: true, data: { gmailClientId: null, gmailClientSecretSet: false } });
    expect(settingsRows().gmailClientId).toBeUndefined();
    expect(settingsRows().gmailClientSecret).toBeUndefined();
  });
});

describe('gmail:connect with the saved client', () => {
  it('without a client ID in the request, connects with the saved ID and secret', async () => {
    const none = await call('gmail:connect', { businessId: business });
    expect(none).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/No Gmail OAuth client ID is set\. Add it in Settings → Gmail/) } });

    await call('settings:set', { gmailClientId: CLIENT_ID, gmailClientSecret: SECRET });
    const connected = await call('gmail:connect', { businessId: business });
    expect(connected).toMatchObject({ ok: true, data: { email: api.emailAddress, clientId: CLIENT_ID } });
    const row = findGmailConnection(env.db, business)!;
    expect(row.client_id).toBe(CLIENT_ID);
    // The saved secret went with it (and is kept, sealed, for the sync's token refreshes).
    expect(await box.decrypt(row.client_secret_cipher!)).toBe(SECRET);
    expect(api.grants.authorizationCode).toBe(1);
  });

  it('the saved secret is really sent: a wrong one is refused by Google', async () => {
    await call('settings:set', { gmailClientId: CLIENT_ID, gmailClientSecret: 'GOCSPX-wrong' });
    const result = await call('gmail:connect', { businessId: business });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/does not recognise Taskdeck’s OAuth client ID or secret/) } });
    expect(findGmailConnection(env.db, business)).toBeUndefined();
  });

  it('a secret saved by another secret box (the app’s keychain) is not guessed at: a plain error says to save it again', async () => {
    const keychain: SecretBox = { kind: 'os-keychain', encrypt: async (p) => Buffer.from(`kc:${p}`), decrypt: async (c) => c.toString().slice(3) };
    await call('settings:set', { gmailClientId: CLIENT_ID, gmailClientSecret: SECRET }, wire(keychain));
    const result = await call('gmail:connect', { businessId: business });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/saved in the app \(OS keychain\) and cannot be read here\. Save it again here/) } });
    expect(api.grants.authorizationCode).toBe(0);
  });
});

describe('CLI: settings gmail-client and gmail connect with the saved client', () => {
  function cli(args: string[], extraEnv: Record<string, string> = {}, onStderr?: (text: string) => void) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', env.dbPath, '--json', ...args], {
        env: { ...process.env, TASKDECK_GOOGLE_CLIENT_SECRET: '', ...extraEnv },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        onStderr?.(stderr);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: stdout.trim(), stderr });
      });
    });
  }

  it('saves the client (secret from an environment variable, sealed), shows it without the secret, refuses a bad ID, and connects with it', async () => {
    const empty = await cli(['settings', 'gmail-client']);
    expect(JSON.parse(empty.stdout)).toEqual({ gmailClientId: null, gmailClientSecretSet: false });

    const bad = await cli(['settings', 'gmail-client', '--client-id', 'GOCSPX-abcdef']);
    expect(bad.code).toBe(1);
    // The window's words for the same request (settings:set), field name and all.
    expect(bad.stderr).toMatch(/gmailClientId: This is a client secret \(it starts with GOCSPX-\), not the client ID/);

    const argvSecret = await cli(['settings', 'set', `gmailClientSecret=${SECRET}`]);
    expect(argvSecret.code).toBe(1);
    expect(argvSecret.stderr).toMatch(/never read from the command line/);

    const saved = await cli(['settings', 'gmail-client', '--client-id', CLIENT_ID, '--secret-env', 'MY_GOOGLE_SECRET'], { MY_GOOGLE_SECRET: SECRET });
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toEqual({ gmailClientId: CLIENT_ID, gmailClientSecretSet: true });
    const shown = await cli(['settings', 'get']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ gmailClientId: CLIENT_ID, gmailClientSecretSet: true });
    expect(shown.stdout + saved.stdout).not.toContain(SECRET);
    expect(settingsRows().gmailClientSecret).not.toContain(SECRET);

    // `gmail connect` without --client-id: the CLI prints Google's address; the "browser" opens it.
    let opened = false;
    const connected = await cli(
      ['gmail', 'connect', '-b', String(business)],
      { TASKDECK_GOOGLE_AUTH_URL: api.authUrl, TASKDECK_GOOGLE_TOKEN_URL: api.tokenUrl, TASKDECK_GMAIL_API_URL: api.baseUrl },
      (text) => {
        const url = /https?:\/\/\S+/.exec(text.slice(text.indexOf('connect Gmail:')))?.[0];
        if (url && !opened) {
          opened = true;
          void fakeBrowser(url);
        }
      },
    );
    expect(connected.stderr).toContain(`client_id=${encodeURIComponent(CLIENT_ID)}`);
    expect(connected.code).toBe(0);
    expect(JSON.parse(connected.stdout)).toMatchObject({ email: api.emailAddress, clientId: CLIENT_ID });
    const row = findGmailConnection(env.db, business)!;
    expect(await box.decrypt(row.client_secret_cipher!)).toBe(SECRET);

    const cleared = await cli(['settings', 'gmail-client', '--clear']);
    expect(JSON.parse(cleared.stdout)).toEqual({ gmailClientId: null, gmailClientSecretSet: false });
  }, 90_000);
});
