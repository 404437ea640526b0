/**
 * Reading a provider's HTTP answer, for the clients (gmail/, whatsapp/, Google sign-in):
 * the body as JSON with a size bound, Retry-After, and two guards for reading JSON whose
 * shape is not trusted. How an answer is classified stays with each client.
 */

/** A plain JSON object, or null (null and arrays are not). */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The value when it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Text parsed as JSON; undefined when it is empty, longer than `maxChars`, or not JSON. */
export function parseJsonText(text: string, maxChars: number): unknown {
  if (!text || text.length > maxChars) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface HttpAnswer {
  status: number;
  /** The body as JSON; undefined when it was empty, too long or not JSON (see parseJsonText). */
  json: unknown;
  /** From a Retry-After header that could be read. */
  retryAfterMs?: number;
}

/**
 * Reads the whole body of `response`. Rejects only when reading the body fails (the answer
 * started and broke off: the server was reached); the caller classifies that error.
 */
export async function readAnswer(response: Response, maxChars: number): Promise<HttpAnswer> {
  const text = await response.text();
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return { status: response.status, json: parseJsonText(text, maxChars), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}
