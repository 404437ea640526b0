/** `taskdeck receipts sync`: copy receipts from the business's Gmail. */
import { flag, optionalNum, str } from '../../cli/args.ts';
import type { KindCli } from '../kind.ts';

export const receiptsSyncCli: KindCli = {
  command: 'receipts sync',
  usage: `receipts sync -b <id> [--query q] [--months 12] [--reimport-deleted] [--wait]
                  receipts deleted here are skipped unless --reimport-deleted`,
  options: { query: { type: 'string' }, months: { type: 'string' }, rate: { type: 'string' }, 'reimport-deleted': { type: 'boolean' } },
  toInput(values) {
    const query = str(values, 'query');
    const months = optionalNum(values, 'months');
    const rate = optionalNum(values, 'rate');
    return {
      ...(query ? { query } : {}),
      ...(months !== undefined ? { months } : {}),
      ...(rate !== undefined ? { ratePerSecond: rate } : {}),
      ...(flag(values, 'reimport-deleted') ? { reimportDeleted: true } : {}),
    };
  },
};
