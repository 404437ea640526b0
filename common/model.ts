/**
 * Domain model shared by every process: plain data, no behaviour, no imports
 * from electron, node: or the DOM.
 */
import type { Message } from './messages.ts';

export type BusinessId = number;
export type TaskId = number;

export interface Business {
  id: BusinessId;
  name: string;
  defaultCountry: string;
  createdAt: number;
}

export interface Contact {
  id: number;
  businessId: BusinessId;
  /** E.164, e.g. +972501234567 */
  phone: string;
  name: string;
  fields: Record<string, string>;
  optedOut: boolean;
  updatedAt: number;
}

/** The kinds this build ships (common/tasks/kinds.ts, the registry). */
export type { TaskKind } from './tasks/kinds.ts';
/** The kind a task row names: one of this build's, or one a test (or a newer build) added. */
export type TaskKindId = string;

export const TASK_STATUSES = [
  'queued',
  'running',
  'paused',
  'waiting',
  'interrupted',
  'completed',
  'cancelled',
  'failed',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];


/** earlier_task: an earlier task of the business writes data this one reads (main/engine/ordering.ts). */
export const WAIT_REASONS = ['offline', 'rate_limit', 'account', 'schedule', 'backoff', 'earlier_task'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

/**
 * Item state machine: pending → claimed → done | failed | skipped | cancelled.
 * A `claimed` item found after its worker died becomes `in_doubt`: the side effect
 * may or may not have happened, so it is never repeated automatically.
 */
export const ITEM_STATES = ['pending', 'claimed', 'done', 'failed', 'skipped', 'cancelled', 'in_doubt'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export interface TaskCounters {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  skipped: number;
  inDoubt: number;
}

export const ZERO_COUNTERS: TaskCounters = {
  total: 0,
  processed: 0,
  succeeded: 0,
  failed: 0,
  cancelled: 0,
  skipped: 0,
  inDoubt: 0,
};

/** What a window shows for one task. `version` grows with every write of the row. */
/** What Retry failed did: the task after it, how many failed items go again and how many it kept as they were. */
export interface RetryFailedAnswer {
  task: TaskSnapshot;
  retried: number;
  /** Failed items kept (the kind's `retryLeavesAlone`: recipients who opted out). */
  leftAlone: number;
}

export interface TaskSnapshot {
  id: TaskId;
  businessId: BusinessId;
  kind: TaskKindId;
  /** A title main made up, or the owner's own (`verbatim`). */
  title: Message;
  status: TaskStatus;
  waitReason: WaitReason | null;
  /** The owner's words: why it waits, or the last error. */
  lastError: Message | null;
  counters: TaskCounters;
  cancelRequested: boolean;
  pauseRequested: boolean;
  attempts: number;
  crashCount: number;
  /** Items per second over the last few seconds, while running. */
  rate: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  version: number;
}

export interface TaskItem {
  id: number;
  taskId: TaskId;
  seq: number;
  /** What the owner sees first: a phone number, a Gmail message id, a receipt. */
  subject: string;
  /** What else names it (a contact's name); '' when nothing. */
  label: string;
  state: ItemState;
  reason: Message | null;
  attempts: number;
  /** What the kind recorded when it was done (its facts' `item.result`), JSON. */
  result: Readonly<Record<string, unknown>> | null;
  updatedAt: number;
}

export interface OutboxEntry {
  id: number;
  businessId: BusinessId;
  taskId: TaskId;
  itemId: number;
  phone: string;
  body: string;
  providerRef: string;
  createdAt: number;
}

export interface ImportRowError {
  row: number;
  reason: Message;
  raw: string;
}

export interface Page<T> {
  rows: T[];
  total: number;
  offset: number;
}

/** A WhatsApp Cloud API account as the window sees it: never the token. */
export interface WhatsAppAccount {
  id: number;
  businessId: BusinessId;
  label: string;
  phoneNumberId: string;
  wabaId: string;
  graphVersion: string;
  baseUrl: string;
  ratePerSecond: number;
  /** Where the token is kept, encrypted. */
  tokenStoredIn: 'os-keychain' | 'file-key';
  /** The last "check connection". */
  check: {
    at: number | null;
    displayPhoneNumber: string | null;
    verifiedName: string | null;
    qualityRating: string | null;
    throughputLevel: string | null;
    error: Message | null;
  };
  createdAt: number;
  updatedAt: number;
}

export interface WhatsAppTemplateSummary {
  name: string;
  language: string;
  category: string;
  status: string;
  /** The body text with its {{1}}, {{2}} placeholders, for the preview. */
  body: string;
  /** How many body values it needs. */
  paramCount: number;
}

export const RECEIPT_SOURCES = ['gmail', 'manual'] as const;
export type ReceiptSource = (typeof RECEIPT_SOURCES)[number];

/**
 * A receipt kept locally for a business: from Gmail (one per message) or added by hand.
 * Amount and vendor are what could be read from the mail; null when not found.
 */
export interface Receipt {
  id: number;
  businessId: BusinessId;
  source: ReceiptSource;
  gmailMessageId: string | null;
  gmailThreadId: string | null;
  fromName: string;
  fromAddress: string;
  subject: string;
  /** When the mail arrived (ms since the epoch). */
  receivedAt: number;
  vendor: string | null;
  /** In the currency's minor unit (agorot, cents); null when not found. */
  amountMinor: number | null;
  /** ISO 4217, e.g. ILS; null when not found. */
  currency: string | null;
  snippet: string;
  attachmentCount: number;
  createdAt: number;
  updatedAt: number;
}

/** A file attached to a receipt; its bytes live in the content-addressed store once `stored`. */
export interface ReceiptAttachment {
  id: number;
  receiptId: number;
  filename: string;
  mimeType: string;
  size: number;
  /** Hex SHA-256 of the content; null until downloaded. */
  sha256: string | null;
  stored: boolean;
}
