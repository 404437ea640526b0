/**
 * The IPC contract: every request channel with its zod request schema and its
 * response type, and every event channel with its payload type. main validates
 * each request against these schemas; preload derives window.taskdeck from them.
 */
import { z } from 'zod';
import type {
  Business,
  Contact,
  ImportRowError,
  OutboxEntry,
  Page,
  RetryFailedAnswer,
  TaskItem,
  TaskSnapshot,
  Receipt,
  ReceiptAttachment,
  WhatsAppAccount,
  WhatsAppTemplateSummary,
} from '../model.ts';
import type { GmailConnection } from '../gmail.ts';
import { GMAIL_CLIENT_ID_MESSAGES, GMAIL_CLIENT_SECRET_MESSAGES, gmailClientIdProblem, gmailClientSecretProblem } from '../gmail-oauth-client.ts';
import { ITEM_STATES, TASK_STATUSES } from '../model.ts';
import { countryCode } from '../tasks/shared-params.ts';
import { receiptsDeleteParams } from '../tasks/receipts-delete/params.ts';
import { receiptsFilter } from '../receipts-filter.ts';
import { SHIPPED_FACTS, type KindSet } from '../tasks/kinds.ts';
import { startRequest } from './start-request.ts';
import type { EventChannel, RequestChannel } from './channels.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const businessScoped = { businessId: id };
const paging = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
};
const taskRef = z.object({ ...businessScoped, taskId: id }).strict();

// Limits the window shows and checks too: it imports these instead of copying the numbers.
/** Longest business name. */
export const BUSINESS_NAME_MAX = 120;
export { TASK_TITLE_MAX } from './start-request.ts';
/** Longest search text of a paged list (contacts, a task's items). */
export const LIST_SEARCH_MAX = 200;
/** How many tasks may run at once (the worker limit setting). */
export const WORKER_LIMIT_MIN = 1;
export const WORKER_LIMIT_MAX = 8;
/** A WhatsApp account: its label, access token, API address and its most messages per second. */
export const ACCOUNT_LABEL_MAX = 120;
export const ACCESS_TOKEN_MIN = 20;
export const ACCESS_TOKEN_MAX = 4096;
export const ACCOUNT_BASE_URL_MAX = 200;
export const ACCOUNT_RATE_MIN = 1;
export const ACCOUNT_RATE_MAX = 1000;

export const LANGUAGES = ['en', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Settings {
  language: Language;
  defaultCountry: string;
  workerLimit: number;
  /** Test mode only: pretend the network is down, to see how tasks wait. */
  testModeOffline: boolean;
  /** Test mode only: pretend the account's token expired, to see a task wait for its account. */
  testModeAccountProblem: boolean;
  /** The Google OAuth client ("Desktop app") every business connects Gmail with; null until set. */
  gmailClientId: string | null;
  /** Whether a client secret is saved. The secret itself is kept encrypted and never leaves main. */
  gmailClientSecretSet: boolean;
}

/** A Google OAuth client ID, with one specific message per mistake. */
export const gmailClientId = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = gmailClientIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: GMAIL_CLIENT_ID_MESSAGES[problem] });
  });

export const gmailClientSecret = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = gmailClientSecretProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: GMAIL_CLIENT_SECRET_MESSAGES[problem] });
  });

export const settingsPatch = z
  .object({
    language: z.enum(LANGUAGES).optional(),
    defaultCountry: countryCode.optional(),
    workerLimit: z.number().int().min(WORKER_LIMIT_MIN).max(WORKER_LIMIT_MAX).optional(),
    testModeOffline: z.boolean().optional(),
    testModeAccountProblem: z.boolean().optional(),
    /** null forgets the client ID and its secret. A different ID forgets the old secret unless one comes with it. */
    gmailClientId: gmailClientId.nullable().optional(),
    /** Encrypted in main before it is stored; null forgets it. */
    gmailClientSecret: gmailClientSecret.nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof settingsPatch>;

export const settleResolution = z.enum(['mark-sent', 'send-again', 'ask-provider']);
export type SettleResolution = z.infer<typeof settleResolution>;

/** Phantom marker so each entry carries its response type. */
const returns = <T>(): T => undefined as unknown as T;

/** The contract for `kinds` (tests add a kind; the app and the CLI use the shipped ones, `contract`). */
export function buildContract(kinds: KindSet) {
  return {
    'businesses:list': { request: z.object({}).strict(), response: returns<Business[]>() },
    'businesses:create': {
      request: z.object({ name: z.string().trim().min(1).max(BUSINESS_NAME_MAX), defaultCountry: countryCode.optional() }).strict(),
      response: returns<Business>(),
    },
    'businesses:rename': {
      request: z.object({ ...businessScoped, name: z.string().trim().min(1).max(BUSINESS_NAME_MAX) }).strict(),
      response: returns<Business>(),
    },
    'contacts:list': {
      request: z
        .object({ ...businessScoped, ...paging, search: z.string().max(LIST_SEARCH_MAX).optional(), optedOut: z.boolean().optional() })
        .strict(),
      response: returns<Page<Contact>>(),
    },
    'contacts:importErrors': {
      request: z.object({ ...businessScoped, taskId: id, ...paging }).strict(),
      response: returns<Page<ImportRowError>>(),
    },
    'contacts:setOptOut': {
      request: z.object({ ...businessScoped, contactId: id, optedOut: z.boolean() }).strict(),
      response: returns<Contact>(),
    },
    'tasks:list': {
      request: z
        .object({
          ...businessScoped,
          kind: z.string().min(1).max(64).optional(),
          status: z.enum(TASK_STATUSES).optional(),
          includeDismissed: z.boolean().optional(),
        })
        .strict(),
      response: returns<TaskSnapshot[]>(),
    },
    'tasks:get': { request: taskRef, response: returns<TaskSnapshot>() },
    'tasks:items': {
      request: z
        .object({
          ...businessScoped,
          taskId: id,
          ...paging,
          state: z.enum(ITEM_STATES).optional(),
          search: z.string().max(LIST_SEARCH_MAX).optional(),
        })
        .strict(),
      response: returns<Page<TaskItem>>(),
    },
    /** Starts a task of any kind: `input` is checked against the kind's schema (common/tasks/<kind>/facts.ts). */
    'tasks:start': { request: startRequest(kinds), response: returns<TaskSnapshot>() },
    'tasks:pause': { request: taskRef, response: returns<TaskSnapshot>() },
    'tasks:resume': { request: taskRef, response: returns<TaskSnapshot>() },
    'tasks:cancel': { request: taskRef, response: returns<TaskSnapshot>() },
    'tasks:retryFailed': { request: taskRef, response: returns<RetryFailedAnswer>() },
    'tasks:dismiss': { request: taskRef, response: returns<TaskSnapshot>() },
    'tasks:settleInDoubt': {
      request: z
        .object({
          ...businessScoped,
          taskId: id,
          itemIds: z.array(id).min(1).max(10_000).optional(),
          resolution: settleResolution,
        })
        .strict(),
      response: returns<TaskSnapshot>(),
    },
    'outbox:list': {
      request: z.object({ ...businessScoped, ...paging, taskId: id.optional() }).strict(),
      response: returns<Page<OutboxEntry>>(),
    },
    'accounts:list': { request: z.object({ ...businessScoped }).strict(), response: returns<WhatsAppAccount[]>() },
    'accounts:add': {
      request: z
        .object({
          ...businessScoped,
          label: z.string().trim().min(1).max(ACCOUNT_LABEL_MAX),
          phoneNumberId: z.string().regex(/^\d{5,30}$/, 'the phone number ID: digits only'),
          wabaId: z.string().regex(/^\d{5,30}$/, 'the WhatsApp Business Account ID: digits only'),
          token: z.string().trim().min(ACCESS_TOKEN_MIN, 'the access token looks too short').max(ACCESS_TOKEN_MAX),
          graphVersion: z.string().regex(/^v\d{1,3}\.\d$/, 'a Graph API version such as v23.0').optional(),
          baseUrl: z.string().url().max(ACCOUNT_BASE_URL_MAX).optional(),
          ratePerSecond: z.number().min(ACCOUNT_RATE_MIN).max(ACCOUNT_RATE_MAX).optional(),
        })
        .strict(),
      response: returns<WhatsAppAccount>(),
    },
    'accounts:check': { request: z.object({ ...businessScoped, accountId: id }).strict(), response: returns<WhatsAppAccount>() },
    'accounts:replaceToken': {
      request: z.object({ ...businessScoped, accountId: id, token: z.string().trim().min(ACCESS_TOKEN_MIN).max(ACCESS_TOKEN_MAX) }).strict(),
      response: returns<WhatsAppAccount>(),
    },
    'accounts:remove': { request: z.object({ ...businessScoped, accountId: id }).strict(), response: returns<{ removed: true }>() },
    'accounts:templates': {
      request: z.object({ ...businessScoped, accountId: id }).strict(),
      response: returns<WhatsAppTemplateSummary[]>(),
    },
    'receipts:list': {
      request: z.object({ ...businessScoped, ...paging, filter: receiptsFilter.optional() }).strict(),
      response: returns<Page<Receipt>>(),
    },
    'receipts:attachments': { request: z.object({ ...businessScoped, receiptId: id }).strict(), response: returns<ReceiptAttachment[]>() },
    /** The confirm step's number: how many receipts a delete would remove. */
    'receipts:countToDelete': { request: z.object({ ...businessScoped, params: receiptsDeleteParams }).strict(), response: returns<{ count: number }>() },
    'receipts:openAttachment': { request: z.object({ ...businessScoped, attachmentId: id }).strict(), response: returns<{ opened: true }>() },
    'gmail:status': { request: z.object({ ...businessScoped }).strict(), response: returns<GmailConnection | null>() },
    'gmail:connect': {
      request: z
        .object({
          ...businessScoped,
          /** Left out: the client ID (and secret) saved in Settings → Gmail. */
          clientId: gmailClientId.optional(),
          clientSecret: gmailClientSecret.optional(),
        })
        .strict(),
      response: returns<GmailConnection>(),
    },
    'gmail:disconnect': { request: z.object({ ...businessScoped }).strict(), response: returns<{ disconnected: true }>() },
    'settings:get': { request: z.object({}).strict(), response: returns<Settings>() },
    'settings:set': { request: settingsPatch, response: returns<Settings>() },
  } satisfies Record<RequestChannel, { request: z.ZodType; response: unknown }>;
}

export const contract = buildContract(SHIPPED_FACTS);

export type Contract = ReturnType<typeof buildContract>;
export type RequestOf<C extends RequestChannel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends RequestChannel> = Contract[C]['response'];

export interface EventPayloads {
  'tasks:snapshot': TaskSnapshot;
}
export type EventOf<E extends EventChannel> = EventPayloads[E];
