/**
 * window.taskdeck, built over anything shaped like ipcRenderer, so it is tested under
 * Node. Imports only the channel lists (no zod, no Node): the sandboxed preload must
 * stay one small self-contained script.
 *
 * Failures reject with a plain object { name, code, message, details }, not an Error:
 * contextBridge copies only the message of an Error into the page (Electron rebuilds
 * it from `message` alone), while a plain object arrives with every field.
 */
import type { TaskdeckApi } from '../common/ipc/api.ts';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../common/ipc/channels.ts';
import type { Message } from '../common/messages.ts';
import type { ErrorCode, ErrorInfo } from '../common/result.ts';

/** The part of Electron's ipcRenderer the api needs. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** What a failed invoke rejects with; the renderer reads `code` and `message`. */
export interface TaskdeckFailure {
  name: 'TaskdeckError';
  code: ErrorCode;
  message: string;
  details?: string[];
  words?: Message;
}

const REQUESTS = new Set<string>(REQUEST_CHANNELS);
const EVENTS = new Set<string>(EVENT_CHANNELS);

export function createTaskdeckApi(ipc: IpcRendererLike): TaskdeckApi {
  const invoke = async (channel: string, request: unknown): Promise<unknown> => {
    if (typeof channel !== 'string' || !REQUESTS.has(channel)) {
      throw failure({ code: 'invalid_request', message: `Unknown request "${String(channel).slice(0, 80)}"` });
    }
    let answer: unknown;
    try {
      answer = await ipc.invoke(channel, request);
    } catch (error) {
      // No handler, or main crashed mid-call: Electron rejects with its own Error.
      throw failure({ code: 'internal', message: error instanceof Error ? error.message : 'Taskdeck could not reach its engine.' });
    }
    if (!isResult(answer)) throw failure({ code: 'internal', message: `Malformed answer to ${channel}` });
    if (answer.ok) return answer.data;
    throw failure(answer.error);
  };

  const on = (channel: string, listener: (payload: unknown) => void): (() => void) => {
    if (typeof channel !== 'string' || !EVENTS.has(channel)) throw new TypeError(`Unknown event "${String(channel).slice(0, 80)}"`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
    // The page gets the payload only; the IpcRendererEvent (with its sender) stays here.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, wrapped);
    };
  };

  // The typed surface is the contract's; the checks above run on whatever the page passes.
  return { invoke, on } as TaskdeckApi;
}

function failure(error: ErrorInfo): TaskdeckFailure {
  const code = typeof error.code === 'string' ? error.code : 'internal';
  const message = typeof error.message === 'string' ? error.message : 'Something went wrong in Taskdeck.';
  const details = Array.isArray(error.details) ? error.details.filter((d): d is string => typeof d === 'string') : undefined;
  // main's words for the message (a plain JSON Message), for the window's language.
  const words = typeof error.words === 'object' && error.words !== null && typeof error.words.key === 'string' ? error.words : undefined;
  return { name: 'TaskdeckError', code, message, ...(details ? { details } : {}), ...(words ? { words } : {}) };
}

function isResult(value: unknown): value is { ok: true; data: unknown } | { ok: false; error: ErrorInfo } {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as { ok?: unknown; error?: unknown };
  if (result.ok === true) return true;
  return result.ok === false && typeof result.error === 'object' && result.error !== null;
}
