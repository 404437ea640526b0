/**
 * The world a guarantee scenario runs in: a temp database, the fake Gmail API (for kinds
 * that need it), supervisors with real child-process workers (in this process, or in a
 * child process of its own so a test can SIGKILL it), and the owner's TaskService.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../../main/engine/worker-host.ts';
import type { GmailService } from '../../main/services/gmail-service.ts';
import { FakeGmailApi } from '../fakes/gmail-api-server.ts';
import { credentialSources } from '../../main/services/credentials.ts';
import { TaskService } from '../../main/services/task-service.ts';
import { supervisorFor, tempEnv, waitFor, type TestEnv } from '../helpers/engine.ts';
import { gmailServiceFor } from '../helpers/gmail.ts';
import { TEST_KINDS } from '../kinds/registry.ts';

export const PACED_WORKER = fileURLToPath(new URL('./paced-worker.ts', import.meta.url));
const SUPERVISOR_PROCESS = fileURLToPath(new URL('./supervisor-process.ts', import.meta.url));

/** Leases short enough that a killed supervisor's tasks are taken over within seconds. */
export const LEASE_MS = 3000;

export class World {
  readonly env: TestEnv = tempEnv();
  private api: FakeGmailApi | null = null;
  private gmailService: GmailService | null = null;
  private readonly supervisors: Supervisor[] = [];
  private readonly children: ChildProcess[] = [];

  /** The fake Gmail API and this world's GmailService, started on first use. */
  async gmail(): Promise<{ api: FakeGmailApi; service: GmailService }> {
    if (!this.api) {
      this.api = await FakeGmailApi.start();
      this.gmailService = gmailServiceFor(this.env, this.api);
    }
    return { api: this.api, service: this.gmailService! };
  }

  /** A supervisor in this process running the test kinds in paced workers. */
  startSupervisor(): Supervisor {
    const supervisor = supervisorFor(this.env, {
      kinds: TEST_KINDS,
      host: new ChildProcessWorkerHost({ entry: PACED_WORKER, inheritOutput: false }),
      leaseMs: LEASE_MS,
      // Read when a task needs them: a kind's fixture may connect Gmail after the supervisor started.
      credentials: credentialSources(
        () => {
          throw new Error('The guarantee suite gives no WhatsApp account');
        },
        () => {
          if (!this.gmailService) throw new Error('This world has no Gmail');
          return this.gmailService;
        },
      ),
    });
    this.supervisors.push(supervisor);
    supervisor.start();
    return supervisor;
  }

  /** A supervisor in a process of its own (supervisor-process.ts), ready when it says so. */
  async startSupervisorProcess(): Promise<ChildProcess> {
    const config = {
      dbPath: this.env.dbPath,
      dir: this.env.dir,
      leaseMs: LEASE_MS,
      gmail: this.api ? { authUrl: this.api.authUrl, tokenUrl: this.api.tokenUrl, apiBaseUrl: this.api.baseUrl } : null,
    };
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', SUPERVISOR_PROCESS, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    this.children.push(child);
    let said = '';
    child.stdout!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await waitFor(() => said.includes('ready') || child.exitCode !== null, 30_000, 'the supervisor process to start');
    if (!said.includes('ready')) throw new Error(`The supervisor process exited with ${child.exitCode}`);
    return child;
  }

  /** The owner's side: starts, cancels, pauses (with the supervisor to tell, if in this process). */
  tasks(supervisor?: Supervisor): TaskService {
    return new TaskService({ db: this.env.db, supervisor, kinds: TEST_KINDS });
  }

  async close(): Promise<void> {
    for (const s of this.supervisors.splice(0)) await s.shutdown(2000);
    for (const child of this.children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.api?.stop();
    this.env.cleanup();
  }
}
