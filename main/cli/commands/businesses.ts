/** `business add|list`: businesses:create / businesses:list. */
import type { Business } from '../../../common/model.ts';
import { given, type CliCommand } from '../command.ts';

const line = (b: Business) => `${b.id}\t${b.name}\t${b.defaultCountry}`;

export const businessCommands: CliCommand[] = [
  {
    command: 'business add',
    usage: 'business add <name> [--country IL]',
    options: { country: { type: 'string' } },
    async run(ctx) {
      // The name may come unquoted ("business add Corner Shop"): the words are joined.
      const b = await ctx.call('businesses:create', { name: ctx.positionals.join(' '), ...given(ctx, 'country', 'defaultCountry') });
      ctx.print(`Business ${b.id}: ${b.name} (${b.defaultCountry})`, b);
    },
  },
  {
    command: 'business list',
    usage: 'business list',
    options: {},
    async run(ctx) {
      const list = await ctx.call('businesses:list', {});
      ctx.print(list.map(line).join('\n') || '(no businesses)', list);
    },
  },
];
