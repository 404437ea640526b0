/**
 * The CLI's secret box: AES-256-GCM with a 32-byte key kept in a file next to the
 * database (created with mode 0600), or given as TASKDECK_SECRET_KEY (base64).
 *
 * Weaker than the OS keychain the app uses: anyone who can read both the key file and
 * the database can read the tokens. It keeps tokens out of the database file itself,
 * out of backups of it, and out of logs. docs/whatsapp.md says so to the owner.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SecretUnavailableError, type SecretBox } from './secret-box.ts';

const VERSION = 1;

export class FileKeyBox implements SecretBox {
  readonly kind = 'file-key';
  private readonly key: Buffer;

  constructor(keyFile: string, envKey: string | undefined = process.env.TASKDECK_SECRET_KEY) {
    this.key = envKey ? parseKey(envKey) : loadOrCreate(keyFile);
  }

  async encrypt(plain: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  async decrypt(sealed: Buffer): Promise<string> {
    if (sealed[0] !== VERSION || sealed.length < 29) throw new SecretUnavailableError('This secret was not stored by the CLI key file');
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13));
    decipher.setAuthTag(sealed.subarray(13, 29));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnavailableError('The secret key does not match: was the key file replaced? Enter the token again.');
    }
  }
}

function parseKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new SecretUnavailableError('TASKDECK_SECRET_KEY must be 32 bytes, base64-encoded');
  return key;
}

function loadOrCreate(path: string): Buffer {
  if (existsSync(path)) return parseKey(readFileSync(path, 'utf8').trim());
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
