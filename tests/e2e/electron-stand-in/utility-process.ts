/**
 * `utilityProcess.fork` → a Node child process (child_process.fork) running the same
 * module, with utility-child.ts preloaded so the worker finds `process.parentPort`
 * and dies with its parent, as an Electron utility process does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { app } from './app.ts';
import { preventableEvent } from './events.ts';
import { record } from './records.ts';

const CHILD_SHIM = new URL('./utility-child.ts', import.meta.url).href;

interface ForkOptions {
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  cwd?: string;
  stdio?: 'pipe' | 'ignore' | 'inherit' | ('pipe' | 'ignore' | 'inherit')[];
  serviceName?: string;
  allowLoadingUnsignedLibraries?: boolean;
  respondToAuthRequestsFromMainProcess?: boolean;
}

export class UtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  private readonly child: ChildProcess;
  private readonly serviceName: string;

  constructor(modulePath: string, args: string[], options: ForkOptions) {
    super();
    this.serviceName = options.serviceName ?? 'Node Utility Process';
    const [out, err] = stdioOf(options.stdio);
    this.child = fork(modulePath, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      // Electron's default execArgv is empty; ours adds the parentPort shim.
      execArgv: ['--disable-warning=ExperimentalWarning', ...(options.execArgv ?? []), '--import', CHILD_SHIM],
      stdio: ['ignore', out, err, 'ipc'],
      serialization: 'advanced',
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;

    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      record('utility-process', { event: 'spawn', pid: this.pid, modulePath, args, serviceName: this.serviceName });
      this.emit('spawn');
    });
    this.child.on('message', (message: unknown) => this.emit('message', message));
    this.child.on('error', (error) => {
      // A failed spawn: Electron reports it as an exit without a pid.
      console.error(`[stand-in] utility process ${this.serviceName}:`, error);
    });

    // 'exit' can overtake the last IPC messages; Electron delivers a process's messages
    // before its exit, so wait for both the exit and the end of the channel.
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let channelClosed = false;
    const maybeExit = () => {
      if (!exit || !channelClosed) return;
      const pid = this.pid ?? this.child.pid;
      this.pid = undefined;
      // Chromium reports a signalled child's exit code as the signal number.
      const code = exit.code ?? (exit.signal ? (constants.signals[exit.signal] ?? 1) : 0);
      record('utility-process', { event: 'exit', pid, code, signal: exit.signal });
      if (code !== 0) {
        app.emit('child-process-gone', preventableEvent(), {
          type: 'Utility',
          reason: exit.signal ? 'killed' : 'crashed',
          exitCode: code,
          serviceName: this.serviceName,
          name: this.serviceName,
        });
      }
      this.emit('exit', code);
    };
    this.child.on('exit', (code, signal) => {
      exit = { code, signal };
      // The channel may never have opened (a failed spawn).
      if (!this.child.connected) channelClosed = true;
      setImmediate(maybeExit);
    });
    this.child.on('disconnect', () => {
      channelClosed = true;
      maybeExit();
    });
  }

  postMessage(message: unknown): void {
    if (!this.child.connected) throw new Error('The utility process is not running');
    this.child.send(message as never, () => undefined);
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

function stdioOf(stdio: ForkOptions['stdio']): ['pipe' | 'ignore' | 'inherit', 'pipe' | 'ignore' | 'inherit'] {
  if (Array.isArray(stdio)) return [stdio[1] ?? 'inherit', stdio[2] ?? 'inherit'];
  return [stdio ?? 'inherit', stdio ?? 'inherit'];
}

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: ForkOptions = {}): UtilityProcess {
    return new UtilityProcess(modulePath, args, options);
  },
};
