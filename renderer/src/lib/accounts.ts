/**
 * The "add a WhatsApp account" form → an accounts:add request, with validation
 * messages as translation keys; and how an account is named in lists. The shared
 * contract schema has the last word. The token is an argument here, never part of a
 * draft: the form keeps it in its password input only.
 */
import { ACCESS_TOKEN_MAX, ACCESS_TOKEN_MIN, ACCOUNT_RATE_MAX, ACCOUNT_RATE_MIN, contract } from '../../../common/ipc/contract.ts';
import type { WhatsAppAccount } from '../../../common/model.ts';
import type { NewAccount } from '../store/accounts.ts';

/** Meta's Graph API address; an account elsewhere (a test server) shows its own. */
export const DEFAULT_BASE_URL = 'https://graph.facebook.com';

export interface AccountDraft {
  label: string;
  phoneNumberId: string;
  wabaId: string;
  graphVersion: string;
  baseUrl: string;
  ratePerSecond: string;
}

export const EMPTY_ACCOUNT_DRAFT: AccountDraft = {
  label: '',
  phoneNumberId: '',
  wabaId: '',
  graphVersion: '',
  baseUrl: '',
  ratePerSecond: '',
};

export type AccountField = keyof AccountDraft | 'token' | 'form';

export type AccountErrorKey =
  | 'labelEmpty'
  | 'phoneNumberId'
  | 'wabaId'
  | 'tokenEmpty'
  | 'tokenShort'
  | 'tokenLong'
  | 'graphVersion'
  | 'baseUrl'
  | 'ratePerSecond'
  | 'invalid';

export interface AccountValidation {
  request: NewAccount | null;
  errors: Partial<Record<AccountField, AccountErrorKey>>;
}

/** Digits only; spaces or dashes copied along with an ID are dropped. */
function digits(text: string): string {
  return text.replace(/[\s-]+/g, '');
}

/** Problems with a token as typed, or null. Shared by "add" and "replace token". */
export function tokenError(token: string): 'tokenEmpty' | 'tokenShort' | 'tokenLong' | null {
  const trimmed = token.trim();
  if (!trimmed) return 'tokenEmpty';
  if (trimmed.length < ACCESS_TOKEN_MIN) return 'tokenShort';
  if (trimmed.length > ACCESS_TOKEN_MAX) return 'tokenLong';
  return null;
}

export function validateAccount(draft: AccountDraft, token: string): AccountValidation {
  const errors: AccountValidation['errors'] = {};
  const label = draft.label.trim();
  if (!label) errors.label = 'labelEmpty';
  const phoneNumberId = digits(draft.phoneNumberId);
  if (!/^\d{5,30}$/.test(phoneNumberId)) errors.phoneNumberId = 'phoneNumberId';
  const wabaId = digits(draft.wabaId);
  if (!/^\d{5,30}$/.test(wabaId)) errors.wabaId = 'wabaId';
  const badToken = tokenError(token);
  if (badToken) errors.token = badToken;

  const graphVersion = draft.graphVersion.trim();
  if (graphVersion && !/^v\d{1,3}\.\d$/.test(graphVersion)) errors.graphVersion = 'graphVersion';
  const baseUrl = draft.baseUrl.trim().replace(/\/+$/, '');
  if (baseUrl && !/^https?:\/\/[^\s/]+/i.test(baseUrl)) errors.baseUrl = 'baseUrl';
  let ratePerSecond: number | undefined;
  const rateText = draft.ratePerSecond.trim().replace(',', '.');
  if (rateText) {
    ratePerSecond = /^\d+(\.\d+)?$/.test(rateText) ? Number(rateText) : NaN;
    if (!(ratePerSecond >= ACCOUNT_RATE_MIN && ratePerSecond <= ACCOUNT_RATE_MAX)) errors.ratePerSecond = 'ratePerSecond';
  }

  if (Object.keys(errors).length > 0) return { request: null, errors };
  const request: NewAccount = {
    label,
    phoneNumberId,
    wabaId,
    token: token.trim(),
    ...(graphVersion ? { graphVersion } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(ratePerSecond !== undefined ? { ratePerSecond } : {}),
  };
  if (!contract['accounts:add'].request.safeParse({ businessId: 1, ...request }).success) {
    return { request: null, errors: { form: 'invalid' } };
  }
  return { request, errors };
}

/** The number people see, once a check has read it; else null. */
export function accountNumber(account: WhatsAppAccount): string | null {
  return account.check.displayPhoneNumber;
}

/** A check that worked and is the latest word on the account. */
export function isConnected(account: WhatsAppAccount): boolean {
  return account.check.at !== null && account.check.error === null;
}
