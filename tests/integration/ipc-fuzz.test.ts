/**
 * Every IPC channel gets malformed payloads (wrong types, huge strings, other
 * businesses' ids, prototype-pollution keys): each answer is a specific error,
 * nothing is written, and main keeps answering valid requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../common/ipc/channels.ts';
import { createHandlers, type Handlers } from '../../main/ipc/handlers.ts';
import { dispatch } from '../../main/ipc/dispatch.ts';
import { accountsFor, seedBusiness, services, tempEnv, type TestEnv } from '../helpers/engine.ts';

let env: TestEnv;
let handlers: Handlers;
let a: number;
let b: number;
let taskOfA: number;

beforeAll(() => {
  env = tempEnv();
  a = seedBusiness(env.db, 'A', 5);
  b = seedBusiness(env.db, 'B', 5, { phoneBase: 540_000_000 });
  const svc = services(env);
  handlers = createHandlers({ db: env.db, tasks: svc, accounts: accountsFor(env) });
  taskOfA = svc.start(a, 'broadcast', { template: 'Hi', recipients: { type: 'all' }, provider: { type: 'test-mode', options: {} } }).id;
});
afterAll(() => env.cleanup());

const huge = 'x'.repeat(2_000_000);
const malformed: unknown[] = [
  undefined,
  null,
  42,
  'tasks',
  [],
  [1, 2],
  true,
  { businessId: '1' },
  { businessId: -1 },
  { businessId: 1.5 },
  { businessId: Number.MAX_SAFE_INTEGER + 10 },
  { businessId: 1, taskId: 'x' },
  { businessId: 1, name: huge },
  { businessId: 1, path: huge },
  { businessId: 1, search: huge },
  { businessId: 1, taskId: 1, limit: 10_000_000 },
  { businessId: 1, taskId: 1, offset: -5 },
  { businessId: 1, params: { template: huge, recipients: { type: 'all' }, provider: { type: 'test-mode' } } },
  { businessId: 1, params: { template: 'x', recipients: { type: 'sql', query: 'DROP TABLE tasks' }, provider: { type: 'test-mode' } } },
  JSON.parse('{"__proto__": {"polluted": true}, "businessId": 1}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "businessId": 1}'),
  { businessId: 1, language: 'fr' },
  { businessId: 1, workerLimit: 1000 },
  { businessId: 1, taskId: 1, resolution: 'delete-everything' },
];

function tableCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['businesses', 'contacts', 'tasks', 'task_items', 'outbox', 'settings']) {
    out[t] = (env.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

describe('IPC validation', () => {
  it('rejects malformed payloads on every channel with a specific error and writes nothing', async () => {
    const before = tableCounts();
    let rejected = 0;
    for (const channel of REQUEST_CHANNELS) {
      for (const payload of malformed) {
        const result = await dispatch(handlers, channel, payload);
        // A payload can only pass when the channel takes no arguments ({} shapes);
        // those must still not be affected by extra keys.
        if (result.ok) {
          expect(['businesses:list', 'settings:get'], `${channel} accepted ${JSON.stringify(payload)?.slice(0, 80)}`).toContain(channel);
          continue;
        }
        rejected++;
        expect(['invalid_request', 'not_found']).toContain(result.error.code);
        expect(result.error.message.length).toBeLessThan(300);
      }
    }
    expect(rejected).toBeGreaterThan(REQUEST_CHANNELS.length * (malformed.length - 3));
    expect(tableCounts()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers not_found for another business's task on every task channel", async () => {
    for (const channel of REQUEST_CHANNELS.filter((c) => c.startsWith('tasks:') && c !== 'tasks:list' && c !== 'tasks:start')) {
      const payload: Record<string, unknown> = { businessId: b, taskId: taskOfA };
      if (channel === 'tasks:settleInDoubt') payload.resolution = 'mark-sent';
      const result = await dispatch(handlers, channel, payload);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });

  it('rejects unknown channels and stays up', async () => {
    expect(await dispatch(handlers, 'fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch(handlers, '__proto__', {})).toMatchObject({ ok: false });
    const ok = await dispatch(handlers, 'businesses:list', {});
    expect(ok.ok).toBe(true);
  });
});
