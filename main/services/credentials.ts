/**
 * The credential sources a supervisor hands to the kinds that need them: the WhatsApp
 * token of an account and the Gmail refresh token of a business, decrypted here in main.
 * The app and the CLI build theirs the same way (with their own secret boxes).
 */
import type { CredentialSources } from '../tasks/kind.ts';
import type { AccountService } from './account-service.ts';
import type { GmailService } from './gmail-service.ts';

export function credentialSources(accounts: () => AccountService, gmail: () => GmailService): CredentialSources {
  return {
    whatsappAccount: (businessId, accountId) => accounts().secretsForAccount(businessId, accountId),
    gmail: (businessId) => gmail().secretsForBusiness(businessId),
  };
}
