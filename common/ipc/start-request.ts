/**
 * The `tasks:start` request: one request for every kind, a union discriminated by `kind`
 * and built from the kinds it is given, so each kind's input is checked by the kind's own
 * schema and a kind added to the registry is startable without touching IPC.
 */
import { z } from 'zod';
import type { TaskKindFacts } from '../tasks/kind.ts';
import type { KIND_FACTS, KindSet, TaskKind } from '../tasks/kinds.ts';

/** Longest title the owner can give a task. */
export const TASK_TITLE_MAX = 200;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

type StartOf<K extends TaskKind> = {
  businessId: number;
  kind: K;
  /** The owner's own title; without one the kind makes one up. */
  title?: string;
  input: z.input<(typeof KIND_FACTS)[K]['input']>;
};

/** What the window sends to start a task of a shipped kind (typed per kind). */
export type StartRequest = { [K in TaskKind]: StartOf<K> }[TaskKind];

/** What the handler receives: the envelope checked, the input parsed by the kind's schema. */
export interface ParsedStartRequest {
  businessId: number;
  kind: string;
  title?: string | undefined;
  input: unknown;
}

function optionFor(facts: TaskKindFacts) {
  return z
    .object({
      businessId: id,
      kind: z.literal(facts.id),
      title: z.string().trim().min(1).max(TASK_TITLE_MAX).optional(),
      input: facts.input,
    })
    .strict();
}

export function startRequest(kinds: KindSet): z.ZodType<ParsedStartRequest, StartRequest> {
  const options = kinds.all().map(optionFor);
  const [first, ...rest] = options;
  if (!first) throw new Error('tasks:start needs at least one kind');
  return z.discriminatedUnion('kind', [first, ...rest]) as unknown as z.ZodType<ParsedStartRequest, StartRequest>;
}
