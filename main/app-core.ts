/**
 * The composition root shared by the Electron app and the Node end-to-end harness:
 * database, supervisor, services and IPC handlers, wired together, with no Electron
 * import. The Electron glue adds windows, utility processes and OS integration.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TaskSnapshot } from '../common/model.ts';
import { Supervisor } from './engine/supervisor.ts';
import type { WorkerHost } from './engine/worker-host.ts';
import { createHandlers, type Handlers } from './ipc/handlers.ts';
import { TaskService } from './services/task-service.ts';
import { openDatabase, type Db } from './store/db.ts';
import { getSettings } from './store/settings-repo.ts';
import { AccountService } from './services/account-service.ts';
import { GmailService, type GoogleEndpoints } from './services/gmail-service.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import { credentialSources } from './services/credentials.ts';
import { SHIPPED_KINDS, type MainKinds } from './tasks/registry.ts';

export interface AppCore {
  db: Db;
  supervisor: Supervisor;
  tasks: TaskService;
  accounts: AccountService;
  gmail: GmailService;
  handlers: Handlers;
  onSnapshot(listener: (snapshot: TaskSnapshot) => void): () => void;
  /** Asks workers to checkpoint and stop (bounded wait), then closes the database. */
  close(timeoutMs?: number): Promise<void>;
}

export function createAppCore(options: {
  dbPath: string;
  host: WorkerHost;
  secretBox: SecretBox;
  /** The system browser, for Google's consent page (Electron: shell.openExternal). */
  openBrowser?: (url: string) => Promise<void>;
  googleEndpoints?: Partial<GoogleEndpoints>;
  /** Opens a file with the OS (Electron: shell.openPath). */
  openPath?: (path: string) => Promise<void>;
  /** The task kinds it runs (tests add one; the app runs the shipped ones). */
  kinds?: MainKinds;
}): AppCore {
  const kinds = options.kinds ?? SHIPPED_KINDS;
  mkdirSync(dirname(options.dbPath), { recursive: true });
  const db = openDatabase(options.dbPath, { migrate: true });
  // The supervisor asks the account service for a task's credentials at spawn time.
  let accounts: AccountService | null = null;
  const gmail = new GmailService({
    db,
    box: options.secretBox,
    openBrowser: options.openBrowser ?? (async () => Promise.reject(new Error('No browser can be opened here'))),
    ...(options.googleEndpoints ? { endpoints: options.googleEndpoints } : {}),
    onConnected: () => supervisor.wake(),
  });
  const supervisor: Supervisor = new Supervisor({
    db,
    dbPath: options.dbPath,
    host: options.host,
    workerLimit: () => getSettings(db).workerLimit,
    kinds,
    credentials: credentialSources(() => accounts!, () => gmail),
  });
  accounts = new AccountService({ db, box: options.secretBox, onTokenReplaced: () => supervisor.wake() });
  const tasks = new TaskService({ db, supervisor, kinds });
  const handlers = createHandlers({
    db,
    tasks,
    accounts,
    gmail,
    dbPath: options.dbPath,
    openPath: options.openPath,
    onSettingsChanged: () => supervisor.wake(),
    secretBox: options.secretBox,
  });
  supervisor.start();
  return {
    db,
    supervisor,
    tasks,
    accounts,
    gmail,
    handlers,
    onSnapshot: (listener) => supervisor.onSnapshot(listener),
    close: async (timeoutMs = 3000) => {
      await supervisor.shutdown(timeoutMs);
      db.close();
    },
  };
}
