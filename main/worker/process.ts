/**
 * A worker process: one process runs one task of `kinds`. Started by the supervisor with
 * a `start` message; `control` messages ask it to cancel, pause or stop. The app's and the
 * CLI's workers run the shipped kinds (entry.ts); a test's worker may run more.
 */
import { reason } from '../../common/reasons.ts';
import { SCHEMA_VERSION, schemaVersion } from '../store/migrations/index.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { connectToSupervisor } from './port.ts';
import type { MainKinds } from '../tasks/registry.ts';
import { startTask, type RunningTask } from './run-task.ts';

export function runWorkerProcess(kinds: MainKinds): void {
  const port = connectToSupervisor();
  let db: Db | null = null;
  let running: RunningTask | null = null;

  port.onMessage((message) => {
    if (message.type === 'start') {
      if (running) return;
      db = openDatabase(message.dbPath);
      if (schemaVersion(db) !== SCHEMA_VERSION) {
        port.post({ type: 'finished', taskId: message.taskId, exit: 'failed', error: reason('schemaMismatch') });
        port.exit(1);
        return;
      }
      running = startTask(db, message, (m) => port.post(m), kinds);
      void running.done.then(({ exit, error }) => {
        port.post({ type: 'finished', taskId: message.taskId, exit, error });
        db?.close();
        port.exit(0);
      });
      return;
    }
    if (message.type === 'wake') {
      running?.context?.heartbeat();
      return;
    }
    if (message.type === 'network') {
      if (message.online) running?.context?.networkBack();
      return;
    }
    // Control: abort first (synchronously no new side effect can start), then acknowledge.
    running?.context?.requestStop(message.action);
    port.post({ type: 'ack', requestId: message.requestId, action: message.action });
  });

  port.onDisconnect(() => {
    // The supervisor is gone: checkpoint and stop, so the next one resumes cleanly.
    if (running?.context) running.context.requestStop('stop');
    else port.exit(0);
  });
}
