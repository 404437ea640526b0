/** Every command, in the order --help lists them: the domains' tables and the kinds' start commands. */
import type { MainKinds } from '../../tasks/registry.ts';
import type { CliCommand } from '../command.ts';
import { accountCommands } from './accounts.ts';
import { businessCommands } from './businesses.ts';
import { contactCommands } from './contacts.ts';
import { gmailCommands } from './gmail.ts';
import { kindCommands } from './kinds.ts';
import { outboxCommands } from './outbox.ts';
import { receiptCommands } from './receipts.ts';
import { runCommands } from './run.ts';
import { settingsCommands } from './settings.ts';
import { taskCommands } from './tasks.ts';

export function allCommands(kinds: MainKinds): CliCommand[] {
  const commands = [
    ...businessCommands,
    ...contactCommands,
    ...kindCommands(kinds),
    ...taskCommands,
    ...outboxCommands,
    ...accountCommands,
    ...gmailCommands,
    ...receiptCommands,
    ...settingsCommands,
    ...runCommands,
  ];
  const seen = new Set<string>();
  for (const c of commands) {
    // A kind whose command a domain already has would silently lose one of them.
    if (seen.has(c.command)) throw new Error(`Two CLI commands are called "${c.command}"`);
    seen.add(c.command);
  }
  return commands;
}
