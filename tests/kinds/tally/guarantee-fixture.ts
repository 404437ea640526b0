/** The tally in the guarantee suite: each number's line in its ledger. */
import { join } from 'node:path';
import type { GuaranteeFixture } from '../../guarantees/fixture.ts';
import type { TallyParams } from './facts.ts';
import { readLedger } from './ledger.ts';

const ledgerOf = (dir: string, businessId: number) => join(dir, `tally-${businessId}.ledger`);

export const tallyFixture: GuaranteeFixture = {
  units: 600,
  async prepare(world, businessId) {
    return { count: this.units, ledger: ledgerOf(world.env.dir, businessId), delayMs: 8, lanes: 2 } satisfies TallyParams;
  },
  effects(world, businessId, taskId) {
    const counts = new Map<string, number>();
    for (const line of readLedger(ledgerOf(world.env.dir, businessId))) {
      if (line.businessId !== businessId || line.taskId !== taskId) continue;
      counts.set(String(line.n), (counts.get(String(line.n)) ?? 0) + 1);
    }
    return counts;
  },
};
