/**
 * `ipcMain`: handlers by channel, as Electron keeps them. A page's invoke reaches
 * `invokeFromPage` with the sender's web contents and frame, so main's own sender
 * check runs on real facts (the frame's URL, whether it is the main frame).
 * Arguments and answers are structured-cloned, as Electron's IPC does.
 */
import { EventEmitter } from 'node:events';
import { record } from './records.ts';

type Handler = (event: InvokeEvent, ...args: unknown[]) => unknown;

export interface InvokeEvent {
  type: 'frame';
  sender: unknown;
  senderFrame: unknown;
  frameId: number;
  processId: number;
}

class IpcMain extends EventEmitter {
  private readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: Handler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What Electron does with an ipcRenderer.invoke from a page. */
  async invokeFromPage(event: InvokeEvent, channel: string, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) {
      record('ipc-invoke', { channel, outcome: 'no-handler' });
      throw new Error(`No handler registered for '${channel}'`);
    }
    let answer: unknown;
    try {
      answer = await handler(event, ...structuredClone(args));
    } catch (error) {
      record('ipc-invoke', { channel, outcome: 'threw', error: String(error) });
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
    }
    const result = answer as { ok?: unknown; error?: { code?: unknown } } | undefined;
    record('ipc-invoke', {
      channel,
      outcome: result?.ok === true ? 'ok' : result?.ok === false ? 'error' : 'other',
      ...(result?.ok === false ? { code: result.error?.code } : {}),
    });
    return structuredClone(answer);
  }

  /** What Electron does with an ipcRenderer.send: 'channel' listeners get (event, ...args). */
  sendFromPage(event: InvokeEvent, channel: string, args: unknown[]): void {
    this.emit(channel, { ...event, returnValue: undefined, reply: () => undefined }, ...structuredClone(args));
  }
}

export const ipcMain = new IpcMain();
