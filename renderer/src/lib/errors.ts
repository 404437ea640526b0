/**
 * invoke() rejects with an Error carrying `code` and `message`. The window shows both:
 * a translated headline chosen by code, and main's message as the detail.
 */
import type { ErrorCode } from '../../../common/result.ts';

export type UiErrorCode = ErrorCode | 'unavailable' | 'unknown';

export interface UiError {
  code: UiErrorCode;
  message: string;
}

const KNOWN: readonly string[] = ['invalid_request', 'not_found', 'conflict', 'forbidden', 'bad_input', 'internal'];

export function toUiError(error: unknown): UiError {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : '';
    if (typeof code === 'string' && KNOWN.includes(code)) return { code: code as ErrorCode, message: text };
    return { code: 'unknown', message: text };
  }
  return { code: 'unknown', message: typeof error === 'string' ? error : '' };
}
