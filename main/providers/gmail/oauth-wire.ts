/**
 * What Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token) answers, for
 * the authorization_code and refresh_token grants, as zod schemas (RFC 6749 §5.1 and §5.2,
 * and Google's "OAuth 2.0 for installed applications" guide).
 *
 * - A token answer must carry `access_token`; everything else may be missing: `expires_in`
 *   is only RECOMMENDED (Google always sends it; an hour is assumed without it, as before),
 *   `refresh_token` comes only from a code exchange with access_type=offline (a refresh answer
 *   has none), and `scope` may be left out when it is the scope asked for. A field that is
 *   present with another type means the answer is not a token answer: unreadable.
 * - The error body `{ error, error_description }` is read best effort: the status already
 *   says it failed, and the error code only refines what the owner is told.
 */
import { z } from 'zod';

/** Google's access tokens last an hour; assumed when `expires_in` is missing. */
const DEFAULT_EXPIRES_IN_SECONDS = 3600;

export interface TokenGrant {
  accessToken: string;
  /** '' when Google sent none (every refresh answer). */
  refreshToken: string;
  /** Seconds from when the request was made. */
  expiresInSeconds: number;
  /** Space-separated scopes granted; '' when Google did not say. */
  scope: string;
}

export const tokenAnswer = z
  .object({
    access_token: z.string().min(1),
    // A number in JSON; a digit string is read too, as before.
    expires_in: z.union([z.number().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).default(DEFAULT_EXPIRES_IN_SECONDS),
    refresh_token: z.string().default(''),
    scope: z.string().default(''),
    // "Bearer"; REQUIRED by RFC 6749, but nothing here depends on it.
    token_type: z.string().optional(),
  })
  .transform(
    (answer): TokenGrant => ({
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresInSeconds: answer.expires_in,
      scope: answer.scope,
    }),
  );

/** The token endpoint's error body, as read. */
export interface TokenError {
  /** invalid_grant, invalid_client, unauthorized_client, …; '' when the body had none. */
  error: string;
  description?: string;
}

const text = z.string().optional().catch(undefined);
const tokenErrorBody = z.object({ error: text, error_description: text }).catch({});

/** Reads `{ error, error_description }` from any body; an HTML page or an empty body gives error ''. */
export function parseTokenError(body: unknown): TokenError {
  const { error, error_description: description } = tokenErrorBody.parse(body);
  return description === undefined ? { error: error ?? '' } : { error: error ?? '', description };
}
