/**
 * Task kind → the runner that executes it inside a worker. Loaded lazily, so a
 * worker only loads the code of the kind it runs.
 */
import type { TaskKind } from '../../common/model.ts';
import type { TaskContext } from '../worker/task-context.ts';

export type TaskRunner = (ctx: TaskContext) => Promise<void>;

export const RUNNERS: Record<TaskKind, () => Promise<TaskRunner>> = {
  broadcast: async () => (await import('./broadcast/runner.ts')).runBroadcast,
  'contacts-import': async () => (await import('./contacts-import/runner.ts')).runContactsImport,
  'receipts-delete': async () => (await import('./receipts-delete/runner.ts')).runReceiptsDelete,
  'receipts-sync': async () => (await import('./receipts-sync/runner.ts')).runReceiptsSync,
};
