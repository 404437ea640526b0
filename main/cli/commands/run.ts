/** `run`: supervise until no task is active (what the app's main process does, without a window). */
import { num, str } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { formatSnapshot } from '../format.ts';

export const runCommands: CliCommand[] = [
  {
    command: 'run',
    usage: 'run [--worker-limit n]                supervise until no task is active',
    options: { 'worker-limit': { type: 'string' }, 'lease-ms': { type: 'string' } },
    async run(ctx) {
      const limit = str(ctx.values, 'worker-limit') === undefined ? undefined : num(ctx.values, 'worker-limit');
      const supervisor = ctx.supervisor({
        ...(limit !== undefined ? { workerLimit: () => limit } : {}),
        ...(str(ctx.values, 'lease-ms') !== undefined ? { leaseMs: num(ctx.values, 'lease-ms') } : {}),
      });
      if (!ctx.json) supervisor.onSnapshot((s) => ctx.io.out(formatSnapshot(s)));
      // Ctrl-C: workers checkpoint and stop, so the tasks resume cleanly next time.
      const stop = () => void supervisor.shutdown().then(() => process.exit(130));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      supervisor.start();
      await supervisor.whenIdle();
      await supervisor.shutdown();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      ctx.print('No active tasks left.', { idle: true });
    },
  },
];
