/**
 * The sandboxed preload: exposes window.taskdeck and nothing else (no raw
 * ipcRenderer, no Node). Bundled into one CommonJS file, as sandboxed preloads
 * cannot load ES modules or packages.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createTaskdeckApi } from './api.ts';

contextBridge.exposeInMainWorld('taskdeck', createTaskdeckApi(ipcRenderer));
