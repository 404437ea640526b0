/**
 * What a WhatsApp Cloud API (Graph API) error means for a broadcast, as a table.
 *
 * Every known error maps to one class, which decides what the engine does:
 *
 * - `retryable`   the request failed on Meta's side and nothing was sent; try the item again
 *                 (bounded tries).
 * - `pair-rate`   too many messages to this one person (131056): retry this recipient later,
 *                 without holding the others.
 * - `throughput`  the number or app is over its rate (130429, HTTP 429, 80007, ...): slow the
 *                 bucket down; the item is retried, no attempt is burned.
 * - `recipient`   permanent for this recipient: the item fails with the reason.
 * - `opted-out`   the person stopped marketing messages (131050): the item fails AND the
 *                 contact is marked opted out.
 * - `account`     the whole account cannot send (token, lock, payment, template paused ...):
 *                 the task waits (`waiting (account)`), no item is burned, and it goes on
 *                 once the owner fixes it.
 *
 * Codes come from Meta's Cloud API error-code reference and the Graph API error-handling
 * guide; Meta asks integrators to key on `code` (and `error_subcode`), never on the message
 * text. The HTTP status is only used when no Graph error code came back (a proxy page, an
 * empty body). docs/whatsapp.md is the same table for people.
 *
 * The owner's words are keyed by a reason id; their English lives in the catalogue of
 * owner-facing sentences (common/reasons.ts), which the window translates (Hebrew in
 * common/reasons-he.ts), so main always stores English.
 */
import type { Message } from '../../../common/messages.ts';
import { reason, type PlainReasonKey } from '../../../common/reasons.ts';

export const WHATSAPP_ERROR_CLASSES = ['retryable', 'pair-rate', 'throughput', 'recipient', 'opted-out', 'account'] as const;
export type WhatsAppErrorClass = (typeof WHATSAPP_ERROR_CLASSES)[number];

export const WHATSAPP_REASON_IDS = [
  // account
  'token-expired',
  'token-invalid',
  'permission-missing',
  'unknown-id',
  'number-deleted',
  'number-not-registered',
  'number-needs-verification',
  'number-certificate',
  'display-name-needed',
  'account-locked',
  'account-restricted',
  'payment-issue',
  'spam-limit',
  'template-missing',
  'template-param-count',
  'template-paused',
  'template-disabled',
  // throughput
  'throughput',
  'account-maintenance',
  // pair-rate
  'pair-rate',
  // retryable
  'temporary',
  // recipient
  'not-on-whatsapp',
  'outside-window',
  'marketing-limit',
  'experiment',
  'country-restricted',
  'recipient-is-sender',
  'unsupported-message',
  'invalid-parameter',
  'template-param-invalid',
  'media-error',
  'rejected-other',
  // checks Taskdeck makes before sending (no Graph error involved)
  'invalid-number',
  'missing-value',
  // opted-out
  'opted-out',
] as const;
export type WhatsAppReasonId = (typeof WHATSAPP_REASON_IDS)[number];

export interface WhatsAppErrorRule {
  /** Graph `error.code`. */
  code: number;
  /** Graph `error.error_subcode`; a rule with a subcode wins over the bare code. */
  subcode?: number;
  cls: WhatsAppErrorClass;
  reasonId: WhatsAppReasonId;
  /** Meta's title for the code (for developers and logs; Meta may retire titles). */
  title: string;
  /** The HTTP status Meta documents for it (informational; classification keys on the code). */
  httpStatus: number;
}

const rule = (
  code: number,
  cls: WhatsAppErrorClass,
  reasonId: WhatsAppReasonId,
  title: string,
  httpStatus: number,
  subcode?: number,
): WhatsAppErrorRule => (subcode === undefined ? { code, cls, reasonId, title, httpStatus } : { code, subcode, cls, reasonId, title, httpStatus });

/** Graph API permission errors are a whole range (200-299): one rule per code keeps lookups flat. */
const permissionRange = Array.from({ length: 100 }, (_, i) =>
  rule(200 + i, 'account', 'permission-missing', 'API Permission', 403),
);

export const WHATSAPP_ERROR_TABLE: readonly WhatsAppErrorRule[] = [
  // --- Authorization (account) -------------------------------------------------------
  rule(0, 'account', 'token-invalid', 'AuthException', 401),
  rule(3, 'account', 'permission-missing', 'API Method (capability or permission)', 500),
  rule(10, 'account', 'permission-missing', 'Permission Denied', 403),
  rule(102, 'account', 'token-invalid', 'API Session', 401),
  rule(190, 'account', 'token-invalid', 'Access token has expired or is invalid', 401),
  rule(190, 'account', 'token-expired', 'Access token has expired (session has expired)', 401, 463),
  rule(190, 'account', 'token-invalid', 'Access token invalid (password changed)', 401, 460),
  rule(190, 'account', 'token-invalid', 'Access token invalid (session invalidated / logged out)', 401, 467),
  ...permissionRange,
  rule(131005, 'account', 'permission-missing', 'Access denied', 403),
  // --- Throttling ---------------------------------------------------------------------
  rule(4, 'throughput', 'throughput', 'API Too Many Calls (app rate limit)', 400),
  rule(17, 'throughput', 'throughput', 'API User Too Many Calls', 400),
  rule(32, 'throughput', 'throughput', 'Page request limit reached', 400),
  rule(341, 'throughput', 'throughput', 'Application limit reached', 400),
  rule(613, 'throughput', 'throughput', 'Calls to this API have exceeded the rate limit', 400),
  rule(80007, 'throughput', 'throughput', 'Rate limit issues (WhatsApp Business Account)', 400),
  rule(130429, 'throughput', 'throughput', 'Rate limit hit (Cloud API throughput)', 429),
  rule(131057, 'throughput', 'account-maintenance', 'Account in maintenance mode', 500),
  rule(131056, 'pair-rate', 'pair-rate', '(Business Account, Consumer Account) pair rate limit hit', 400),
  rule(131048, 'account', 'spam-limit', 'Spam rate limit hit', 400),
  // --- Integrity (account) --------------------------------------------------------------
  rule(368, 'account', 'account-restricted', 'Temporarily blocked for policies violations', 403),
  rule(131031, 'account', 'account-locked', 'Account has been locked', 403),
  rule(130497, 'recipient', 'country-restricted', 'Business account is restricted from messaging users in this country', 403),
  // --- Business account, number, payment (account) --------------------------------------
  rule(33, 'account', 'number-deleted', 'Parameter value is not valid (business phone number deleted)', 400),
  rule(100, 'account', 'unknown-id', 'Unsupported request: object does not exist or no permission', 400, 33),
  rule(131037, 'account', 'display-name-needed', 'Display name approval needed', 400),
  rule(131042, 'account', 'payment-issue', 'Business eligibility payment issue', 400),
  rule(131045, 'account', 'number-certificate', 'Incorrect certificate (number not registered properly)', 400),
  rule(133006, 'account', 'number-needs-verification', 'Phone number re-verification needed', 400),
  rule(133010, 'account', 'number-not-registered', 'Phone number not registered', 400),
  // --- Templates: task-wide problems (account: the same request fails for everyone) -------
  rule(132000, 'account', 'template-param-count', 'Number of parameters does not match the expected number of params', 400),
  rule(132001, 'account', 'template-missing', 'Template does not exist', 404),
  rule(132015, 'account', 'template-paused', 'Template is paused', 400),
  rule(132016, 'account', 'template-disabled', 'Template is disabled', 400),
  // --- Templates: a value filled in for one recipient (recipient) ---------------------
  rule(132005, 'recipient', 'template-param-invalid', 'Translated text too long', 400),
  rule(132007, 'recipient', 'template-param-invalid', 'Format character policy violated', 400),
  rule(132012, 'recipient', 'template-param-invalid', 'Parameter format does not match format in the created template', 400),
  rule(132018, 'recipient', 'template-param-invalid', 'Template parameter issue', 400),
  // --- Temporary (retryable) -----------------------------------------------------------
  rule(1, 'retryable', 'temporary', 'API Unknown (possibly temporary)', 400),
  rule(2, 'retryable', 'temporary', 'API Service (temporary downtime or overload)', 503),
  rule(131000, 'retryable', 'temporary', 'Something went wrong', 500),
  rule(131016, 'retryable', 'temporary', 'Service unavailable', 500),
  rule(133004, 'retryable', 'temporary', 'Server temporarily unavailable', 503),
  // --- Recipient -------------------------------------------------------------------------
  rule(100, 'recipient', 'invalid-parameter', 'Invalid parameter', 400),
  rule(130472, 'recipient', 'experiment', "User's number is part of an experiment", 400),
  rule(131008, 'recipient', 'invalid-parameter', 'Required parameter is missing', 400),
  rule(131009, 'recipient', 'invalid-parameter', 'Parameter value is not valid', 400),
  rule(131021, 'recipient', 'recipient-is-sender', 'Recipient cannot be sender', 400),
  rule(131026, 'recipient', 'not-on-whatsapp', 'Message undeliverable', 400),
  rule(131047, 'recipient', 'outside-window', 'Re-engagement message (more than 24 hours since the customer replied)', 400),
  rule(131049, 'recipient', 'marketing-limit', 'Meta chose not to deliver (per-user marketing limit)', 400),
  rule(131051, 'recipient', 'unsupported-message', 'Unsupported message type', 400),
  rule(131052, 'recipient', 'media-error', 'Media download error', 400),
  rule(131053, 'recipient', 'media-error', 'Media upload error', 400),
  rule(135000, 'recipient', 'rejected-other', 'Generic user error', 400),
  // --- Opted out -------------------------------------------------------------------------
  rule(131050, 'opted-out', 'opted-out', 'User has stopped receipt of marketing messages', 400),
];

const byKey = new Map<string, WhatsAppErrorRule>();
for (const r of WHATSAPP_ERROR_TABLE) byKey.set(r.subcode === undefined ? `${r.code}` : `${r.code}/${r.subcode}`, r);

export function findErrorRule(code: number, subcode?: number): WhatsAppErrorRule | undefined {
  return (subcode !== undefined ? byKey.get(`${code}/${subcode}`) : undefined) ?? byKey.get(`${code}`);
}

/** The parts of a Graph error response the classifier reads. */
export interface GraphErrorInput {
  /** HTTP status of the answer. */
  status: number;
  /** `error.code`, when the body was a Graph error. */
  code?: number | undefined;
  subcode?: number | undefined;
  /** `error.message` (e.g. "(#131026) Message undeliverable"). */
  message?: string | undefined;
  /** `error.error_data.details`, Meta's detailed explanation. */
  details?: string | undefined;
  /** The Retry-After header in milliseconds, if any. */
  retryAfterMs?: number | undefined;
}

export interface WhatsAppErrorClassification {
  cls: WhatsAppErrorClass;
  reasonId: WhatsAppReasonId;
  /** The owner's words, with the API's own explanation where it helps. */
  reason: Message;
  code: number | null;
  subcode: number | null;
  status: number;
  /** True when the code is in the table; false for the unknown-4xx / unknown-5xx fallbacks. */
  known: boolean;
  retryAfterMs?: number;
}

/**
 * Classifies one Graph API error answer. Order: a known (code, subcode) → a known code →
 * HTTP status fallbacks: 401 → token invalid (account), 403 with no Graph code → missing
 * permission (account), 429 → throughput, other 4xx → recipient failure with the API's
 * message, 5xx → retryable.
 *
 * A 5xx without any Graph error body on a *send* is not classified here as retryable by the
 * provider: it may come from a proxy after the message went through (see provider.ts).
 */
export function classifyGraphError(input: GraphErrorInput): WhatsAppErrorClassification {
  const code = input.code ?? null;
  const subcode = input.subcode ?? null;
  const base = { code, subcode, status: input.status, ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}) };
  const known = code !== null ? findErrorRule(code, subcode ?? undefined) : undefined;
  if (known) {
    return { ...base, cls: known.cls, reasonId: known.reasonId, reason: ownerReason(known.reasonId, input), known: true };
  }
  let cls: WhatsAppErrorClass;
  let reasonId: WhatsAppReasonId;
  if (input.status === 401) {
    cls = 'account';
    reasonId = 'token-invalid';
  } else if (input.status === 403 && code === null) {
    cls = 'account';
    reasonId = 'permission-missing';
  } else if (input.status === 429) {
    cls = 'throughput';
    reasonId = 'throughput';
  } else if (input.status >= 500) {
    cls = 'retryable';
    reasonId = 'temporary';
  } else {
    cls = 'recipient';
    reasonId = 'rejected-other';
  }
  return { ...base, cls, reasonId, reason: ownerReason(reasonId, input), known: false };
}

// --- The owner's words ---------------------------------------------------------------

export interface ReasonWords {
  /** What happened, in plain words (a catalogue key of common/reasons.ts). */
  text: PlainReasonKey;
  /** What the owner does about it (null when nothing is needed). */
  action: PlainReasonKey | null;
  /** Append Meta's explanation (details or message) to the text. */
  withApiDetails?: boolean;
}

export const WHATSAPP_REASON_WORDS: Record<WhatsAppReasonId, ReasonWords> = {
  'token-expired': { text: 'waTokenExpired', action: 'waTokenExpiredAction' },
  'token-invalid': { text: 'waTokenInvalid', action: 'waTokenInvalidAction' },
  'permission-missing': { text: 'waPermissionMissing', action: 'waPermissionMissingAction' },
  'unknown-id': { text: 'waUnknownId', action: 'waUnknownIdAction' },
  'number-deleted': { text: 'waNumberDeleted', action: 'waNumberDeletedAction' },
  'number-not-registered': { text: 'waNumberNotRegistered', action: 'waNumberNotRegisteredAction' },
  'number-needs-verification': { text: 'waNumberNeedsVerification', action: 'waNumberNeedsVerificationAction' },
  'number-certificate': { text: 'waNumberCertificate', action: 'waNumberCertificateAction' },
  'display-name-needed': { text: 'waDisplayNameNeeded', action: 'waDisplayNameNeededAction' },
  'account-locked': { text: 'waAccountLocked', action: 'waAccountLockedAction' },
  'account-restricted': { text: 'waAccountRestricted', action: 'waAccountRestrictedAction' },
  'payment-issue': { text: 'waPaymentIssue', action: 'waPaymentIssueAction' },
  'spam-limit': { text: 'waSpamLimit', action: 'waSpamLimitAction' },
  'template-missing': { text: 'waTemplateMissing', action: 'waTemplateMissingAction' },
  'template-param-count': { text: 'waTemplateParamCount', action: 'waTemplateParamCountAction', withApiDetails: true },
  'template-paused': { text: 'waTemplatePaused', action: 'waTemplatePausedAction' },
  'template-disabled': { text: 'waTemplateDisabled', action: 'waTemplateDisabledAction' },
  throughput: { text: 'waThroughput', action: 'waThroughputAction' },
  'account-maintenance': { text: 'waAccountMaintenance', action: 'waAccountMaintenanceAction' },
  'pair-rate': { text: 'waPairRate', action: 'waPairRateAction' },
  temporary: { text: 'waTemporary', action: 'waTemporaryAction' },
  'not-on-whatsapp': { text: 'waNotOnWhatsApp', action: 'waNotOnWhatsAppAction' },
  'outside-window': { text: 'waOutsideWindow', action: 'waOutsideWindowAction' },
  'marketing-limit': { text: 'waMarketingLimit', action: 'waMarketingLimitAction' },
  experiment: { text: 'waExperiment', action: null },
  'country-restricted': { text: 'waCountryRestricted', action: null },
  'recipient-is-sender': { text: 'waRecipientIsSender', action: 'waRecipientIsSenderAction' },
  'unsupported-message': { text: 'waUnsupportedMessage', action: null },
  'invalid-parameter': { text: 'waInvalidParameter', action: 'waInvalidParameterAction', withApiDetails: true },
  'template-param-invalid': { text: 'waTemplateParamInvalid', action: 'waTemplateParamInvalidAction', withApiDetails: true },
  'media-error': { text: 'waMediaError', action: null, withApiDetails: true },
  'rejected-other': { text: 'waRejectedOther', action: null, withApiDetails: true },
  'invalid-number': { text: 'waInvalidNumber', action: 'waInvalidNumberAction' },
  'missing-value': { text: 'waMissingValue', action: 'waMissingValueAction' },
  'opted-out': { text: 'waOptedOut', action: 'waOptedOutAction' },
};

const API_TEXT_MAX = 300;

/** Meta's own explanation, trimmed; the "(#123)" prefix is dropped since the code follows. */
function apiExplanation(input: GraphErrorInput): string {
  const raw = (input.details?.trim() || input.message?.trim() || '').replace(/^\(#\d+\)\s*/, '');
  const oneLine = raw.replace(/\s+/g, ' ');
  return oneLine.length > API_TEXT_MAX ? `${oneLine.slice(0, API_TEXT_MAX - 1)}…` : oneLine;
}

/** "What happened. [Meta's explanation.] (WhatsApp error 131026)" — short enough for an item row. */
export function ownerReason(reasonId: WhatsAppReasonId, input: GraphErrorInput): Message {
  const words = WHATSAPP_REASON_WORDS[reasonId];
  let text: Message = reason(words.text);
  if (words.withApiDetails) {
    const extra = apiExplanation(input);
    if (extra) text = reason('errorWithDetails', { reason: text, details: extra.replace(/\.$/, '') });
  }
  const ref =
    input.code !== undefined
      ? reason('waErrorCode', { code: `${input.code}${input.subcode !== undefined ? `/${input.subcode}` : ''}` })
      : reason('httpStatus', { status: input.status });
  return reason('errorWithRef', { reason: text, ref });
}

/** The owner's next step for a reason (shown next to a waiting task or a failed item). */
export function ownerAction(reasonId: WhatsAppReasonId): Message | null {
  const action = WHATSAPP_REASON_WORDS[reasonId].action;
  return action ? reason(action) : null;
}
