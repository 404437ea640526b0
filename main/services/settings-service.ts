/**
 * App settings as the window and the CLI change them, and the Gmail OAuth client they
 * hold. The client secret is sealed by the same SecretBox as tokens before it is stored,
 * and opened only here in main, for a connect; the window learns only whether one is set.
 */
import type { Settings, SettingsPatch } from '../../common/ipc/contract.ts';
import { TaskdeckError } from '../../common/result.ts';
import { SecretUnavailableError, type SecretBox } from '../secrets/secret-box.ts';
import type { Db } from '../store/db.ts';
import { getSettings, readGmailClientSecret, updateSettings, type StoredSettingsPatch } from '../store/settings-repo.ts';

/** Saves a validated settings:set request (the contract has checked and trimmed it). */
export async function saveSettings(db: Db, box: SecretBox | undefined, patch: SettingsPatch): Promise<Settings> {
  const { gmailClientSecret, ...plain } = patch;
  const stored: StoredSettingsPatch = { ...plain };
  if (gmailClientSecret === null) stored.gmailClientSecret = null;
  else if (gmailClientSecret !== undefined) {
    if (!box) throw new TaskdeckError('conflict', 'Secrets cannot be saved here');
    try {
      stored.gmailClientSecret = { box: box.kind, cipher: await box.encrypt(gmailClientSecret.trim()) };
    } catch (error) {
      if (error instanceof SecretUnavailableError) throw new TaskdeckError('conflict', `The client secret was not saved: ${error.message}`);
      throw error;
    }
  }
  return updateSettings(db, stored);
}

export interface GmailOAuthClient {
  clientId: string;
  clientSecret?: string;
}

const WHERE_TO_SET = 'Settings → Gmail (or: taskdeck settings gmail-client --client-id …)';
const boxName = (kind: SecretBox['kind']) => (kind === 'os-keychain' ? 'in the app (OS keychain)' : 'from the command line (key file)');

/**
 * The OAuth client a connect uses: the one the request names, else the one saved in
 * Settings. A request naming the saved client ID without a secret gets the saved secret.
 */
export async function gmailOAuthClient(db: Db, box: SecretBox, input: { clientId?: string | undefined; clientSecret?: string | undefined }): Promise<GmailOAuthClient> {
  const saved = getSettings(db).gmailClientId;
  const clientId = input.clientId?.trim() || saved;
  if (!clientId) throw new TaskdeckError('bad_input', `No Gmail OAuth client ID is set. Add it in ${WHERE_TO_SET}.`);
  const typedSecret = input.clientSecret?.trim();
  if (typedSecret) return { clientId, clientSecret: typedSecret };
  if (clientId !== saved) return { clientId };
  const sealed = readGmailClientSecret(db);
  if (!sealed) return { clientId };
  // A request that named the client ID itself connects without a secret it cannot read, as it always did.
  const named = Boolean(input.clientId?.trim());
  if (sealed.box !== box.kind) {
    if (named) return { clientId };
    throw new TaskdeckError('conflict', `The Gmail client secret was saved ${boxName(sealed.box)} and cannot be read here. Save it again here: ${WHERE_TO_SET}.`);
  }
  try {
    return { clientId, clientSecret: await box.decrypt(sealed.cipher) };
  } catch (error) {
    if (!(error instanceof SecretUnavailableError)) throw error;
    if (named) return { clientId };
    throw new TaskdeckError('conflict', `The saved Gmail client secret cannot be read here (the key it was encrypted with is gone). Save it again in ${WHERE_TO_SET}.`);
  }
}
