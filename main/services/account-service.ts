/**
 * WhatsApp accounts of a business: add (the token goes straight into the secret box),
 * check the connection, list approved templates, replace the token (tasks waiting for
 * the account go on), remove. The window and the CLI call exactly this. The token
 * never leaves main except in a worker's start message.
 */
import type { BusinessId, WhatsAppAccount, WhatsAppTemplateSummary } from '../../common/model.ts';
import { WordsError } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { TaskdeckError } from '../../common/result.ts';
import type { Db } from '../store/db.ts';
import { getBusiness } from '../store/businesses-repo.ts';
import {
  deleteAccount,
  getAccount,
  getAccountById,
  insertAccount,
  listAccounts,
  recordCheck,
  replaceToken,
  toAccount,
  type AccountRow,
} from '../store/accounts-repo.ts';
import { wakeParked } from '../store/task-state-repo.ts';
import { WHATSAPP_TOKEN_SECRET } from '../providers/registry.ts';
import { bodyParamCount, GraphClient } from '../providers/whatsapp/client.ts';
import { WhatsAppProvider } from '../providers/whatsapp/provider.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { isUniqueViolation } from '../store/sqlite-errors.ts';

export interface NewAccountInput {
  label: string;
  phoneNumberId: string;
  wabaId: string;
  token: string;
  graphVersion?: string | undefined;
  baseUrl?: string | undefined;
  ratePerSecond?: number | undefined;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v23.0';

export class AccountService {
  private readonly db: Db;
  private readonly box: SecretBox;
  private readonly onTokenReplaced: () => void;

  constructor(options: { db: Db; box: SecretBox; onTokenReplaced?: () => void }) {
    this.db = options.db;
    this.box = options.box;
    this.onTokenReplaced = options.onTokenReplaced ?? (() => undefined);
  }

  list(businessId: BusinessId): WhatsAppAccount[] {
    getBusiness(this.db, businessId);
    return listAccounts(this.db, businessId).map(toAccount);
  }

  async add(businessId: BusinessId, input: NewAccountInput): Promise<WhatsAppAccount> {
    getBusiness(this.db, businessId);
    const baseUrl = checkBaseUrl(input.baseUrl ?? DEFAULT_GRAPH_BASE_URL);
    const cipher = await this.box.encrypt(input.token.trim());
    try {
      const row = insertAccount(this.db, businessId, {
        label: input.label,
        phoneNumberId: input.phoneNumberId,
        wabaId: input.wabaId,
        graphVersion: input.graphVersion ?? DEFAULT_GRAPH_VERSION,
        baseUrl,
        ratePerSecond: input.ratePerSecond ?? 20,
        tokenCipher: cipher,
        tokenBox: this.box.kind,
      });
      return toAccount(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new TaskdeckError('conflict', 'This phone number is already connected to this business');
      throw error;
    }
  }

  /** Replaces the token; tasks waiting for this account try again at once. */
  async replaceToken(businessId: BusinessId, accountId: number, token: string): Promise<WhatsAppAccount> {
    getAccount(this.db, businessId, accountId);
    const row = replaceToken(this.db, businessId, accountId, await this.box.encrypt(token.trim()), this.box.kind);
    wakeParked(this.db, businessId, { params: { '$.provider.type': 'whatsapp', '$.provider.accountId': accountId } });
    this.onTokenReplaced();
    return toAccount(row);
  }

  remove(businessId: BusinessId, accountId: number): void {
    getAccount(this.db, businessId, accountId);
    const busy = this.db
      .prepare(
        `SELECT count(*) AS n FROM tasks WHERE business_id = ? AND status NOT IN ('completed', 'cancelled', 'failed')
           AND json_extract(params, '$.provider.type') = 'whatsapp' AND json_extract(params, '$.provider.accountId') = ?`,
      )
      .get(businessId, accountId) as { n: number };
    if (busy.n) throw new TaskdeckError('conflict', `${busy.n} unfinished broadcast(s) use this account; cancel them first`);
    deleteAccount(this.db, businessId, accountId);
  }

  /** Reads the phone number (display number, verified name, quality) or says what is wrong. */
  async check(businessId: BusinessId, accountId: number): Promise<WhatsAppAccount> {
    const row = getAccount(this.db, businessId, accountId);
    const provider = new WhatsAppProvider({
      client: await this.client(row),
      phoneNumberId: row.phone_number_id,
      content: { type: 'text' },
      secrets: () => [],
    });
    const answer = await provider.checkAccount(AbortSignal.timeout(20_000));
    if (answer.ok) {
      return toAccount(
        recordCheck(this.db, businessId, accountId, {
          displayPhoneNumber: answer.info.displayPhoneNumber,
          verifiedName: answer.info.verifiedName,
          qualityRating: answer.info.qualityRating,
          throughputLevel: answer.info.throughputLevel,
        }),
      );
    }
    const words =
      answer.kind === 'offline'
        ? reason('checkInternet', { reason: answer.reason })
        : answer.action
          ? reason('accountWait', { reason: answer.reason, action: answer.action })
          : answer.reason;
    return toAccount(recordCheck(this.db, businessId, accountId, { error: words }));
  }

  async templates(businessId: BusinessId, accountId: number): Promise<WhatsAppTemplateSummary[]> {
    const row = getAccount(this.db, businessId, accountId);
    const result = await (await this.client(row)).listTemplates(row.waba_id, { status: 'APPROVED', signal: AbortSignal.timeout(30_000) });
    if (!result.ok) {
      const failure = result.failure;
      const reason = 'reason' in failure ? failure.reason : failure.kind === 'api' ? failure.error.message : `WhatsApp answered ${failure.kind}`;
      throw new TaskdeckError('bad_input', `Could not load the templates: ${reason}`);
    }
    return result.value
      .filter((t) => t.status === 'APPROVED')
      .map((t) => ({
        name: t.name,
        language: t.language,
        category: t.category,
        status: t.status,
        body: t.components.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '',
        paramCount: bodyParamCount(t),
      }));
  }

  private async client(row: AccountRow): Promise<GraphClient> {
    const token = await this.token(row);
    return new GraphClient({ baseUrl: row.base_url, graphVersion: row.graph_version, accessToken: token });
  }

  private async token(row: AccountRow): Promise<string> {
    if (row.token_box !== this.box.kind) {
      throw new TaskdeckError(
        'conflict',
        `This account's token was saved by ${row.token_box === 'file-key' ? 'the command line' : 'the app'}; enter the token again here.`,
      );
    }
    return this.box.decrypt(row.token_cipher);
  }

  /**
   * For the supervisor: the token a task's worker sends with, for a WhatsApp account of
   * `businessId`. When there is none, the error says what happened and what the owner
   * does; the task waits with these words.
   */
  async secretsForAccount(businessId: BusinessId, accountId: number): Promise<Record<string, string>> {
    const row = getAccountById(this.db, accountId);
    if (!row || row.business_id !== businessId) throw new WordsError(reason('waAccountRemoved'));
    if (row.token_box !== this.box.kind) throw new WordsError(reason(row.token_box === 'file-key' ? 'waTokenFromCli' : 'waTokenFromApp'));
    try {
      return { [WHATSAPP_TOKEN_SECRET]: await this.box.decrypt(row.token_cipher) };
    } catch (error) {
      throw new WordsError(reason('waTokenUnreadable', { error: error instanceof Error ? error.message : String(error) }), { cause: error });
    }
  }

}

/** Meta's host, or plain http only on this machine (tests, a local fake server). */
function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TaskdeckError('bad_input', `"${raw}" is not a web address`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TaskdeckError('bad_input', 'The Graph API address must use https (plain http only for 127.0.0.1)');
  }
  return url.origin;
}
