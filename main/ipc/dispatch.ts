/**
 * The only door from a renderer into main: checks the channel, validates the payload
 * against the contract, runs the handler, and answers with a Result. A bad request
 * gets a specific error and main goes on.
 */
import { REQUEST_CHANNELS, type RequestChannel } from '../../common/ipc/channels.ts';
import { contract as shippedContract, type Contract } from '../../common/ipc/contract.ts';
import { fail, ok, TaskdeckError, type Result } from '../../common/result.ts';
import { issueLines } from '../../common/zod-issues.ts';
import type { Handlers } from './handlers.ts';

const KNOWN = new Set<string>(REQUEST_CHANNELS);

export function isRequestChannel(channel: string): channel is RequestChannel {
  return KNOWN.has(channel);
}

/** `contract`: the shipped kinds' unless a test added a kind (buildContract). */
export async function dispatch(handlers: Handlers, channel: string, payload: unknown, contract: Contract = shippedContract): Promise<Result<unknown>> {
  if (!isRequestChannel(channel)) return fail('invalid_request', `Unknown request "${String(channel).slice(0, 80)}"`);
  const parsed = contract[channel].request.safeParse(payload);
  if (!parsed.success) {
    return fail(
      'invalid_request',
      `Invalid request for ${channel}`,
      issueLines(parsed.error.issues),
    );
  }
  try {
    const handler = handlers[channel] as (request: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof TaskdeckError) return { ok: false, error: error.toInfo() };
    // Anything else is a bug: say so plainly, keep the details in main's log.
    console.error(`[ipc] ${channel} failed`, error);
    return fail('internal', 'Something went wrong in Taskdeck. The details are in the log.');
  }
}
