/**
 * A supervisor in a process of its own, as main is in the app, so a guarantee test can
 * SIGKILL it. Argument: JSON {dbPath, dir, leaseMs, gmail: endpoints | null}. Says "ready"
 * on stdout once it runs; its workers are the paced test workers (world.ts).
 */
import { join } from 'node:path';
import { Supervisor } from '../../main/engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../../main/engine/worker-host.ts';
import { FileKeyBox } from '../../main/secrets/file-key-box.ts';
import { GmailService } from '../../main/services/gmail-service.ts';
import { openDatabase } from '../../main/store/db.ts';
import { fileURLToPath } from 'node:url';
import { credentialSources } from '../../main/services/credentials.ts';
import { TEST_KINDS } from '../kinds/registry.ts';

// Not imported from world.ts: that module brings vitest, which runs only inside a test.
const PACED_WORKER = fileURLToPath(new URL('./paced-worker.ts', import.meta.url));

const config = JSON.parse(process.argv[2] ?? '{}') as {
  dbPath: string;
  dir: string;
  leaseMs: number;
  gmail: { authUrl: string; tokenUrl: string; apiBaseUrl: string } | null;
};
const db = openDatabase(config.dbPath);
const gmail = config.gmail
  ? new GmailService({ db, box: new FileKeyBox(join(config.dir, 'secret.key')), openBrowser: async () => {}, endpoints: config.gmail })
  : null;
const supervisor = new Supervisor({
  db,
  dbPath: config.dbPath,
  kinds: TEST_KINDS,
  host: new ChildProcessWorkerHost({ entry: PACED_WORKER, inheritOutput: false }),
  leaseMs: config.leaseMs,
  heartbeatMs: 250,
  tickMs: 50,
  ...(gmail
    ? { credentials: credentialSources(() => { throw new Error('No WhatsApp accounts in this test'); }, () => gmail) }
    : {}),
});
supervisor.start();
process.stdout.write('ready\n');
