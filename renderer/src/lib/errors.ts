/**
 * invoke() rejects with an Error carrying `code` and `message`. The window shows both:
 * a translated headline chosen by code, and main's message as the detail.
 */
import { isMessage, type Message } from '../../../common/messages.ts';
import type { ErrorCode } from '../../../common/result.ts';

export type UiErrorCode = ErrorCode | 'unavailable' | 'unknown';

export interface UiError {
  code: UiErrorCode;
  message: string;
  /** What exactly was refused, e.g. "gmailClientId: …" from main's schema check. */
  details?: readonly string[];
  /** main's words for the message, shown in the window's language. */
  words?: Message;
}

/** At most this many detail lines are shown; a request refused for 200 reasons says how many more. */
export const MAX_DETAILS = 5;

const KNOWN: readonly string[] = ['invalid_request', 'not_found', 'conflict', 'forbidden', 'bad_input', 'internal'];

export function toUiError(error: unknown): UiError {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : '';
    const raw = (error as { details?: unknown }).details;
    const details = Array.isArray(raw) ? raw.filter((d): d is string => typeof d === 'string' && d.length > 0) : [];
    if (typeof code === 'string' && KNOWN.includes(code)) {
      const words = (error as { words?: unknown }).words;
      return {
        code: code as ErrorCode,
        message: text,
        ...(details.length ? { details } : {}),
        ...(isMessage(words) ? { words } : {}),
      };
    }
    return { code: 'unknown', message: text };
  }
  return { code: 'unknown', message: typeof error === 'string' ? error : '' };
}
