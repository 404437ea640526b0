/**
 * One plain function per request channel. They receive requests already validated
 * against the contract and call the same services as the CLI. No Electron here, so
 * tests call them directly.
 */
import type { RequestChannel } from '../../common/ipc/channels.ts';
import type { ParsedRequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import type { Db } from '../store/db.ts';
import { createBusiness, getBusiness, listBusinesses, renameBusiness } from '../store/businesses-repo.ts';
import { pageContacts, setOptOut } from '../store/contacts-repo.ts';
import { pageImportErrors } from '../store/import-errors-repo.ts';
import { pageItems } from '../store/items-repo.ts';
import { pageOutbox } from '../store/outbox-repo.ts';
import { getSettings } from '../store/settings-repo.ts';
import { saveSettings } from '../services/settings-service.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { getTask, listTasks } from '../store/tasks-repo.ts';
import type { TaskService } from '../services/task-service.ts';
import type { AccountService } from '../services/account-service.ts';
import type { GmailService } from '../services/gmail-service.ts';
import { TaskdeckError } from '../../common/result.ts';
import { countReceiptsToDelete } from '../tasks/receipts-delete/title.ts';
import { blobRootFor, BlobStore } from '../receipts/blob-store.ts';
import { getAttachment, listAttachments, pageReceipts, queryFromFilter, getReceipt } from '../store/receipts-repo.ts';

export type Handlers = {
  [C in RequestChannel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export interface HandlerDeps {
  db: Db;
  tasks: TaskService;
  accounts: AccountService;
  gmail?: GmailService | undefined;
  /** The database file's path: receipt files live next to it. */
  dbPath?: string | undefined;
  /** Opens a file with the OS (Electron: shell.openPath); absent under plain Node. */
  openPath?: ((path: string) => Promise<void>) | undefined;
  /** Lets main react to a settings change (worker limit, language of notifications). */
  onSettingsChanged?: () => void;
  /** Seals the secrets kept in settings (the Gmail client secret); without it they cannot be saved. */
  secretBox?: SecretBox | undefined;
}

export function createHandlers({ db, tasks, accounts, gmail, dbPath, openPath, onSettingsChanged, secretBox }: HandlerDeps): Handlers {
  const needGmail = (): GmailService => {
    if (!gmail) throw new TaskdeckError('conflict', 'Gmail is not available here');
    return gmail;
  };
  return {
    'businesses:list': () => listBusinesses(db),
    'businesses:create': (r) => createBusiness(db, r.name, r.defaultCountry ?? getSettings(db).defaultCountry),
    'businesses:rename': (r) => renameBusiness(db, r.businessId, r.name),
    'contacts:list': (r) => {
      getBusiness(db, r.businessId);
      return pageContacts(db, r.businessId, { search: r.search, optedOut: r.optedOut }, r.offset, r.limit);
    },
    'contacts:importErrors': (r) => {
      getTask(db, r.businessId, r.taskId);
      return pageImportErrors(db, r.businessId, r.taskId, r.offset, r.limit);
    },
    'contacts:setOptOut': (r) => setOptOut(db, r.businessId, r.contactId, r.optedOut),
    'tasks:list': (r) => {
      getBusiness(db, r.businessId);
      return listTasks(db, r.businessId, r).map((row) => tasks.get(r.businessId, row.id));
    },
    'tasks:get': (r) => tasks.get(r.businessId, r.taskId),
    'tasks:items': (r) => {
      getTask(db, r.businessId, r.taskId);
      return pageItems(db, r.businessId, r.taskId, { state: r.state, search: r.search }, r.offset, r.limit);
    },
    'tasks:start': (r) => tasks.start(r.businessId, r.kind, r.input, r.title),
    'tasks:pause': (r) => tasks.pause(r.businessId, r.taskId),
    'tasks:resume': (r) => tasks.resume(r.businessId, r.taskId),
    'tasks:cancel': (r) => tasks.cancel(r.businessId, r.taskId),
    'tasks:retryFailed': (r) => tasks.retryFailed(r.businessId, r.taskId),
    'tasks:dismiss': (r) => tasks.dismiss(r.businessId, r.taskId),
    'tasks:settleInDoubt': (r) => tasks.settleInDoubt(r.businessId, r.taskId, r.resolution, r.itemIds),
    'outbox:list': (r) => {
      getBusiness(db, r.businessId);
      return pageOutbox(db, r.businessId, r.taskId, r.offset, r.limit);
    },
    'accounts:list': (r) => accounts.list(r.businessId),
    'accounts:add': (r) => accounts.add(r.businessId, r),
    'accounts:check': (r) => accounts.check(r.businessId, r.accountId),
    'accounts:replaceToken': (r) => accounts.replaceToken(r.businessId, r.accountId, r.token),
    'accounts:remove': (r) => {
      accounts.remove(r.businessId, r.accountId);
      return { removed: true as const };
    },
    'accounts:templates': (r) => accounts.templates(r.businessId, r.accountId),
    'receipts:list': (r) => {
      getBusiness(db, r.businessId);
      return pageReceipts(db, r.businessId, r.filter ? queryFromFilter(r.filter) : {}, r.offset, r.limit);
    },
    'receipts:attachments': (r) => {
      getReceipt(db, r.businessId, r.receiptId);
      return listAttachments(db, r.businessId, r.receiptId);
    },
    'receipts:countToDelete': (r) => {
      getBusiness(db, r.businessId);
      return { count: countReceiptsToDelete(db, r.businessId, r.params) };
    },
    'receipts:openAttachment': async (r) => {
      const attachment = getAttachment(db, r.businessId, r.attachmentId);
      if (!attachment.stored || !attachment.sha256) throw new TaskdeckError('conflict', 'This file has not been downloaded yet');
      if (!openPath || !dbPath) throw new TaskdeckError('conflict', 'Files cannot be opened here');
      await openPath(new BlobStore(blobRootFor(dbPath)).path(attachment.sha256));
      return { opened: true as const };
    },
    'gmail:status': (r) => needGmail().status(r.businessId),
    'gmail:connect': (r) => needGmail().connect(r.businessId, { clientId: r.clientId, clientSecret: r.clientSecret }),
    'gmail:disconnect': (r) => {
      needGmail().disconnect(r.businessId);
      return { disconnected: true as const };
    },
    'settings:get': () => getSettings(db),
    'settings:set': async (r) => {
      const settings = await saveSettings(db, secretBox, r);
      onSettingsChanged?.();
      return settings;
    },
  };
}
