/** `gmail connect|status|disconnect` (gmail:*). The client secret comes from the environment only. */
import { str } from '../args.ts';
import { BUSINESS, businessOf, type CliCommand } from '../command.ts';

export const gmailCommands: CliCommand[] = [
  {
    command: 'gmail connect',
    usage: `gmail connect -b <id> [--client-id C]   without --client-id: the client saved with settings gmail-client
                  (client secret, if any, from TASKDECK_GOOGLE_CLIENT_SECRET)`,
    options: { ...BUSINESS, 'client-id': { type: 'string' } },
    async run(ctx) {
      // Without --client-id the handler takes the client saved in settings, with its own secret.
      const clientId = str(ctx.values, 'client-id');
      const secret = clientId === undefined ? undefined : process.env.TASKDECK_GOOGLE_CLIENT_SECRET?.trim() || undefined;
      const c = await ctx.call('gmail:connect', {
        businessId: businessOf(ctx),
        ...(clientId === undefined ? {} : { clientId }),
        ...(secret === undefined ? {} : { clientSecret: secret }),
      });
      ctx.print(`Gmail connected: ${c.email} (refresh token kept encrypted)`, c);
    },
  },
  {
    command: 'gmail status',
    usage: 'gmail status -b <id>',
    options: BUSINESS,
    async run(ctx) {
      const c = await ctx.call('gmail:status', { businessId: businessOf(ctx) });
      const deleted = c?.deletedHere ? `; ${c.deletedHere} deleted here are skipped (--reimport-deleted copies them again)` : '';
      ctx.print(c ? `${c.email}, ${c.incremental ? 'next sync reads only new mail' : 'next sync is a full one'}${deleted}` : 'Gmail is not connected', c);
    },
  },
  {
    command: 'gmail disconnect',
    usage: 'gmail disconnect -b <id>',
    options: BUSINESS,
    async run(ctx) {
      const answer = await ctx.call('gmail:disconnect', { businessId: businessOf(ctx) });
      ctx.print('Disconnected.', answer);
    },
  },
];
