/**
 * A task that waits for its account stores words that say what happened and what to do
 * for that account, in English, as sentences of the catalogue (common/reasons.ts) that the
 * window can show in Hebrew: a Gmail sync points to the Receipts page, a removed WhatsApp
 * account to cancelling; the supervisor adds nothing of its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatMessage } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import type { GmailService } from '../../main/services/gmail-service.ts';
import { FakeGmailApi } from '../fakes/gmail-api-server.ts';
import { connectToFake, gmailServiceFor } from '../helpers/gmail.ts';
import { credentialsOf, accountsFor, englishOf, seedBusiness, services, supervisorFor, task, tempEnv, waitFor, waitForStatus, type TestEnv } from '../helpers/engine.ts';

let env: TestEnv;
let api: FakeGmailApi | undefined;
const supervisors: Supervisor[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(2000);
  await api?.stop();
  api = undefined;
  env?.cleanup();
});

async function connectedGmail(): Promise<{ gmail: GmailService; business: number }> {
  env = tempEnv();
  api = await FakeGmailApi.start();
  api.addMessages(5, { withAttachments: true });
  const business = seedBusiness(env.db, 'A', 0);
  const gmail = gmailServiceFor(env, api);
  await connectToFake(gmail, business, api);
  return { gmail, business };
}

function startSupervisor(gmail: GmailService): Supervisor {
  const supervisor = supervisorFor(env, { credentials: credentialsOf({ gmail }) });
  supervisors.push(supervisor);
  supervisor.start();
  return supervisor;
}

const parked = (id: number) => waitFor(() => (task(env, id).wait_reason === 'account' ? task(env, id) : null), 30_000, 'waiting (account)');

describe('waiting for the account, in words for that account', () => {
  it('a Gmail sync whose access was revoked: reconnect on the Receipts page, then Resume', async () => {
    const { gmail, business } = await connectedGmail();
    api!.revokeRefreshTokens();
    const sync = services(env).start(business, 'receipts-sync', { query: 'has:attachment' });
    startSupervisor(gmail);
    const row = await parked(sync.id);
    expect(row.status).toBe('waiting');
    expect(JSON.parse(row.last_error!)).toEqual(
      reason('accountWait', { reason: reason('gmailAccessLost', { reason: reason('oauthRevoked') }), action: reason('thenPressResume') }),
    );
    expect(englishOf(row.last_error)).toContain('Reconnect Gmail on the Receipts page');
    expect(englishOf(row.last_error)).not.toMatch(/Settings|token/);

    // Reconnecting is the fix: the sync goes on by itself at once, not after the 15-minute retry.
    expect(row.next_run_at).toBeGreaterThan(Date.now() + 60_000);
    await connectToFake(gmail, business, api!);
    const done = await waitForStatus(env, sync.id, ['completed', 'failed'], 20_000);
    expect(done.status).toBe('completed');
    expect(done.succeeded).toBe(5);
  });

  it('a Gmail sync whose connection was removed: the service’s words, as they are', async () => {
    const { gmail, business } = await connectedGmail();
    const sync = services(env).start(business, 'receipts-sync', { query: 'has:attachment' });
    gmail.disconnect(business);
    startSupervisor(gmail);
    const row = await parked(sync.id);
    expect(englishOf(row.last_error)).toBe('Gmail is not connected for this business. Connect it on the Receipts page, then press Resume.');
    expect(JSON.parse(row.last_error!)).toEqual({ key: 'gmailNotConnectedResume' });
  });

  it('a broadcast whose WhatsApp account was removed cannot be resumed: it says to cancel and start again', async () => {
    env = tempEnv();
    const business = seedBusiness(env.db, 'A', 0);
    await expect(accountsFor(env).secretsForAccount(business, 999)).rejects.toThrow(formatMessage(reason('waAccountRemoved')));
    expect(formatMessage(reason('waAccountRemoved'))).toMatch(/Cancel it, then start the broadcast again with another account\.$/);
  });
});
