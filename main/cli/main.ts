/**
 * The CLI: finds the command (main/cli/commands/), parses its flags, runs it and prints.
 * Commands ask main's IPC handlers through `dispatch` with the contract built from the
 * kinds, so the CLI refuses exactly what the window refuses, in the same words.
 */
import { parseArgs } from 'node:util';
import { formatMessage } from '../../common/messages.ts';
import { TaskdeckError } from '../../common/result.ts';
import { WORKER_ENTRY_TS } from '../engine/worker-host.ts';
import { SHIPPED_KINDS, type MainKinds } from '../tasks/registry.ts';
import { str, type CliValues } from './args.ts';
import { GLOBAL_OPTIONS, type CliCommand, type CliContext, type CliIo, type CliOptions } from './command.ts';
import { allCommands } from './commands/index.ts';
import { cliSupervisor } from './context.ts';
import { commandHelp, globalHelp, unknownCommand } from './help.ts';
import { openSession } from './session.ts';

export type { CliIo } from './command.ts';

export interface CliOptionsOfRun {
  /** The kinds it starts and runs (the shipped ones unless a test adds one). */
  kinds?: MainKinds;
  /** The worker script for those kinds (a test kind needs a worker that knows it). */
  workerEntry?: string;
}

/** Exit codes: 0 done, 1 refused (bad input, not found, a task that did not complete), 2 bad command line, 70 a bug. */
const REFUSED = 1;
const USAGE = 2;
const BUG = 70;

export async function runCli(argv: readonly string[], io: CliIo, options: CliOptionsOfRun = {}): Promise<number> {
  const kinds = options.kinds ?? SHIPPED_KINDS;
  const commands = allCommands(kinds);
  const words = wordsOf(argv, commands);
  const command = findCommand(words, commands);
  const asksHelp = argv.includes('--help') || argv.includes('-h');
  if (!command) {
    if (words.length === 0) {
      io.out(globalHelp(commands));
      return 0;
    }
    io.err(unknownCommand(words, commands));
    return USAGE;
  }
  if (asksHelp) {
    io.out(commandHelp(command));
    return 0;
  }
  let parsed: { values: CliValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${commandHelp(command)}`);
    return USAGE;
  }
  return run(command, parsed, io, { kinds, workerEntry: options.workerEntry ?? WORKER_ENTRY_TS });
}

async function run(command: CliCommand, parsed: { values: CliValues; positionals: string[] }, io: CliIo, engine: { kinds: MainKinds; workerEntry: string }): Promise<number> {
  const json = parsed.values.json === true;
  let session: ReturnType<typeof openSession> | undefined;
  try {
    session = openSession(str(parsed.values, 'db'), engine);
    const { db, dbPath } = session;
    const ctx: CliContext = {
      values: parsed.values,
      positionals: parsed.positionals.slice(command.command.split(' ').length),
      json,
      io,
      db,
      dbPath,
      call: session.call,
      print: (human, data) => io.out(json ? JSON.stringify(data) : human),
      supervisor: (extra) => cliSupervisor(db, dbPath, engine, extra),
    };
    return (await command.run(ctx)) ?? 0;
  } catch (error) {
    if (error instanceof TaskdeckError) {
      // The owner's words, in English, and what exactly was refused; never a stack.
      const text = error.words ? formatMessage(error.words) : error.message;
      io.err([`Error (${error.code}): ${text}`, ...(error.details ?? []).map((d) => `  ${d}`)].join('\n'));
      return REFUSED;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.TASKDECK_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return BUG;
  } finally {
    session?.close();
  }
}

/** Every flag any command knows, so the words can be found wherever the flags are (`--db x business list`). */
function allOptions(commands: readonly CliCommand[]): CliOptions {
  const merged: Record<string, CliCommand['options'][string]> = { ...GLOBAL_OPTIONS };
  for (const c of commands) for (const [name, option] of Object.entries(c.options)) merged[name] ??= option;
  return merged;
}

/** The positionals, read leniently: only to find the command; its own flags are checked strictly after. */
function wordsOf(argv: readonly string[], commands: readonly CliCommand[]): string[] {
  return parseArgs({ args: [...argv], options: allOptions(commands), allowPositionals: true, strict: false }).positionals;
}

/** The command named by the first two words, else by the first (`run`). */
function findCommand(words: readonly string[], commands: readonly CliCommand[]): CliCommand | undefined {
  const byName = new Map(commands.map((c) => [c.command, c]));
  return byName.get(words.slice(0, 2).join(' ')) ?? byName.get(words[0] ?? '');
}
