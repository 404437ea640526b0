/**
 * A task kind's main side: how a validated start request becomes a task (its title and
 * params), which credentials its worker needs, and the runner the worker loads. The
 * engine, the services, IPC and the CLI work with any kind through this; the kind's own
 * code stays in its folder (main/tasks/<kind>/).
 */
import type { z } from 'zod';
import type { Message } from '../../common/messages.ts';
import type { BusinessId } from '../../common/model.ts';
import type { TaskKindFacts } from '../../common/tasks/kind.ts';
import type { Db } from '../store/db.ts';
import type { TaskRow } from '../store/tasks-repo.ts';
import type { TaskContext } from '../worker/task-context.ts';

export type TaskRunner = (ctx: TaskContext) => Promise<void>;

export interface CreateContext {
  db: Db;
  businessId: BusinessId;
  /** A title the owner typed, if any (kept as typed, never translated). */
  title: string | undefined;
}

export interface Created {
  title: Message;
  params: unknown;
}

/**
 * Where credentials come from, decrypted in main (the OS keychain is reachable only
 * there). A source that cannot give them throws an error whose words say what happened
 * and what the owner does; the task then waits for its account with those words.
 */
export interface CredentialSources {
  whatsappAccount(businessId: BusinessId, accountId: number): Promise<Record<string, string>>;
  gmail(businessId: BusinessId): Promise<Record<string, string>>;
}

/** An in-doubt item the provider could look up: sent (with what it recorded), or not. */
export interface ProviderAnswer {
  itemId: number;
  sent: boolean;
  result?: Readonly<Record<string, unknown>>;
}

/** The CLI's start command for a kind: its flags and how they become the kind's input. */
export interface KindCli {
  /** e.g. "broadcast start" */
  command: string;
  /** One or more usage lines, shown by --help. */
  usage: string;
  /** node:util parseArgs options this command reads (merged with the global ones). */
  options: Readonly<Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>;
  /** Flags and positionals → the kind's input (validated by main like a window's request). */
  toInput(values: Readonly<Record<string, unknown>>, positionals: readonly string[]): unknown;
  /** A title from the flags (--title), if the kind takes one. */
  title?(values: Readonly<Record<string, unknown>>): string | undefined;
}

export interface MainKind<F extends TaskKindFacts = TaskKindFacts> {
  facts: F;
  /** The input already passed `facts.input`; throws a TaskdeckError (with the owner's words) to refuse. */
  create(ctx: CreateContext, input: z.output<F['input']>): Created;
  /** The credentials its worker needs; absent when it needs none. */
  credentials?(task: TaskRow, sources: CredentialSources): Promise<Record<string, string> | undefined>;
  /** Loaded in the worker only, so main never loads a kind's runner code. */
  runner(): Promise<TaskRunner>;
  /**
   * "Ask the provider" for in-doubt items: its answers, or null when this task's provider
   * cannot tell (the owner then marks them sent or sends them again).
   */
  askProvider?(db: Db, task: TaskRow, itemIds: readonly number[]): ProviderAnswer[] | null;
  cli?: KindCli;
}

/** Keeps a kind's literal types while checking it against MainKind. */
export function defineMainKind<F extends TaskKindFacts>(kind: MainKind<F>): MainKind<F> {
  return kind;
}

