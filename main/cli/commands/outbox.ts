/** `outbox list`: what test mode "sent" (outbox:list). */
import { num, str } from '../args.ts';
import { BUSINESS, PAGING, businessOf, paging, type CliCommand } from '../command.ts';

export const outboxCommands: CliCommand[] = [
  {
    command: 'outbox list',
    usage: 'outbox list -b <id> [--task t]        what test mode "sent"',
    options: { ...BUSINESS, ...PAGING, task: { type: 'string' } },
    async run(ctx) {
      const task = str(ctx.values, 'task') === undefined ? {} : { taskId: num(ctx.values, 'task') };
      const page = await ctx.call('outbox:list', { businessId: businessOf(ctx), ...task, ...paging(ctx, 50) });
      const rows = page.rows.map((o) => `${o.id}\ttask ${o.taskId}\t${o.phone}\t${o.body}`);
      ctx.print([...rows, `${page.total} sent`].join('\n'), page);
    },
  },
];
