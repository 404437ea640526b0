/**
 * WorkerHost for the app: one Electron utility process per running task (the
 * supervisor's CLI and tests use ChildProcessWorkerHost instead). The worker talks
 * through process.parentPort, which main/worker/port.ts already understands.
 */
import { app, utilityProcess, type UtilityProcess } from 'electron';
import { isWorkerMessage } from '../../common/worker-protocol.ts';
import type { WorkerHandle, WorkerHost } from '../engine/worker-host.ts';

const SERVICE_NAME = 'Taskdeck task worker';
/** utilityProcess.kill() is a SIGTERM; a worker that ignores it for this long gets SIGKILL. */
const KILL_GRACE_MS = 1500;
const STDERR_TAIL = 4000;

export class UtilityWorkerHost implements WorkerHost {
  private readonly entry: string;

  constructor(entry: string) {
    this.entry = entry;
    // The exit event is what the supervisor acts on; this only says why, for the log.
    app.on('child-process-gone', (_event, details) => {
      if (details.type === 'Utility' && (details.serviceName === SERVICE_NAME || details.name === SERVICE_NAME)) {
        console.error(`[worker] process gone: ${details.reason} (exit code ${details.exitCode})`);
      }
    });
  }

  spawn(taskId: number): WorkerHandle {
    const child = utilityProcess.fork(this.entry, [`--task=${taskId}`], {
      serviceName: SERVICE_NAME,
      stdio: 'pipe',
      // Same as ChildProcessWorkerHost: a small young generation keeps RSS flat.
      execArgv: ['--max-semi-space-size=8'],
    });
    let exited = false;
    let killedWith: string | null = null;
    let stderr = '';

    // Piped output must be read, or a chatty worker blocks on a full pipe.
    child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines(taskId, chunk)));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
      process.stderr.write(prefixLines(taskId, chunk));
    });
    child.on('error', (type, location) => console.error(`[worker ${taskId}] ${type} at ${location}`));
    child.on('exit', (code) => {
      exited = true;
      if (code !== 0 && stderr) console.error(`[worker ${taskId}] exited with code ${code}`);
    });

    return {
      // Read live: a utility process has no pid until it has spawned.
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (exited) return;
        try {
          child.postMessage(message);
        } catch {
          // Exiting as we speak; the durable flag in the task row covers a lost control message.
        }
      },
      kill: () => {
        if (exited || killedWith) return;
        killedWith = 'SIGTERM';
        child.kill();
        setTimeout(() => forceKill(child, () => exited, () => (killedWith = 'SIGKILL')), KILL_GRACE_MS).unref();
      },
      onMessage: (listener) =>
        child.on('message', (message: unknown) => {
          if (isWorkerMessage(message)) listener(message);
        }),
      onExit: (listener) => child.on('exit', (code) => listener({ code: killedWith ? null : code, signal: killedWith })),
    };
  }
}

function forceKill(child: UtilityProcess, hasExited: () => boolean, note: () => void): void {
  const pid = child.pid;
  if (hasExited() || pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
    note();
  } catch {
    // Already gone between the check and the kill.
  }
}

function prefixLines(taskId: number, chunk: Buffer): string {
  const text = chunk.toString();
  return text.replace(/^(?=.)/gm, `[worker ${taskId}] `);
}
