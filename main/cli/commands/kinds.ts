/**
 * The start command of every kind in the registry, from its `cli` (main/tasks/<kind>/cli.ts):
 * its flags become the kind's input and a `tasks:start` request, checked by the kind's own
 * schema in the contract. A kind added to the registry gets its command with no edit here.
 */
import { BUSINESS, businessOf, type CliCommand } from '../command.ts';
import { finishStart } from '../wait.ts';
import type { KindCli } from '../../tasks/kind.ts';
import type { MainKinds } from '../../tasks/registry.ts';

function startCommand(kind: string, cli: KindCli): CliCommand {
  return {
    command: cli.command,
    usage: cli.usage,
    // --title only for kinds that take one: for the others it is an unknown flag.
    options: { ...cli.options, ...BUSINESS, wait: { type: 'boolean' }, ...(cli.title ? { title: { type: 'string' } } : {}) },
    async run(ctx) {
      const businessId = businessOf(ctx);
      const input = cli.toInput(ctx.values, ctx.positionals);
      const title = cli.title?.(ctx.values);
      const snapshot = await ctx.call('tasks:start', { businessId, kind, input, ...(title === undefined ? {} : { title }) });
      return finishStart(ctx, snapshot);
    },
  };
}

export function kindCommands(kinds: MainKinds): CliCommand[] {
  return kinds.all().flatMap((k) => (k.cli ? [startCommand(k.facts.id, k.cli)] : []));
}

