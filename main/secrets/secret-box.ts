/**
 * Where credentials (WhatsApp access tokens, later Gmail refresh tokens) are
 * encrypted before they touch SQLite. The app uses the OS keychain through Electron's
 * safeStorage (main/electron/safe-storage-box.ts); the CLI and tests use a key file
 * (file-key-box.ts). Plain text never reaches the database, a log, or the renderer.
 */
export interface SecretBox {
  /** Stored with each secret, so a database moved between app and CLI says why it cannot decrypt. */
  readonly kind: 'os-keychain' | 'file-key';
  encrypt(plain: string): Promise<Buffer>;
  decrypt(cipher: Buffer): Promise<string>;
}

export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailableError';
  }
}
