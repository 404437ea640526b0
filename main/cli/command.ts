/**
 * What a CLI command is: a row of a small table (main/cli/commands/<domain>.ts) with its
 * words, its usage (the help is generated from these), the flags it reads, and `run`. A
 * command turns flags into a channel and a payload and asks `ctx.call`, which goes through
 * the same `dispatch` and contract as the window, so the CLI never checks a request itself.
 */
import type { RequestChannel } from '../../common/ipc/channels.ts';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import type { Supervisor, SupervisorOptions } from '../engine/supervisor.ts';
import type { Db } from '../store/db.ts';
import { num, str, type CliValues } from './args.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** A node:util parseArgs option. */
export interface CliOption {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}
export type CliOptions = Readonly<Record<string, CliOption>>;

export interface CliContext {
  /** The flags, global ones included. */
  values: CliValues;
  /** What follows the command's words (`tasks pause 7` → ['7']). */
  positionals: readonly string[];
  json: boolean;
  io: CliIo;
  db: Db;
  dbPath: string;
  /** The request through main's dispatch; throws a TaskdeckError with the answer's error. */
  call<C extends RequestChannel>(channel: C, payload: unknown): Promise<ResponseOf<C>>;
  /** `human` for a terminal, `data` as one JSON line with --json. */
  print(human: string, data: unknown): void;
  /** A supervisor with child-process workers that run these kinds (--wait, run, cancel). */
  supervisor(extra?: Partial<SupervisorOptions>): Supervisor;
}

export interface CliCommand {
  /** Its words, e.g. "tasks pause". */
  command: string;
  /** One or more usage lines, as --help shows them. */
  usage: string;
  options: CliOptions;
  /** The exit code (0 unless said otherwise). */
  run(ctx: CliContext): Promise<number | void>;
}

/** Options every command takes; read by runCli itself. */
export const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions;

/** -b <id>: the business a command works on. */
export const BUSINESS = { business: { type: 'string', short: 'b' } } as const satisfies CliOptions;
/** --offset / --limit of a paged list. */
export const PAGING = { offset: { type: 'string' }, limit: { type: 'string' } } as const satisfies CliOptions;

export function businessOf(ctx: CliContext): number {
  return num(ctx.values, 'business');
}

/** The id in positional `index`, named like a flag in the error (`--task must be a number`). */
export function idAt(ctx: CliContext, index: number, name: string): number {
  return num({ [name]: ctx.positionals[index] }, name);
}

/** Paging flags; `limit` is the CLI's own default (a screenful), the schema checks the bounds. */
export function paging(ctx: CliContext, limit: number): { offset: number; limit: number } {
  return { offset: num(ctx.values, 'offset', 0), limit: num(ctx.values, 'limit', limit) };
}

/** `{ [key]: value }` when the flag was given, else nothing: absent flags take the schema's defaults. */
export function given(ctx: CliContext, flag: string, key = flag): Record<string, string> {
  const value = str(ctx.values, flag);
  return value === undefined ? {} : { [key]: value };
}
