/**
 * The worker's line to its supervisor. The same worker code runs as an Electron
 * utility process (process.parentPort) or a Node child process (process.send).
 */
import type { SupervisorToWorker, WorkerToSupervisor } from '../../common/worker-protocol.ts';
import { isSupervisorMessage } from '../../common/worker-protocol.ts';

export interface WorkerPort {
  post(message: WorkerToSupervisor): void;
  onMessage(listener: (message: SupervisorToWorker) => void): void;
  onDisconnect(listener: () => void): void;
  /** Sends what is queued, then exits the process. */
  exit(code: number): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function connectToSupervisor(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) =>
        parentPort.on('message', (event) => {
          if (isSupervisorMessage(event.data)) listener(event.data);
        }),
      // A utility process dies with its parent; there is nothing to watch.
      onDisconnect: () => undefined,
      exit: (code) => setTimeout(() => process.exit(code), 20),
    };
  }
  if (!process.send) throw new Error('The worker must be started by a supervisor (no IPC channel)');
  let inFlight = 0;
  let exitCode: number | null = null;
  const maybeExit = () => {
    if (exitCode !== null && inFlight === 0) process.exit(exitCode);
  };
  return {
    post: (message) => {
      if (!process.connected) return;
      inFlight++;
      process.send!(message, () => {
        inFlight--;
        maybeExit();
      });
    },
    onMessage: (listener) =>
      process.on('message', (message) => {
        if (isSupervisorMessage(message)) listener(message);
      }),
    onDisconnect: (listener) => process.on('disconnect', listener),
    exit: (code) => {
      exitCode = code;
      if (!process.connected) inFlight = 0;
      maybeExit();
    },
  };
}
