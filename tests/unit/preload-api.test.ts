import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { TaskSnapshot } from '../../common/model.ts';
import type { Result } from '../../common/result.ts';
import { createTaskdeckApi, type IpcRendererLike } from '../../preload/api.ts';

/** Stands in for ipcRenderer: answers invoke from a table, emits events like Electron (event first). */
function fakeIpc(answer: (channel: string, request: unknown) => unknown) {
  const emitter = new EventEmitter();
  const calls: { channel: string; args: unknown[] }[] = [];
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      calls.push({ channel, args });
      return answer(channel, args[0]);
    },
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
  };
  const rawEvent = { sender: { send: () => 'raw ipcRenderer' }, senderId: 0, ports: [] };
  const emit = (channel: string, payload: unknown) => emitter.emit(channel, rawEvent, payload);
  return { ipc, calls, emit, emitter };
}

const snapshot = { id: 3, version: 9, status: 'running' } as TaskSnapshot;

describe('createTaskdeckApi', () => {
  it('invokes known channels with the request alone and resolves with the data', async () => {
    const { ipc, calls } = fakeIpc(() => ({ ok: true, data: [{ id: 1, name: 'Shop' }] }) satisfies Result<unknown>);
    const api = createTaskdeckApi(ipc);
    await expect(api.invoke('businesses:list', {})).resolves.toEqual([{ id: 1, name: 'Shop' }]);
    expect(calls).toEqual([{ channel: 'businesses:list', args: [{}] }]);
  });

  it('refuses unknown channels without calling main', async () => {
    const { ipc, calls } = fakeIpc(() => ({ ok: true, data: null }));
    const api = createTaskdeckApi(ipc) as unknown as { invoke(channel: unknown, request: unknown): Promise<unknown> };
    for (const channel of ['shell:openExternal', 'tasks:snapshot', '__proto__', 'toString', 42, undefined]) {
      await expect(api.invoke(channel, {})).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect(calls).toEqual([]);
  });

  it('turns an error result into a rejection that keeps code, message and details', async () => {
    const { ipc } = fakeIpc(() => ({
      ok: false,
      error: { code: 'invalid_request', message: 'Invalid request for tasks:get', details: ['taskId: Too small'] },
    }));
    const api = createTaskdeckApi(ipc);
    const rejection = await api.invoke('tasks:get', { businessId: 1, taskId: 0 }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(rejection).toEqual({
      name: 'TaskdeckError',
      code: 'invalid_request',
      message: 'Invalid request for tasks:get',
      details: ['taskId: Too small'],
    });
    // contextBridge keeps every field of a plain object but only the message of an Error.
    expect(Object.getPrototypeOf(rejection)).toBe(Object.prototype);
    expect(structuredClone(rejection)).toEqual(rejection);
  });

  it('reports a failing or malformed transport as internal', async () => {
    const broken = createTaskdeckApi(
      fakeIpc(() => {
        throw new Error("Error invoking remote method 'tasks:get': No handler registered");
      }).ipc,
    );
    await expect(broken.invoke('tasks:get', { businessId: 1, taskId: 1 })).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('No handler registered'),
    });
    const odd = createTaskdeckApi(fakeIpc(() => 'not a result').ipc);
    await expect(odd.invoke('settings:get', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('passes only the payload to event listeners, never the raw IPC event', () => {
    const { ipc, emit } = fakeIpc(() => null);
    const api = createTaskdeckApi(ipc);
    const listener = vi.fn();
    api.on('tasks:snapshot', listener);
    emit('tasks:snapshot', snapshot);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([snapshot]);
  });

  it('unsubscribes, once, and only its own listener', () => {
    const { ipc, emit, emitter } = fakeIpc(() => null);
    const api = createTaskdeckApi(ipc);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.on('tasks:snapshot', first);
    api.on('tasks:snapshot', second);
    offFirst();
    offFirst();
    emit('tasks:snapshot', snapshot);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(emitter.listenerCount('tasks:snapshot')).toBe(1);
  });

  it('refuses to subscribe to anything but event channels', () => {
    const { ipc, emitter } = fakeIpc(() => null);
    const api = createTaskdeckApi(ipc) as unknown as { on(channel: unknown, listener: unknown): unknown };
    expect(() => api.on('tasks:list', () => undefined)).toThrow(/Unknown event/);
    expect(() => api.on('ELECTRON_BROWSER_WINDOW_ALERT', () => undefined)).toThrow(/Unknown event/);
    expect(() => api.on('tasks:snapshot', 'not a function')).toThrow(/function/);
    expect(emitter.eventNames()).toEqual([]);
  });

  it('exposes invoke and on, and nothing else', () => {
    expect(Object.keys(createTaskdeckApi(fakeIpc(() => null).ipc)).sort()).toEqual(['invoke', 'on']);
  });
});
