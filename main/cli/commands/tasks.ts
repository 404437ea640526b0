/** `tasks …`: list, show, the controls (pause, resume, cancel, retry failed, dismiss, settle) and watch. */
import { formatMessage } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import type { TaskSnapshot } from '../../../common/model.ts';
import { BUSINESS, PAGING, businessOf, given, idAt, paging, type CliCommand, type CliContext } from '../command.ts';
import { formatSnapshot } from '../format.ts';
import { finishCancel, watch } from '../wait.ts';

type Control = 'tasks:pause' | 'tasks:resume' | 'tasks:cancel' | 'tasks:dismiss';

async function control(ctx: CliContext, channel: Control): Promise<TaskSnapshot> {
  const ref = { businessId: businessOf(ctx), taskId: idAt(ctx, 0, 'task') };
  const snapshot = await ctx.call(channel, ref);
  return channel === 'tasks:cancel' ? finishCancel(ctx, ref.businessId, ref.taskId) : snapshot;
}

/** Retry failed, saying how many go again and how many it kept (recipients who opted out). */
const retryFailedCommand: CliCommand = {
  command: 'tasks retry-failed',
  usage: 'tasks retry-failed <task> -b <id>',
  options: BUSINESS,
  async run(ctx) {
    const answer = await ctx.call('tasks:retryFailed', { businessId: businessOf(ctx), taskId: idAt(ctx, 0, 'task') });
    const lines = [formatSnapshot(answer.task), formatMessage(reason('retriedCount', { count: answer.retried }))];
    if (answer.leftAlone) lines.push(formatMessage(reason('retryLeftOptedOut', { count: answer.leftAlone })));
    ctx.print(lines.join('\n'), answer);
  },
};

function controlCommand(verb: string, channel: Control): CliCommand {
  return {
    command: `tasks ${verb}`,
    usage: `tasks ${verb} <task> -b <id>`,
    options: BUSINESS,
    async run(ctx) {
      const snapshot = await control(ctx, channel);
      ctx.print(formatSnapshot(snapshot), snapshot);
    },
  };
}

export const taskCommands: CliCommand[] = [
  {
    command: 'tasks list',
    usage: 'tasks list -b <id>',
    options: BUSINESS,
    async run(ctx) {
      const list = await ctx.call('tasks:list', { businessId: businessOf(ctx), includeDismissed: true });
      ctx.print(list.map(formatSnapshot).join('\n') || '(no tasks)', list);
    },
  },
  {
    command: 'tasks show',
    usage: 'tasks show <task> -b <id> [--state s] [--limit n] [--offset n]',
    options: { ...BUSINESS, ...PAGING, state: { type: 'string' } },
    async run(ctx) {
      const ref = { businessId: businessOf(ctx), taskId: idAt(ctx, 0, 'task') };
      const task = await ctx.call('tasks:get', ref);
      const items = await ctx.call('tasks:items', { ...ref, ...given(ctx, 'state'), ...paging(ctx, 20) });
      const lines = items.rows.map((i) => `  #${i.seq}\t${i.subject}\t${i.state}${i.reason ? `\t${formatMessage(i.reason)}` : ''}`);
      ctx.print([formatSnapshot(task), ...lines].join('\n'), { task, items });
    },
  },
  controlCommand('pause', 'tasks:pause'),
  controlCommand('resume', 'tasks:resume'),
  controlCommand('cancel', 'tasks:cancel'),
  retryFailedCommand,
  controlCommand('dismiss', 'tasks:dismiss'),
  {
    command: 'tasks settle',
    usage: 'tasks settle <task> -b <id> --resolution mark-sent|send-again|ask-provider',
    options: { ...BUSINESS, resolution: { type: 'string' } },
    async run(ctx) {
      const request = { businessId: businessOf(ctx), taskId: idAt(ctx, 0, 'task'), ...given(ctx, 'resolution') };
      const snapshot = await ctx.call('tasks:settleInDoubt', request);
      ctx.print(formatSnapshot(snapshot), snapshot);
    },
  },
  {
    command: 'tasks watch',
    usage: 'tasks watch [<task>] -b <id>          live progress until finished',
    options: BUSINESS,
    async run(ctx) {
      const businessId = businessOf(ctx);
      const only = ctx.positionals[0] === undefined ? undefined : idAt(ctx, 0, 'task');
      // Through the contract first, so another business's task is "not found" as in the window.
      if (only !== undefined) await ctx.call('tasks:get', { businessId, taskId: only });
      else await ctx.call('tasks:list', { businessId });
      await watch(ctx, businessId, only);
    },
  },
];
