/** Opens the database the CLI works on and, when needed, a supervisor with child-process workers. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openDatabase, type Db } from '../store/db.ts';
import { getSettings } from '../store/settings-repo.ts';
import { Supervisor, type SupervisorOptions } from '../engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../engine/worker-host.ts';
import { AccountService } from '../services/account-service.ts';
import { FileKeyBox } from '../secrets/file-key-box.ts';
import { GmailService } from '../services/gmail-service.ts';
import { credentialSources } from '../services/credentials.ts';
import type { MainKinds } from '../tasks/registry.ts';

export function defaultDbPath(): string {
  return process.env.TASKDECK_DB ?? join(homedir(), '.taskdeck', 'taskdeck.db');
}

export function openCliDatabase(path: string | undefined): { db: Db; dbPath: string } {
  const dbPath = resolve(path ?? defaultDbPath());
  mkdirSync(dirname(dbPath), { recursive: true });
  return { db: openDatabase(dbPath, { migrate: true }), dbPath };
}

/**
 * The CLI keeps tokens encrypted with a key file next to the database (the app uses
 * the OS keychain instead; see docs/whatsapp.md for the difference).
 */
export function cliAccounts(db: Db, dbPath: string): AccountService {
  return new AccountService({ db, box: new FileKeyBox(join(dirname(dbPath), 'secret.key')) });
}

/** The CLI's secret box (also for the Gmail client secret kept in settings). */
export function cliSecretBox(dbPath: string): FileKeyBox {
  return new FileKeyBox(join(dirname(dbPath), 'secret.key'));
}

/**
 * The CLI's Gmail connection: it prints Google's consent URL for the owner to open.
 * TASKDECK_GOOGLE_AUTH_URL / _TOKEN_URL / TASKDECK_GMAIL_API_URL point it at a test server.
 */
export function cliGmail(db: Db, dbPath: string, openBrowser?: (url: string) => Promise<void>): GmailService {
  const env = process.env;
  return new GmailService({
    db,
    box: new FileKeyBox(join(dirname(dbPath), 'secret.key')),
    openBrowser: openBrowser ?? (async (url) => void process.stderr.write(`Open this address in your browser to connect Gmail:\n${url}\n`)),
    endpoints: {
      ...(env.TASKDECK_GOOGLE_AUTH_URL ? { authUrl: env.TASKDECK_GOOGLE_AUTH_URL } : {}),
      ...(env.TASKDECK_GOOGLE_TOKEN_URL ? { tokenUrl: env.TASKDECK_GOOGLE_TOKEN_URL } : {}),
      ...(env.TASKDECK_GMAIL_API_URL ? { apiBaseUrl: env.TASKDECK_GMAIL_API_URL } : {}),
    },
  });
}

/** The kinds a CLI supervisor runs, and the worker script that knows them (a test's kind needs its own). */
export interface CliEngine {
  kinds: MainKinds;
  workerEntry?: string | undefined;
}

export function cliSupervisor(db: Db, dbPath: string, engine: CliEngine, extra: Partial<SupervisorOptions> = {}): Supervisor {
  const accounts = cliAccounts(db, dbPath);
  const gmail = cliGmail(db, dbPath);
  return new Supervisor({
    db,
    dbPath,
    host: new ChildProcessWorkerHost(engine.workerEntry ? { entry: engine.workerEntry } : {}),
    kinds: engine.kinds,
    workerLimit: () => getSettings(db).workerLimit,
    credentials: credentialSources(() => accounts, () => gmail),
    ...extra,
  });
}
