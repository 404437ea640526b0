/** The receipts-sync kind, main side: Gmail must be connected, one sync at a time, its refresh token. */
import { reason } from '../../../common/reasons.ts';
import { TaskdeckError } from '../../../common/result.ts';
import { receiptsSyncFacts } from '../../../common/tasks/receipts-sync/facts.ts';
import { isFinished } from '../../../common/tasks/state.ts';
import { findGmailConnection } from '../../store/gmail-repo.ts';
import { listTasks } from '../../store/tasks-repo.ts';
import { defineMainKind } from '../kind.ts';
import { receiptsSyncCli } from './cli.ts';

export const receiptsSyncKind = defineMainKind({
  facts: receiptsSyncFacts,
  create(ctx, params) {
    if (!findGmailConnection(ctx.db, ctx.businessId)) throw new TaskdeckError('conflict', reason('gmailConnectFirst'));
    // Two syncs would list the same mail twice: the one under way already copies it.
    const running = listTasks(ctx.db, ctx.businessId, { kind: receiptsSyncFacts.id, includeDismissed: true }).find((t) => !isFinished(t.status));
    if (running) throw new TaskdeckError('conflict', reason('gmailSyncRunning', { task: String(running.id) }));
    return { title: reason('titleReceiptsSync'), params };
  },
  credentials: (task, sources) => sources.gmail(task.business_id),
  runner: async () => (await import('./sync.ts')).runReceiptsSync,
  cli: receiptsSyncCli,
});
