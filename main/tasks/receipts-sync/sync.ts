/**
 * The receipts-sync task: copies receipts from the business's Gmail (read-only) into
 * the local store.
 *
 * 1. List (phase `plan`): the first sync lists messages matching the query from the last
 *    N months, page by page; later syncs read Gmail's history from the stored history id,
 *    and fall back to a full listing when Gmail says that id has expired (404). The page
 *    token or history position is the cursor (tasks.cursor_text), committed with each page
 *    of message ids, so a crash resumes at the page it was on. Messages already stored
 *    completely become skipped items: a second sync fetches only new mail.
 * 2. Fetch (phase `send`): each message once, through the item pump with several requests
 *    in flight; its receipt row and attachment rows are written first, then each missing
 *    attachment is downloaded once into the content-addressed blob store and marked stored.
 *    Reads have no side effect, so a crashed worker's items are simply fetched again
 *    (REPEATABLE_KINDS), and a message whose receipt is already complete is not fetched.
 * 3. At the end, the history id read before listing becomes the next sync's start.
 *
 * Receipts the owner deleted here are remembered (receipt_tombstones) and skipped when a
 * full listing meets them again, unless the sync was asked to copy them again.
 *
 * Offline waits and goes on by itself; quota errors wait as long as Google says; an
 * expired or revoked grant parks the task as waiting (account): "reconnect Gmail".
 */
import { WordsError, type Message } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import type { ReceiptsSyncItemResult } from '../../../common/tasks/receipts-sync/facts.ts';
import { receiptsSyncParams, type ReceiptsSyncParams } from '../../../common/tasks/receipts-sync/params.ts';
import { GmailClient, type GmailFailure, type GmailResult } from '../../providers/gmail/client.ts';
import { OAuthError, refreshAccessToken } from '../../providers/gmail/oauth.ts';
import { parseReceipt } from '../../providers/gmail/receipt-parser.ts';
import { blobRootFor, BlobStore } from '../../receipts/blob-store.ts';
import { findGmailConnection, recordSyncPoint, type GmailConnectionRow } from '../../store/gmail-repo.ts';
import { clearTombstones, tombstonedGmailIds, upsertAttachment, upsertReceipt } from '../../store/receipts-repo.ts';
import { insertItems } from '../../store/items-repo.ts';
import { stmt } from '../../store/statements.ts';
import { abortableSleep } from '../../worker/abortable-sleep.ts';
import { pumpItems, type ClaimedItem, type ItemOutcome } from '../../worker/item-pump.ts';
import type { TaskContext } from '../../worker/task-context.ts';
import { GMAIL_SECRETS } from '../../services/gmail-service.ts';

interface ListState {
  mode: 'full' | 'history';
  pageToken: string | null;
  /** Gmail's history id when this sync began: where the next sync starts. */
  syncPoint: string;
  /** History mode: the id to read history from (the previous sync's point). */
  from: string | null;
}

export const SKIP_REASON = {
  alreadyStored: reason('receiptAlreadyStored'),
  deletedHere: reason('receiptDeletedHere'),
} as const;

const FETCH_LANES = 8;
const PAGE_SIZE = 500;
const MAX_SERVER_RETRIES = 5;

export async function runReceiptsSync(ctx: TaskContext): Promise<void> {
  const params = receiptsSyncParams.parse(JSON.parse(ctx.task.params));
  const conn = findGmailConnection(ctx.db, ctx.businessId);
  if (!conn) throw new WordsError(reason('gmailNotConnectedSync'));
  const gmail = new GmailCalls(ctx, conn);
  const blobs = new BlobStore(blobRootFor(ctx.dbPath));
  blobs.removeStaleTemp();

  if (ctx.task.phase === 'plan') {
    const state = await listMessages(ctx, gmail, conn, params);
    if (!state || ctx.stopping) return;
    ctx.commit(() => undefined, {}, { phase: 'send' });
  }
  const state = JSON.parse(ctx.refresh().cursor_text ?? 'null') as ListState | null;

  await pumpItems(ctx, {
    window: FETCH_LANES + 16,
    concurrency: FETCH_LANES,
    ratePerSecond: params.ratePerSecond,
    perform: (item, signal) => fetchOne(ctx, gmail, blobs, item, signal, state?.mode === 'history'),
    waitForNetwork: (why) => gmail.waitForNetwork(why),
  });
  if (ctx.stopping || !state) return;
  recordSyncPoint(ctx.db, ctx.businessId, state.syncPoint, state.mode === 'full');
}

async function listMessages(ctx: TaskContext, gmail: GmailCalls, conn: GmailConnectionRow, params: ReceiptsSyncParams): Promise<ListState | null> {
  let state = ctx.task.cursor_text ? (JSON.parse(ctx.task.cursor_text) as ListState) : null;
  if (!state) {
    const profile = await gmail.call((signal) => gmail.client.getProfile({ signal }));
    if (!profile) return null;
    // Copying deleted receipts again needs the whole listing: history only tells of new mail.
    state =
      conn.history_id && !params.reimportDeleted
        ? { mode: 'history', pageToken: null, syncPoint: profile.historyId, from: conn.history_id }
        : { mode: 'full', pageToken: null, syncPoint: profile.historyId, from: null };
    const first = state;
    ctx.commit(() => (params.reimportDeleted ? clearTombstones(ctx.db, ctx.businessId) : 0), {}, { cursorText: JSON.stringify(first) });
  }
  let seq = ctx.task.total + 1;
  for (;;) {
    if (ctx.stopping) return null;
    let ids: string[];
    let next: string | null;
    if (state.mode === 'full') {
      const page = await gmail.call((signal) =>
        gmail.client.listMessages({ q: `${params.query} newer_than:${params.months}m`, pageToken: state!.pageToken ?? undefined, maxResults: PAGE_SIZE, signal }),
      );
      if (!page) return null;
      ids = page.messages.map((m) => m.id);
      next = page.nextPageToken ?? null;
    } else {
      const result = await gmail.callRaw((signal) =>
        gmail.client.listHistory({ startHistoryId: state!.from!, pageToken: state!.pageToken ?? undefined, signal }),
      );
      if (result === null) return null;
      if (!result.ok) {
        // Gmail keeps history for a limited time; past it, a full listing is the documented way back.
        state = { mode: 'full', pageToken: null, syncPoint: state.syncPoint, from: null };
        const reset = state;
        ctx.commit(() => undefined, {}, { cursorText: JSON.stringify(reset) });
        continue;
      }
      ids = result.value.history.flatMap((h) => h.messagesAdded.map((m) => m.id));
      next = result.value.nextPageToken ?? null;
    }
    const nextState: ListState = { ...state, pageToken: next };
    const firstSeq = seq;
    const inserted = ctx.commit(
      () => insertMessageItems(ctx, firstSeq, ids),
      (r) => ({ total: r.added, skipped: r.skipped, processed: r.skipped }),
      { cursorText: JSON.stringify(nextState) },
    );
    seq += inserted.added;
    state = nextState;
    if (!next) return state;
  }
}

/** One item per message id (repeats across pages or history records are dropped by the unique key). */
function insertMessageItems(ctx: TaskContext, firstSeq: number, ids: readonly string[]): { added: number; skipped: number } {
  const complete = completeReceipts(ctx, ids);
  const deletedHere = tombstonedGmailIds(ctx.db, ctx.businessId, ids);
  const items = ids.map((id, i) => ({
    seq: firstSeq + i,
    subject: id,
    dedupeKey: id,
    skip: complete.has(id) ? SKIP_REASON.alreadyStored : deletedHere.has(id) ? SKIP_REASON.deletedHere : null,
  }));
  return insertItems(ctx.db, ctx.taskId, ctx.businessId, items, { duplicate: 'drop' });
}

/** Messages whose receipt and every attachment are already stored in this business, and their receipt ids. */
function completeReceipts(ctx: TaskContext, ids: readonly string[]): Map<string, number> {
  if (!ids.length) return new Map();
  const rows = stmt(
    ctx.db,
    `SELECT r.gmail_message_id AS id, r.id AS receiptId FROM receipts r
     WHERE r.business_id = ? AND r.gmail_message_id IN (SELECT value FROM json_each(?))
       AND NOT EXISTS (SELECT 1 FROM receipt_attachments a WHERE a.receipt_id = r.id AND a.stored = 0)`,
  ).all(ctx.businessId, JSON.stringify(ids)) as { id: string; receiptId: number }[];
  return new Map(rows.map((r) => [r.id, r.receiptId]));
}

/** The parts of a message's receipt whose files are stored already (a receipt copied by an older version, half way). */
function storedParts(ctx: TaskContext, gmailMessageId: string): Set<string> {
  const rows = stmt(
    ctx.db,
    `SELECT a.part_id FROM receipt_attachments a JOIN receipts r ON r.id = a.receipt_id
     WHERE r.business_id = ? AND r.gmail_message_id = ? AND a.stored = 1`,
  ).all(ctx.businessId, gmailMessageId) as { part_id: string }[];
  return new Set(rows.map((r) => r.part_id));
}

async function fetchOne(
  ctx: TaskContext,
  gmail: GmailCalls,
  blobs: BlobStore,
  item: ClaimedItem,
  signal: AbortSignal,
  historyMode: boolean,
): Promise<ItemOutcome> {
  const messageId = item.subject;
  // Redone after a crash: if the receipt is complete, there is nothing to fetch.
  const stored = completeReceipts(ctx, [messageId]).get(messageId);
  if (stored !== undefined) return { kind: 'done', result: { receiptId: stored } satisfies ReceiptsSyncItemResult };
  const message = await gmail.item((s) => gmail.client.getMessage(messageId, { signal: s }), signal);
  if ('outcome' in message) return message.outcome;
  const parsed = parseReceipt(message.value);
  // History lists every new message, not only matches of the query: keep those with a receipt file.
  if (historyMode && parsed.attachments.length === 0) return { kind: 'skipped', reason: reason('receiptNoFile') };

  // The files first, then the receipt with all of them in one transaction: a receipt appears
  // whole or not at all. (Stored row first and files after, a cancel or a crash between two
  // downloads left a receipt without its file on the Receipts page, counted as not copied.)
  const have = storedParts(ctx, parsed.messageId);
  const files = new Map<string, Buffer>();
  for (const part of parsed.attachments) {
    if (have.has(part.partId)) continue;
    if (part.inlineData !== undefined) files.set(part.partId, Buffer.from(part.inlineData, 'base64url'));
    else {
      const got = await gmail.item((s) => gmail.client.getAttachment(messageId, part.attachmentId!, { signal: s }), signal);
      if ('outcome' in got) return got.outcome;
      files.set(part.partId, got.value);
    }
  }
  // Same bytes → same file: stored once however many receipts carry them.
  for (const bytes of files.values()) blobs.put(bytes);

  const receiptId = ctx.db.transaction(() => {
    // Deleted here while this sync was running: the owner's decision wins.
    if (tombstonedGmailIds(ctx.db, ctx.businessId, [parsed.messageId]).size) return null;
    const { id } = upsertReceipt(ctx.db, ctx.businessId, {
      source: 'gmail',
      gmailMessageId: parsed.messageId,
      gmailThreadId: parsed.threadId,
      fromName: parsed.from.name ?? '',
      fromAddress: parsed.from.address ?? '',
      subject: parsed.subject,
      receivedAt: parsed.date.getTime(),
      vendor: parsed.vendor,
      amountMinor: parsed.amount === null ? null : Math.round(parsed.amount * 100),
      currency: parsed.amount === null ? null : parsed.currency,
      snippet: message.value.snippet.slice(0, 300),
    });
    for (const a of parsed.attachments) {
      const bytes = files.get(a.partId);
      upsertAttachment(ctx.db, ctx.businessId, id, {
        partId: a.partId,
        filename: a.filename,
        mimeType: a.mimeType,
        size: a.size,
        gmailAttachmentId: a.attachmentId,
        // put() again inside the transaction (a stat): a delete that removed an unused file
        // meanwhile cannot leave this row without it.
        ...(bytes ? { sha256: blobs.put(bytes) } : {}),
      });
    }
    return id;
    // IMMEDIATE: it reads, then writes. A deferred transaction whose read snapshot another
    // worker's commit made stale cannot upgrade to a writer and fails with "database is
    // locked" at once, without waiting; IMMEDIATE takes the write lock first and waits for it.
  }).immediate();
  if (receiptId === null) return { kind: 'skipped', reason: SKIP_REASON.deletedHere };
  return { kind: 'done', result: { receiptId } satisfies ReceiptsSyncItemResult };
}

/**
 * Gmail calls with the task's policies: refresh the access token on 401, wait out
 * quota, retry server errors, wait for the network, park on a lost grant.
 */
class GmailCalls {
  readonly client: GmailClient;
  private readonly ctx: TaskContext;
  private readonly conn: GmailConnectionRow;
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(ctx: TaskContext, conn: GmailConnectionRow) {
    this.ctx = ctx;
    this.conn = conn;
    this.client = new GmailClient({
      baseUrl: conn.api_base_url,
      accessToken: () => this.token(),
      onUnauthorized: () => this.refresh(),
    });
  }

  private async token(): Promise<string> {
    if (this.access && this.access.expiresAt - 60_000 > Date.now()) return this.access.token;
    return this.refresh();
  }

  private refresh(): Promise<string> {
    this.refreshing ??= (async () => {
      try {
        const secret = this.ctx.secrets[GMAIL_SECRETS.clientSecret];
        const fresh = await refreshAccessToken({
          clientId: this.conn.client_id,
          refreshToken: this.ctx.secrets[GMAIL_SECRETS.refreshToken] ?? '',
          tokenUrl: this.conn.token_url,
          ...(secret ? { clientSecret: secret } : {}),
        });
        this.access = { token: fresh.accessToken, expiresAt: fresh.expiresAt };
        return fresh.accessToken;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** For listing: the value, or null when the task must stop (stopping, or parked for the account). */
  async call<T>(request: (signal: AbortSignal) => Promise<GmailResult<T>>): Promise<T | null> {
    const result = await this.callRaw(request);
    if (result === null) return null;
    if (!result.ok) {
      // A refusal says so itself ("Gmail refused the request: …"); anything else gave up after retries.
      const failure = result.failure;
      throw new WordsError(failure.kind === 'bad-request' ? failure.reason : reason('syncStopped', { reason: failure.reason }));
    }
    return result.value;
  }

  /** Like call, but hands history-expired back to the caller. */
  async callRaw<T>(request: (signal: AbortSignal) => Promise<GmailResult<T>>): Promise<GmailResult<T> | null> {
    for (let serverErrors = 0; ; ) {
      if (this.ctx.stopping) return null;
      const result = await this.guard(request(this.ctx.signal));
      if (result.ok || result.failure.kind === 'history-expired') return result;
      const failure = result.failure;
      const next = await this.handle(failure, ++serverErrors);
      if (next === 'stop') return null;
      if (next === 'give-up') return result;
    }
  }

  /** For one item: its value, or the item's outcome. */
  async item<T>(request: (signal: AbortSignal) => Promise<GmailResult<T>>, signal: AbortSignal): Promise<{ value: T } | { outcome: ItemOutcome }> {
    for (let serverErrors = 0; ; ) {
      if (signal.aborted) return { outcome: { kind: 'released' } };
      const result = await this.guard(request(signal));
      if (result.ok) return { value: result.value };
      const failure = result.failure;
      switch (failure.kind) {
        case 'not-found':
          return { outcome: { kind: 'skipped', reason: reason('receiptDeletedFromGmail') } };
        case 'offline':
        case 'connection-lost':
          return { outcome: { kind: 'released', offline: failure.reason } };
        case 'aborted':
          return { outcome: { kind: 'released' } };
        case 'bad-request':
          return { outcome: { kind: 'failed', reason: failure.reason } };
        default: {
          const next = await this.handle(failure, ++serverErrors);
          if (next === 'stop') return { outcome: { kind: 'released' } };
          if (next === 'give-up') return { outcome: { kind: 'failed', reason: failure.reason } };
        }
      }
    }
  }

  /** A refresh that fails with a lost grant arrives as a thrown OAuthError: make it a failure. */
  private async guard<T>(pending: Promise<GmailResult<T>>): Promise<GmailResult<T>> {
    try {
      return await pending;
    } catch (error) {
      if (error instanceof OAuthError) {
        return { ok: false, failure: error.needsReconnect ? { kind: 'auth', reason: error.words } : { kind: 'offline', reason: error.words } };
      }
      throw error;
    }
  }

  private async handle(failure: GmailFailure, attempt: number): Promise<'retry' | 'stop' | 'give-up'> {
    switch (failure.kind) {
      case 'offline':
      case 'connection-lost':
        await this.waitForNetwork(failure.reason);
        return this.ctx.stopping ? 'stop' : 'retry';
      case 'quota':
        this.ctx.setWaiting('rate_limit', reason('gmailQuotaWait', { quota: failure.quotaReason }));
        if (!(await abortableSleep(failure.retryAfterMs, this.ctx.signal))) return 'stop';
        this.ctx.setRunning();
        return 'retry';
      case 'server':
        if (attempt > MAX_SERVER_RETRIES) return 'give-up';
        if (!(await abortableSleep(failure.retryAfterMs ?? 500 * 2 ** attempt, this.ctx.signal))) return 'stop';
        return 'retry';
      case 'auth':
        // The failure's own words say how to reconnect (Receipts page) or what else to fix.
        this.ctx.accountProblem ??= { reason: reason('gmailAccessLost', { reason: failure.reason }), action: reason('thenPressResume') };
        this.ctx.requestStop('account');
        return 'stop';
      case 'aborted':
        return 'stop';
      default:
        return 'give-up';
    }
  }

  waitForNetwork(why: Message): Promise<void> {
    return this.ctx.waitForNetwork(reason('waitingForNetworkSync', { reason: why }), async () => {
      const probe = await this.guard(this.client.getProfile({ signal: this.ctx.signal, timeoutMs: 5000 }));
      return probe.ok || (probe.failure.kind !== 'offline' && probe.failure.kind !== 'connection-lost');
    });
  }
}
