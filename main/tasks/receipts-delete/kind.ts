/** The receipts-delete kind, main side: a title that says how many and which, and that Gmail is untouched. */
import { verbatim } from '../../../common/messages.ts';
import { receiptsDeleteFacts } from '../../../common/tasks/receipts-delete/facts.ts';
import { countReceiptsToDelete, receiptsDeleteTitle } from './title.ts';
import { defineMainKind } from '../kind.ts';
import { receiptsDeleteCli } from './cli.ts';

export const receiptsDeleteKind = defineMainKind({
  facts: receiptsDeleteFacts,
  create(ctx, params) {
    const count = countReceiptsToDelete(ctx.db, ctx.businessId, params);
    return { title: ctx.title ? verbatim(ctx.title) : receiptsDeleteTitle(params, count), params };
  },
  runner: async () => (await import('./runner.ts')).runReceiptsDelete,
  cli: receiptsDeleteCli,
});
