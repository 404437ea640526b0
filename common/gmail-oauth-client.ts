/**
 * The app-wide Gmail OAuth client (Settings → Gmail): what a Google client ID and
 * secret look like, with one specific problem per mistake. main's contract refuses with
 * these English messages; the window shows its own translation of the same problem.
 */

/** Longest client ID and client secret accepted (the window's inputs stop there too). */
export const GMAIL_CLIENT_ID_MAX = 300;
export const GMAIL_CLIENT_SECRET_MAX = 300;

export const GMAIL_CLIENT_ID_EXAMPLE = '1234567890-abc123def456.apps.googleusercontent.com';

/** `<project number>-<letters and digits>.apps.googleusercontent.com`, as Google shows it. */
const CLIENT_ID = /^\d+-[A-Za-z0-9]+\.apps\.googleusercontent\.com$/;
const SUFFIX = '.apps.googleusercontent.com';

export type GmailClientIdProblem = 'empty' | 'spaces' | 'isSecret' | 'tooLong' | 'suffix' | 'prefix' | 'shape';
export type GmailClientSecretProblem = 'empty' | 'spaces' | 'isClientId' | 'tooLong';

export const GMAIL_CLIENT_ID_MESSAGES: Record<GmailClientIdProblem, string> = {
  empty: 'Enter the Gmail OAuth client ID.',
  spaces: 'The client ID has a space or line break in it. Copy it again as one piece.',
  isSecret: 'This is a client secret (it starts with GOCSPX-), not the client ID. The client ID ends in .apps.googleusercontent.com.',
  tooLong: `This is too long for a Google client ID (at most ${GMAIL_CLIENT_ID_MAX} characters).`,
  suffix: `A Google OAuth client ID ends in ${SUFFIX}, e.g. ${GMAIL_CLIENT_ID_EXAMPLE}.`,
  prefix: `A Google OAuth client ID starts with the project number (digits) and a dash, e.g. ${GMAIL_CLIENT_ID_EXAMPLE}.`,
  shape: `Between the dash and ${SUFFIX} a Google client ID has only letters and digits, e.g. ${GMAIL_CLIENT_ID_EXAMPLE}.`,
};

export const GMAIL_CLIENT_SECRET_MESSAGES: Record<GmailClientSecretProblem, string> = {
  empty: 'The client secret is empty. Leave it out to keep the saved one.',
  spaces: 'The client secret has a space or line break in it. Copy it again as one piece.',
  isClientId: 'This is the client ID, not the client secret.',
  tooLong: `This is too long for a client secret (at most ${GMAIL_CLIENT_SECRET_MAX} characters).`,
};

/** The first thing wrong with a client ID (surrounding spaces are forgiven), or null. */
export function gmailClientIdProblem(value: string): GmailClientIdProblem | null {
  const id = value.trim();
  if (!id) return 'empty';
  if (/\s/.test(id)) return 'spaces';
  if (/^GOCSPX-/i.test(id)) return 'isSecret';
  if (id.length > GMAIL_CLIENT_ID_MAX) return 'tooLong';
  if (!id.endsWith(SUFFIX)) return 'suffix';
  if (!/^\d+-/.test(id)) return 'prefix';
  if (!CLIENT_ID.test(id)) return 'shape';
  return null;
}

/** The first thing wrong with a client secret (surrounding spaces are forgiven), or null. */
export function gmailClientSecretProblem(value: string): GmailClientSecretProblem | null {
  const secret = value.trim();
  if (!secret) return 'empty';
  if (/\s/.test(secret)) return 'spaces';
  if (secret.endsWith(SUFFIX)) return 'isClientId';
  if (secret.length > GMAIL_CLIENT_SECRET_MAX) return 'tooLong';
  return null;
}
