/** The broadcast kind, main side: its title, its WhatsApp token, test mode's outbox as the provider to ask. */
import { verbatim } from '../../../common/messages.ts';
import { broadcastFacts } from '../../../common/tasks/broadcast/facts.ts';
import { settleFromOutbox } from '../../providers/test-mode.ts';
import { assertReadableFile } from '../files.ts';
import { defineMainKind } from '../kind.ts';
import { broadcastCli } from './cli.ts';

const TITLE_MAX = 48;

/** The message's first words, or the template's name: what the owner recognises on the card. */
function titleFor(template: string, templateName: string | undefined): string {
  const words = template.replace(/\s+/g, ' ').trim() || templateName || '';
  return words.length > TITLE_MAX ? `${words.slice(0, TITLE_MAX - 1)}…` : words;
}

export const broadcastKind = defineMainKind({
  facts: broadcastFacts,
  create(ctx, params) {
    if (params.recipients.type === 'csv') assertReadableFile(params.recipients.path);
    const templateName = params.provider.type === 'whatsapp' ? params.provider.template?.name : undefined;
    return { title: verbatim(ctx.title ?? titleFor(params.template, templateName)), params };
  },
  async credentials(task, sources) {
    const params = broadcastFacts.params.parse(JSON.parse(task.params));
    return params.provider.type === 'whatsapp' ? sources.whatsappAccount(task.business_id, params.provider.accountId) : undefined;
  },
  runner: async () => (await import('./runner.ts')).runBroadcast,
  askProvider(db, task, itemIds) {
    const params = broadcastFacts.params.safeParse(JSON.parse(task.params));
    // Test mode keeps what it "sent"; WhatsApp has no per-recipient lookup.
    if (!params.success || params.data.provider.type !== 'test-mode') return null;
    return settleFromOutbox(db, task.business_id, task.id, itemIds).map((a) => ({
      itemId: a.itemId,
      sent: a.sent,
      ...(a.providerRef ? { result: { providerRef: a.providerRef } } : {}),
    }));
  },
  cli: broadcastCli,
});
