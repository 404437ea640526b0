/**
 * The app's secret box: Electron's safeStorage (the async API), backed by the OS
 * keychain (macOS Keychain, Windows DPAPI, libsecret/kwallet on Linux).
 */
import { safeStorage } from 'electron';
import { SecretUnavailableError, type SecretBox } from '../secrets/secret-box.ts';

export class SafeStorageBox implements SecretBox {
  readonly kind = 'os-keychain';

  async encrypt(plain: string): Promise<Buffer> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new SecretUnavailableError('This computer offers no keychain for Taskdeck to keep the token in.');
    }
    return safeStorage.encryptStringAsync(plain);
  }

  async decrypt(cipher: Buffer): Promise<string> {
    const { result } = await safeStorage.decryptStringAsync(cipher);
    return result;
  }
}
