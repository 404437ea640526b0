/**
 * One zustand store composed of slices (businesses, tasks, accounts, settings, nav), created per
 * window with the API it talks to, and handed to components through context so tests
 * get a fresh store each.
 */
import { createContext, useContext, useRef } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TaskdeckApi } from '../../../common/ipc/api.ts';
import type { Language } from '../../../common/ipc/contract.ts';
import { uiApi, type UiApi } from '../lib/api.ts';
import { createAccountsSlice } from './accounts.ts';
import { createBusinessesSlice } from './businesses.ts';
import { createNavSlice } from './nav.ts';
import { createSettingsSlice } from './settings.ts';
import { createTasksSlice } from './tasks.ts';
import type { AppState } from './types.ts';

export type { AppState, LoadStatus } from './types.ts';
export type AppStore = StoreApi<AppState>;

export function createAppStore(bridge: TaskdeckApi, initialLanguage: Language = 'en'): AppStore {
  const api = uiApi(bridge);
  return createStore<AppState>()((...args) => ({
    ...createBusinessesSlice(api)(...args),
    ...createTasksSlice(api)(...args),
    ...createAccountsSlice(api)(...args),
    ...createSettingsSlice(initialLanguage)(api)(...args),
    ...createNavSlice(api)(...args),
  }));
}

/**
 * Connects a store to main: subscribe to pushed snapshots first (so none is missed
 * between the list and the first push), then load settings, businesses and tasks.
 * Returns the unsubscribe function.
 */
export function connectStore(store: AppStore, api: TaskdeckApi): () => void {
  const unsubscribe = api.on('tasks:snapshot', (snapshot) => store.getState().applySnapshot(snapshot));
  void store.getState().loadSettings();
  void store.getState().loadBusinesses();
  return unsubscribe;
}

export const StoreContext = createContext<AppStore | null>(null);
export const ApiContext = createContext<TaskdeckApi | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside StoreContext');
  return useStore(store, selector);
}

/** The bridge to main, wrapped: every call rejects with a UiError (lib/api.ts). */
export function useApi(): UiApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return uiApi(api);
}

/**
 * Like useAppStore, but keeps the previous result while `isEqual` says nothing
 * changed, so derived arrays and objects do not re-render their readers needlessly.
 */
export function useAppStoreEq<T>(selector: (state: AppState) => T, isEqual: (a: T, b: T) => boolean): T {
  const previous = useRef<{ value: T } | null>(null);
  return useAppStore((state) => {
    const next = selector(state);
    if (previous.current && isEqual(previous.current.value, next)) return previous.current.value;
    previous.current = { value: next };
    return next;
  });
}
