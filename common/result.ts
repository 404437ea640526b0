/**
 * One error convention for every boundary (IPC, CLI, worker protocol):
 * a handler returns a Result; callers turn an error back into a typed TaskdeckError.
 */
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
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export class TaskdeckError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[] | undefined;
  constructor(code: ErrorCode, message: string, details?: readonly string[]) {
    super(message);
    this.name = 'TaskdeckError';
    this.code = code;
    this.details = details;
  }
  toInfo(): ErrorInfo {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
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
