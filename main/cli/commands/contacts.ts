/** `contacts list` (contacts:list). `contacts import` is the contacts-import kind's start command. */
import { BUSINESS, PAGING, businessOf, given, paging, type CliCommand } from '../command.ts';

export const contactCommands: CliCommand[] = [
  {
    command: 'contacts list',
    usage: 'contacts list -b <id> [--search s] [--limit n] [--offset n]',
    options: { ...BUSINESS, ...PAGING, search: { type: 'string' } },
    async run(ctx) {
      const page = await ctx.call('contacts:list', { businessId: businessOf(ctx), ...given(ctx, 'search'), ...paging(ctx, 50) });
      const rows = page.rows.map((c) => `${c.id}\t${c.phone}\t${c.name}${c.optedOut ? '\t(opted out)' : ''}`);
      ctx.print([...rows, `${page.total} contacts`].join('\n'), page);
    },
  },
];
