/**
 * How the supervisor starts a worker process. In the app: Electron's utilityProcess
 * (main/electron/utility-worker-host.ts). Under Node (CLI, tests, benches): a child
 * process running the TypeScript entry directly (Node 24 strips types).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SupervisorToWorker, WorkerToSupervisor } from '../../common/worker-protocol.ts';
import { isWorkerMessage } from '../../common/worker-protocol.ts';

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: SupervisorToWorker): void;
  /** SIGKILL: for a worker that stopped heartbeating. */
  kill(): void;
  onMessage(listener: (message: WorkerToSupervisor) => void): void;
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
}

export interface WorkerHost {
  spawn(taskId: number): WorkerHandle;
}

export const WORKER_ENTRY_TS = fileURLToPath(new URL('../worker/entry.ts', import.meta.url));

export class ChildProcessWorkerHost implements WorkerHost {
  private readonly entry: string;
  private readonly inheritOutput: boolean;
  private readonly onOutput: ((taskId: number, text: string) => void) | undefined;

  constructor(options: { entry?: string; inheritOutput?: boolean; onOutput?: (taskId: number, text: string) => void } = {}) {
    this.entry = options.entry ?? WORKER_ENTRY_TS;
    this.inheritOutput = options.inheritOutput ?? true;
    this.onOutput = options.onOutput;
  }

  spawn(taskId: number): WorkerHandle {
    const child = fork(this.entry, [`--task=${taskId}`], {
      // A small young generation keeps a worker's RSS flat under a high allocation rate.
      execArgv: ['--disable-warning=ExperimentalWarning', '--max-semi-space-size=8'],
      stdio: this.inheritOutput ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    child.on('error', () => undefined);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      this.onOutput?.(taskId, chunk.toString());
    });
    // Read piped stdout even when nobody listens, or a chatty worker would block.
    child.stdout?.on('data', (chunk: Buffer) => this.onOutput?.(taskId, chunk.toString()));
    return {
      pid: child.pid,
      send: (message) => {
        // A worker that is exiting closes its channel; a lost control message is
        // covered by the durable flag in the task row.
        if (child.connected) child.send(message, () => undefined);
      },
      kill: () => {
        child.kill('SIGKILL');
      },
      onMessage: (listener) =>
        child.on('message', (message) => {
          if (isWorkerMessage(message)) listener(message);
        }),
      onExit: (listener) =>
        child.on('exit', (code, signal) => {
          if (code && stderr) process.stderr.write(`[worker ${taskId}] ${stderr}\n`);
          listener({ code, signal });
        }),
    };
  }
}
