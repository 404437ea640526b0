/**
 * Builds the provider a task asked for. Credentials come from the supervisor in the
 * worker's start message (decrypted in main); they are never in the task's params.
 */
import type { ProviderChoice } from '../../common/tasks/broadcast/params.ts';
import { WordsError } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import type { Db } from '../store/db.ts';
import { getAccountById } from '../store/accounts-repo.ts';
import type { Provider } from './provider.ts';
import { TestModeProvider } from './test-mode.ts';
import { GraphClient } from './whatsapp/client.ts';
import { WhatsAppProvider } from './whatsapp/provider.ts';
import { rateControllerFor } from './whatsapp/rate-controller.ts';

export interface ProviderContext {
  db: Db;
  dbPath: string;
  secrets: Readonly<Record<string, string>>;
  /** The broadcast's pace (messages per second). */
  rate: number;
}

export const WHATSAPP_TOKEN_SECRET = 'whatsappToken';

export function createProvider(context: ProviderContext, choice: ProviderChoice): Provider {
  switch (choice.type) {
    case 'test-mode':
      return new TestModeProvider(context.dbPath, choice.options);
    case 'whatsapp': {
      const account = getAccountById(context.db, choice.accountId);
      if (!account) throw new WordsError(reason('waAccountGone', { account: String(choice.accountId) }));
      const token = context.secrets[WHATSAPP_TOKEN_SECRET] ?? '';
      const client = new GraphClient({ baseUrl: account.base_url, graphVersion: account.graph_version, accessToken: token });
      return new WhatsAppProvider({
        client,
        phoneNumberId: account.phone_number_id,
        content: choice.template ? { type: 'template', ...choice.template } : { type: 'text' },
        rate: rateControllerFor(account.phone_number_id, {
          ratePerSecond: Math.min(context.rate, account.rate_per_second),
          maxRatePerSecond: Math.max(account.rate_per_second, 80),
        }),
        secrets: () => [token],
      });
    }
  }
}
