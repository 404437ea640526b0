import type { StateCreator } from 'zustand/vanilla';
import type { UiApi } from '../lib/api.ts';
import type { UiError } from '../lib/errors.ts';
import type { AccountsSlice } from './accounts.ts';
import type { BusinessesSlice } from './businesses.ts';
import type { NavSlice } from './nav.ts';
import type { SettingsSlice } from './settings.ts';
import type { TasksSlice } from './tasks.ts';

export type LoadStatus =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready' }
  | { state: 'error'; error: UiError };

export type AppState = BusinessesSlice & TasksSlice & AccountsSlice & SettingsSlice & NavSlice;

/** A slice gets the API it talks to (its calls reject with a UiError); the store never reaches for a global. */
export type SliceCreator<T> = (api: UiApi) => StateCreator<AppState, [], [], T>;
