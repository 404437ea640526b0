/**
 * One CLI run's wiring: the database, main's IPC handlers over the CLI's services (tokens
 * kept with the key file, Gmail consent printed), and the contract built from the kinds
 * the CLI runs with. Requests go through `dispatch` exactly as the window's do, so a bad
 * request gets the window's error, word for word.
 */
import { buildContract, type ResponseOf } from '../../common/ipc/contract.ts';
import type { RequestChannel } from '../../common/ipc/channels.ts';
import { TaskdeckError, type ErrorInfo } from '../../common/result.ts';
import { dispatch } from '../ipc/dispatch.ts';
import { createHandlers } from '../ipc/handlers.ts';
import { TaskService } from '../services/task-service.ts';
import type { Db } from '../store/db.ts';
import { cliAccounts, cliGmail, cliSecretBox, openCliDatabase, type CliEngine } from './context.ts';

export interface CliSession {
  db: Db;
  dbPath: string;
  call<C extends RequestChannel>(channel: C, payload: unknown): Promise<ResponseOf<C>>;
  close(): void;
}

/** The error a failed answer carries, thrown again on this side (as the preload does for the window). */
export class CliRequestError extends TaskdeckError {
  constructor(info: ErrorInfo) {
    super(info.code, info.words ?? info.message, info.details);
  }
}

export function openSession(path: string | undefined, engine: CliEngine): CliSession {
  const { db, dbPath } = openCliDatabase(path);
  // No supervisor: a one-shot command leaves durable flags in the task row; --wait and
  // `run` start their own supervisor.
  const handlers = createHandlers({
    db,
    tasks: new TaskService({ db, kinds: engine.kinds }),
    accounts: cliAccounts(db, dbPath),
    gmail: cliGmail(db, dbPath),
    dbPath,
    secretBox: cliSecretBox(dbPath),
  });
  const contract = buildContract(engine.kinds.facts());
  return {
    db,
    dbPath,
    async call<C extends RequestChannel>(channel: C, payload: unknown) {
      const answer = await dispatch(handlers, channel, payload, contract);
      if (!answer.ok) throw new CliRequestError(answer.error);
      return answer.data as ResponseOf<C>;
    },
    close: () => db.close(),
  };
}
