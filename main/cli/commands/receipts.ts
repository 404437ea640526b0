/** `receipts list` (receipts:list). `receipts sync` and `receipts delete` are their kinds' start commands. */
import type { Receipt } from '../../../common/model.ts';
import { str } from '../args.ts';
import { BUSINESS, PAGING, businessOf, paging, type CliCommand } from '../command.ts';

const FILTER_FLAGS = ['before', 'after', 'vendor', 'search'] as const;

function line(r: Receipt): string {
  const amount = r.amountMinor === null ? '' : `${(r.amountMinor / 100).toFixed(2)} ${r.currency ?? ''}`;
  return `${r.id}\t${new Date(r.receivedAt).toISOString().slice(0, 10)}\t${r.vendor ?? ''}\t${amount}\t${r.subject}`;
}

export const receiptCommands: CliCommand[] = [
  {
    command: 'receipts list',
    usage: 'receipts list -b <id> [--before YYYY-MM-DD] [--after YYYY-MM-DD] [--vendor v] [--search s] [--limit n]',
    options: { ...BUSINESS, ...PAGING, ...Object.fromEntries(FILTER_FLAGS.map((f) => [f, { type: 'string' as const }])) },
    async run(ctx) {
      const filter = Object.fromEntries(FILTER_FLAGS.flatMap((f) => (str(ctx.values, f) === undefined ? [] : [[f, str(ctx.values, f)]])));
      const request = { businessId: businessOf(ctx), ...(Object.keys(filter).length ? { filter } : {}), ...paging(ctx, 50) };
      const page = await ctx.call('receipts:list', request);
      ctx.print([...page.rows.map(line), `${page.total} receipts`].join('\n'), page);
    },
  },
];
