/**
 * Content-addressed files for receipt attachments: `<root>/<sha[0..2]>/<sha>`, where
 * sha is the hex SHA-256 of the bytes. A file is written once however many receipts
 * (in however many businesses) carry the same content; rows stay business-scoped, only
 * the file is shared.
 *
 * Writes are atomic: a temp file in `<root>/tmp/`, fsynced, renamed into place, and the
 * folder fsynced, so a crash never leaves a half-written file under a real name.
 *
 * ## Never a row without its file
 * Removal (`removeIfUnreferenced`) checks "no row in any business uses this sha" and
 * unlinks inside one IMMEDIATE transaction. A writer that adds an attachment row must make
 * sure the file exists inside the transaction that commits the row: call `put(bytes)`
 * before the commit (the slow write, outside the write lock) and `put(bytes)` again inside
 * the commit's write callback (normally one stat). The two transactions serialize, so a
 * removal can never slip between "the file is there" and "the row that needs it committed".
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { BusinessId } from '../../common/model.ts';
import type { Db } from '../store/db.ts';
import { referencedShas } from '../store/receipts-repo.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256_HEX.test(value);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where a database's attachment files live: next to the database, in the app's data folder. */
export function blobRootFor(dbPath: string): string {
  return join(dirname(dbPath), 'receipt-files');
}

export interface BlobStoreOptions {
  /**
   * fsync each file and its folder (default). Only sample data for tests and benches turns
   * it off; a crash could then leave an empty file under a real name.
   */
  durable?: boolean;
}

export class BlobStore {
  readonly root: string;
  private readonly tmpDir: string;
  private readonly durable: boolean;

  constructor(root: string, options: BlobStoreOptions = {}) {
    this.root = root;
    this.tmpDir = join(root, 'tmp');
    this.durable = options.durable ?? true;
  }

  /** The file's path. Throws for anything but 64 lowercase hex digits, so no path can be injected. */
  path(sha: string): string {
    if (!isSha256(sha)) throw new Error(`Not a SHA-256 content id: ${JSON.stringify(sha.slice(0, 80))}`);
    return join(this.root, sha.slice(0, 2), sha);
  }

  has(sha: string): boolean {
    return existsSync(this.path(sha));
  }

  /** Stores the bytes once; returns their sha. A no-op (one stat) when the content is already stored. */
  put(bytes: Uint8Array): string {
    const sha = sha256Of(bytes);
    const target = this.path(sha);
    if (existsSync(target)) return sha;
    mkdirSync(this.tmpDir, { recursive: true });
    const shard = dirname(target);
    const newShard = !existsSync(shard);
    if (newShard) mkdirSync(shard, { recursive: true });
    const tmp = join(this.tmpDir, `${sha}.${process.pid}.${randomBytes(6).toString('hex')}`);
    const fd = openSync(tmp, 'wx');
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      if (this.durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, target);
    } catch (error) {
      // Another process stored the same content first (Windows refuses to replace an open file).
      rmSync(tmp, { force: true });
      if (!existsSync(target)) throw error;
      return sha;
    }
    if (this.durable) {
      fsyncDir(shard);
      if (newShard) fsyncDir(this.root);
    }
    return sha;
  }

  /**
   * Deletes the file when no attachment row in ANY business references the sha (content
   * is shared across businesses at the file level). `businessId` is the business letting go
   * of it, for the record; the check spans all businesses. Returns whether a file was removed.
   */
  removeIfUnreferenced(db: Db, businessId: BusinessId, sha: string): boolean {
    const { removed, failed } = this.removeUnreferenced(db, businessId, [sha]);
    if (failed.length) throw failed[0]!.error;
    return removed === 1;
  }

  /**
   * The batch form: one IMMEDIATE transaction for all of them. A file that cannot be
   * unlinked (open in a viewer on Windows) is reported in `failed` and left in place; the
   * others are still removed.
   */
  removeUnreferenced(db: Db, _businessId: BusinessId, shas: Iterable<string>): { removed: number; failed: { sha: string; error: Error }[] } {
    const paths = [...new Set(shas)].map((sha) => ({ sha, path: this.path(sha) }));
    const failed: { sha: string; error: Error }[] = [];
    if (!paths.length) return { removed: 0, failed };
    const sweep = () => {
      let removed = 0;
      const referenced = referencedShas(db, paths.map((p) => p.sha));
      for (const { sha, path } of paths) {
        if (referenced.has(sha)) continue;
        try {
          unlinkSync(path);
          removed++;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') failed.push({ sha, error: error as Error });
        }
      }
      return removed;
    };
    // The transaction writes nothing (no fsync): it only holds the write lock against a row insert.
    const removed = db.inTransaction ? sweep() : db.transaction(sweep).immediate();
    return { removed, failed };
  }

  /** Temp files left by a crash in the middle of a write (older than `maxAgeMs`). */
  removeStaleTemp(maxAgeMs = 60 * 60_000): number {
    let names: string[];
    try {
      names = readdirSync(this.tmpDir);
    } catch {
      return 0;
    }
    let removed = 0;
    const cutoff = Date.now() - maxAgeMs;
    for (const name of names) {
      const file = join(this.tmpDir, name);
      try {
        if (statSync(file).mtimeMs < cutoff) {
          unlinkSync(file);
          removed++;
        }
      } catch {
        // Gone already, or in use: the next sweep sees it again.
      }
    }
    return removed;
  }
}

/** Makes a rename or a new entry durable. Not possible on Windows (a folder cannot be opened); NTFS journals it. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort where the platform cannot fsync a folder.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
