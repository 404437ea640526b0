/**
 * Test mode: the embedded provider that lets the app work with no account.
 * A "send" appends to the outbox table through its own connection, committed on its
 * own like a network request, so a crash between send and outcome leaves an in-doubt
 * item exactly as a real provider would. The failure mix is deterministic per
 * (seed, item, attempt), so a replay after a crash sees the same answers.
 */
import type { TestModeOptions } from '../../common/tasks/broadcast/params.ts';
import { reason } from '../../common/reasons.ts';
import { openDatabase, now, type Db } from '../store/db.ts';
import { readFlag } from '../store/settings-repo.ts';
import { stmt } from '../store/statements.ts';
import { abortableSleep } from '../worker/abortable-sleep.ts';
import type { OutgoingMessage, Provider, SendOutcome, SettleAnswer } from './provider.ts';
import { unitHash } from './unit-hash.ts';

/** The simulation switches are read from settings at most this often. */
const FLAG_TTL_MS = 200;

export class TestModeProvider implements Provider {
  readonly name = 'test-mode';
  private readonly remote: Db;
  private readonly options: TestModeOptions;
  private offlineUntil = 0;
  private readonly flags = {
    testModeOffline: { value: false, readAt: 0 },
    testModeAccountProblem: { value: false, readAt: 0 },
  };

  constructor(dbPath: string, options: TestModeOptions) {
    // The "remote side" gets its own connection and commits each send on its own.
    // synchronous=OFF: a killed process loses nothing (the OS has the WAL pages), and
    // the engine's next FULL commit fsyncs the same WAL file, outbox rows included.
    this.remote = openDatabase(dbPath, { synchronous: 'OFF' });
    this.options = options;
  }

  private flag(key: keyof TestModeProvider['flags']): boolean {
    const cached = this.flags[key];
    const t = now();
    if (t - cached.readAt > FLAG_TTL_MS) this.flags[key] = { value: readFlag(this.remote, key), readAt: t };
    return this.flags[key].value;
  }

  private networkDown(): boolean {
    return now() < this.offlineUntil || this.flag('testModeOffline');
  }

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome> {
    if (signal.aborted) return { kind: 'not-sent' };
    if (this.networkDown()) return { kind: 'offline', reason: reason('testOffline') };
    if (this.flag('testModeAccountProblem')) {
      return {
        kind: 'account',
        reasonId: 'token-expired',
        reason: reason('testTokenExpired'),
        action: reason('testTurnOffAccountProblem'),
      };
    }
    if (this.options.latencyMs > 0) {
      const completed = await abortableSleep(this.options.latencyMs, signal);
      if (!completed) return { kind: 'not-sent' };
    }
    // Re-checked after the wait: an abort that arrived meanwhile means nothing is sent.
    if (signal.aborted) return { kind: 'not-sent' };
    const { seed, offlineRate, transientFailureRate, permanentFailureRate } = this.options;
    const draw = unitHash(seed, message.itemId, message.attempt);
    if (draw < offlineRate) {
      this.offlineUntil = now() + this.options.offlineForMs;
      return { kind: 'offline', reason: reason('testConnectionDropped') };
    }
    if (draw < offlineRate + transientFailureRate) {
      return { kind: 'retry', reason: reason('testBusy') };
    }
    // Permanent failures follow the recipient, not the attempt.
    if (unitHash(seed, message.itemId, 0xbad) < permanentFailureRate) {
      return { kind: 'rejected', reason: reason('testNotOnWhatsApp') };
    }
    const info = stmt(
      this.remote,
      'INSERT INTO outbox (business_id, task_id, item_id, phone, body, provider_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(message.businessId, message.taskId, message.itemId, message.phone, message.body, '', now());
    return { kind: 'sent', providerRef: `test-${info.lastInsertRowid}` };
  }

  async probe(): Promise<'online' | 'offline'> {
    this.flags.testModeOffline.readAt = 0;
    return this.networkDown() ? 'offline' : 'online';
  }

  settle(businessId: number, taskId: number, itemIds: readonly number[]): SettleAnswer[] {
    return settleFromOutbox(this.remote, businessId, taskId, itemIds);
  }

  close(): void {
    this.remote.close();
  }
}

/** Test mode can answer "was it sent?" by looking at its outbox. */
export function settleFromOutbox(db: Db, businessId: number, taskId: number, itemIds: readonly number[]): SettleAnswer[] {
  const lookup = stmt(db, 'SELECT id FROM outbox WHERE business_id = ? AND task_id = ? AND item_id = ? ORDER BY id LIMIT 1');
  return itemIds.map((itemId) => {
    const row = lookup.get(businessId, taskId, itemId) as { id: number } | undefined;
    return row ? { itemId, sent: true, providerRef: `test-${row.id}` } : { itemId, sent: false };
  });
}
