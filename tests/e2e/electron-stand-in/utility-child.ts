/**
 * Preloaded (--import) into every "utility process" the stand-in forks: gives the
 * worker Electron's `process.parentPort` over the Node IPC channel, and makes it die
 * with its parent (a utility process does not outlive the app), so an app crash leaves
 * claimed items exactly as Electron would: in doubt.
 */
import { EventEmitter } from 'node:events';

if (process.send) {
  const send = process.send.bind(process);
  let inFlight = 0;
  let exitWhenDrained: number | undefined | null = null;
  const realExit = process.exit.bind(process);

  const parentPort = Object.assign(new EventEmitter(), {
    postMessage(message: unknown): void {
      if (!process.connected) return;
      inFlight++;
      send(message, undefined, {}, () => {
        inFlight--;
        if (inFlight === 0 && exitWhenDrained !== null) realExit(exitWhenDrained);
      });
    },
  });
  process.on('message', (message: unknown) => parentPort.emit('message', { data: message, ports: [] }));
  Object.defineProperty(process, 'parentPort', { value: parentPort, enumerable: false });
  Object.defineProperty(process, 'type', { value: 'utility', enumerable: false });

  // Electron delivers what a utility process posted before it exits; Node's
  // process.send is asynchronous, so an exit waits until posted messages are written.
  process.exit = ((code?: number) => {
    if (inFlight === 0 || !process.connected) return realExit(code);
    exitWhenDrained = code;
    setTimeout(() => realExit(code), 1000).unref();
    return undefined as never;
  }) as typeof process.exit;

  // The parent is gone (quit or crash): go at once, checkpointing nothing.
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
