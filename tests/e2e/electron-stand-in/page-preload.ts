/**
 * The page side of the bridge: runs the REAL preload bundle (out/preload/index.cjs)
 * before any page script, in a closure whose `require('electron')` gives page-side
 * `contextBridge` and `ipcRenderer` fakes. ipcRenderer talks to Node through a
 * Playwright binding (captured, then removed from window), and main's
 * webContents.send arrives through a hidden, non-enumerable delivery function.
 *
 * Unlike Electron, the preload runs in the page's own JavaScript world (there is no
 * context isolation between two scripts of one Chromium world); what the page gets
 * is still only what contextBridge.exposeInMainWorld put there, copied and frozen.
 */
export const INVOKE_BINDING = '__taskdeckStandInInvoke';
export const DELIVER_FUNCTION = '__taskdeckStandInDeliver';

interface PreloadScriptOptions {
  source: string;
  sourcePath: string;
  platform: string;
  versions: Record<string, string>;
}

/** The init script for a window: Electron's sandboxed preload environment, then the bundle. */
export function preloadInitScript(options: PreloadScriptOptions): string {
  // Everything is inlined: the page's CSP forbids eval, and init scripts run before it applies.
  return `(() => {
  'use strict';
  const invokeBinding = globalThis[${JSON.stringify(INVOKE_BINDING)}];
  delete globalThis[${JSON.stringify(INVOKE_BINDING)}];
  // Electron runs the preload in the main frame only (nodeIntegrationInSubFrames is off).
  if (window.top !== window) return;
  if (typeof invokeBinding !== 'function') {
    console.error('[stand-in] the IPC binding is missing; window.taskdeck will not work');
    return;
  }

  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      let copy;
      try {
        copy = structuredClone(args);
      } catch (error) {
        return Promise.reject(error);
      }
      return invokeBinding('invoke', String(channel), copy);
    },
    send(channel, ...args) {
      void invokeBinding('send', String(channel), structuredClone(args));
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    once(channel, listener) {
      const wrapped = (...args) => {
        ipcRenderer.removeListener(channel, wrapped);
        listener(...args);
      };
      return ipcRenderer.on(channel, wrapped);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    off(channel, listener) {
      return ipcRenderer.removeListener(channel, listener);
    },
    removeAllListeners(channel) {
      if (channel === undefined) listeners.clear();
      else listeners.delete(channel);
      return ipcRenderer;
    },
  };

  Object.defineProperty(globalThis, ${JSON.stringify(DELIVER_FUNCTION)}, {
    enumerable: false,
    configurable: false,
    writable: false,
    value: (channel, args) => {
      const set = listeners.get(channel);
      if (!set) return 0;
      const event = { sender: ipcRenderer, senderId: 0, ports: [] };
      for (const listener of [...set]) {
        try {
          listener(event, ...args);
        } catch (error) {
          console.error(error);
        }
      }
      return set.size;
    },
  });

  // contextBridge: functions are proxied, everything else copied and frozen.
  const bridge = (value, seen) => {
    if (typeof value === 'function') {
      return function (...args) {
        return value(...args);
      };
    }
    if (value === null || typeof value !== 'object' || value instanceof Promise) return value;
    if (seen.has(value)) return seen.get(value);
    const copy = Array.isArray(value) ? [] : {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = bridge(value[key], seen);
    return Object.freeze(copy);
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (Object.prototype.hasOwnProperty.call(window, key)) {
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      Object.defineProperty(window, key, { value: bridge(api, new Map()), enumerable: true, configurable: false, writable: false });
    },
  };

  const electron = Object.freeze({ contextBridge, ipcRenderer });
  const require = (id) => {
    if (id === 'electron' || id === 'electron/renderer') return electron;
    throw new Error('module not found: ' + id + ' (a sandboxed preload may only require electron)');
  };
  const process = Object.freeze({
    platform: ${JSON.stringify(options.platform)},
    type: 'renderer',
    sandboxed: true,
    contextIsolated: true,
    versions: Object.freeze(${JSON.stringify(options.versions)}),
    env: Object.freeze({}),
    argv: Object.freeze([]),
  });
  const module = { exports: {} };
  (function (require, module, exports, process, global) {
${options.source}
  })(require, module, module.exports, process, globalThis);
})();
//# sourceURL=${encodeURI(`file://${options.sourcePath}`)}
`;
}
