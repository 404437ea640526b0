/** `settings get|set|gmail-client` (settings:get / settings:set). Secrets come from the environment only. */
import type { Settings } from '../../../common/ipc/contract.ts';
import { TaskdeckError } from '../../../common/result.ts';
import { flag, str } from '../args.ts';
import type { CliCommand } from '../command.ts';

const shown = (s: Settings) => Object.entries(s).map(([k, v]) => `${k}=${String(v)}`).join('\n');

/** "key=value" words → a patch; values that look like booleans or whole numbers become them (the schema decides the rest). */
function patchOf(pairs: readonly string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [key, ...rest] = pair.split('=');
    const raw = rest.join('=');
    patch[key!] = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return patch;
}

function secretFrom(variable: string | undefined): string | undefined {
  if (variable === undefined) return process.env.TASKDECK_GOOGLE_CLIENT_SECRET?.trim() || undefined;
  const secret = process.env[variable]?.trim();
  if (!secret) throw new TaskdeckError('bad_input', `Put the client secret in the environment variable ${variable} (it is never read from the command line)`);
  return secret;
}

export const settingsCommands: CliCommand[] = [
  {
    command: 'settings get',
    usage: 'settings get',
    options: {},
    async run(ctx) {
      const s = await ctx.call('settings:get', {});
      ctx.print(shown(s), s);
    },
  },
  {
    command: 'settings set',
    usage: 'settings set key=value …',
    options: {},
    async run(ctx) {
      const patch = patchOf(ctx.positionals);
      // Not a check of the value: a secret typed here would stay in shell history and `ps`.
      if ('gmailClientSecret' in patch) {
        throw new TaskdeckError('bad_input', 'A secret is never read from the command line: use settings gmail-client --client-id C --secret-env VAR');
      }
      const s = await ctx.call('settings:set', patch);
      ctx.print(shown(s), s);
    },
  },
  {
    command: 'settings gmail-client',
    usage: `settings gmail-client [--client-id C [--secret-env VAR]] [--clear]   the Gmail OAuth client every business uses;
                  the secret (optional) is read from VAR (default TASKDECK_GOOGLE_CLIENT_SECRET), never from argv, and kept encrypted`,
    options: { 'client-id': { type: 'string' }, 'secret-env': { type: 'string' }, clear: { type: 'boolean' } },
    async run(ctx) {
      const clientId = str(ctx.values, 'client-id');
      const secretEnv = str(ctx.values, 'secret-env');
      let s: Settings;
      if (flag(ctx.values, 'clear')) s = await ctx.call('settings:set', { gmailClientId: null });
      else if (clientId !== undefined || secretEnv !== undefined) {
        const secret = secretFrom(secretEnv);
        s = await ctx.call('settings:set', {
          ...(clientId !== undefined ? { gmailClientId: clientId } : {}),
          ...(secret !== undefined ? { gmailClientSecret: secret } : {}),
        });
      } else s = await ctx.call('settings:get', {});
      ctx.print(
        s.gmailClientId
          ? `Gmail OAuth client ID: ${s.gmailClientId}; client secret: ${s.gmailClientSecretSet ? 'saved, encrypted' : 'none'}`
          : 'No Gmail OAuth client ID is set. Add one: taskdeck settings gmail-client --client-id <id>.apps.googleusercontent.com',
        { gmailClientId: s.gmailClientId, gmailClientSecretSet: s.gmailClientSecretSet },
      );
    },
  },
];
