/**
 * What the guarantee suite needs to know of a kind, and nothing more: how to give a
 * business work for one of its tasks, and how to see the task's side effects from outside
 * the engine (the outbox, a ledger, the contacts or receipts stored). Every check is the
 * suite's own (checks.ts) and reads the kind's facts: a kind's fixture holds no assertion.
 */
import type { World } from './world.ts';

export interface GuaranteeFixture {
  /** How many units of work (items, rows, messages, receipts) its task gets. */
  readonly units: number;
  /** Delay before each of its workers' commits, for kinds too fast to stop midway otherwise. */
  readonly commitDelayMs?: number;
  /** Gives `businessId` the work for one task; returns the input that starts it (`tasks:start`). */
  prepare(world: World, businessId: number): Promise<unknown>;
  /**
   * What the task did, as the world outside the engine sees it: unit → how many times its
   * side effect happened. Only `businessId`'s own: another business's effects never show.
   */
  effects(world: World, businessId: number, taskId: number): Map<string, number>;
}

/** Rows of (key, n) as the map `effects` returns. */
export function countsOf(rows: readonly { key: string | number; n: number }[]): Map<string, number> {
  return new Map(rows.map((r) => [String(r.key), r.n]));
}
