/** `accounts …` and `templates list`: WhatsApp accounts (accounts:*). Tokens come from the environment only. */
import { formatMessage } from '../../../common/messages.ts';
import { num, str } from '../args.ts';
import { BUSINESS, businessOf, given, idAt, type CliCommand } from '../command.ts';
import { readToken } from '../whatsapp-args.ts';

export const accountCommands: CliCommand[] = [
  {
    command: 'accounts add',
    usage: `accounts add -b <id> --label L --phone-number-id N --waba-id W [--token-env VAR] [--base-url U] [--graph-version v23.0] [--rate 20]
                  the token is read from the environment variable VAR (default TASKDECK_WHATSAPP_TOKEN), never from argv`,
    options: {
      ...BUSINESS,
      label: { type: 'string' },
      'phone-number-id': { type: 'string' },
      'waba-id': { type: 'string' },
      'token-env': { type: 'string' },
      'base-url': { type: 'string' },
      'graph-version': { type: 'string' },
      rate: { type: 'string' },
    },
    async run(ctx) {
      const rate = str(ctx.values, 'rate') === undefined ? {} : { ratePerSecond: num(ctx.values, 'rate') };
      const account = await ctx.call('accounts:add', {
        businessId: businessOf(ctx),
        label: str(ctx.values, 'label') ?? 'WhatsApp',
        ...given(ctx, 'phone-number-id', 'phoneNumberId'),
        ...given(ctx, 'waba-id', 'wabaId'),
        token: readToken(str(ctx.values, 'token-env')),
        ...given(ctx, 'graph-version', 'graphVersion'),
        ...given(ctx, 'base-url', 'baseUrl'),
        ...rate,
      });
      ctx.print(`Account ${account.id}: ${account.label} (phone number ID ${account.phoneNumberId}); token kept encrypted`, account);
    },
  },
  {
    command: 'accounts list',
    usage: 'accounts list -b <id>',
    options: BUSINESS,
    async run(ctx) {
      const list = await ctx.call('accounts:list', { businessId: businessOf(ctx) });
      const lines = list.map((a) => `${a.id}\t${a.label}\t${a.phoneNumberId}\t${a.check.displayPhoneNumber ?? ''}\t${a.check.error ? formatMessage(a.check.error) : ''}`);
      ctx.print(lines.join('\n') || '(no accounts)', list);
    },
  },
  {
    command: 'accounts check',
    usage: 'accounts check <account> -b <id>',
    options: BUSINESS,
    async run(ctx) {
      const a = await ctx.call('accounts:check', { businessId: businessOf(ctx), accountId: idAt(ctx, 0, 'account') });
      const c = a.check;
      ctx.print(c.error ? `Not connected: ${formatMessage(c.error)}` : `Connected: ${c.displayPhoneNumber} "${c.verifiedName}", quality ${c.qualityRating}`, a);
      return c.error ? 1 : 0;
    },
  },
  {
    command: 'accounts set-token',
    usage: 'accounts set-token <account> -b <id> [--token-env VAR]',
    options: { ...BUSINESS, 'token-env': { type: 'string' } },
    async run(ctx) {
      const request = { businessId: businessOf(ctx), accountId: idAt(ctx, 0, 'account'), token: readToken(str(ctx.values, 'token-env')) };
      const a = await ctx.call('accounts:replaceToken', request);
      ctx.print(`Token replaced for account ${a.id}; broadcasts waiting for it go on.`, a);
    },
  },
  {
    command: 'accounts remove',
    usage: 'accounts remove <account> -b <id>',
    options: BUSINESS,
    async run(ctx) {
      const removed = await ctx.call('accounts:remove', { businessId: businessOf(ctx), accountId: idAt(ctx, 0, 'account') });
      ctx.print('Removed.', removed);
    },
  },
  {
    command: 'templates list',
    usage: 'templates list -b <id> --account <account>',
    options: { ...BUSINESS, account: { type: 'string' } },
    async run(ctx) {
      const list = await ctx.call('accounts:templates', { businessId: businessOf(ctx), accountId: num(ctx.values, 'account') });
      const lines = list.map((t) => `${t.name}\t${t.language}\t${t.category}\t${t.paramCount} values\t${t.body.replace(/\s+/g, ' ').slice(0, 60)}`);
      ctx.print(lines.join('\n') || '(no approved templates)', list);
    },
  },
];
