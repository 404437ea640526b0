/**
 * The only bridge to the main process, exposed by preload (contextIsolation on).
 * Typed from the shared contract, so every call site is checked against it.
 */
import type { TaskdeckApi } from '../../common/ipc/api.ts';

declare global {
  interface Window {
    /** Absent only when the page is opened outside the app (e.g. a plain browser). */
    taskdeck?: TaskdeckApi;
  }
}

export {};
