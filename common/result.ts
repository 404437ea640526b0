/**
 * One error convention for every boundary (IPC, CLI, worker protocol):
 * a handler returns a Result; callers turn an error back into a typed TaskdeckError.
 */
import { formatMessage, isMessage, type Message } from './messages.ts';

export type ErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'bad_input'
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Optional structured details, e.g. zod issue paths. Plain JSON only. */
  details?: readonly string[];
  /** The same as `message`, as the owner's words: the window shows them in its language. */
  words?: Message;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export class TaskdeckError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[] | undefined;
  readonly words: Message | undefined;
  /** `message` as a Message when the owner should read it in the window's language. */
  constructor(code: ErrorCode, message: string | Message, details?: readonly string[]) {
    super(isMessage(message) ? formatMessage(message) : message);
    this.name = 'TaskdeckError';
    this.code = code;
    this.details = details;
    this.words = isMessage(message) ? message : undefined;
  }
  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.words ? { words: this.words } : {}),
    };
  }
}

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, details?: readonly string[]): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

export function notFound(what: string): TaskdeckError {
  return new TaskdeckError('not_found', `${what} was not found`);
}
