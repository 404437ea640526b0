/** App settings from main; the language is kept apart so the window can speak before they load. */
import type { Language, Settings, SettingsPatch } from '../../../common/ipc/contract.ts';
import { toUiError } from '../lib/errors.ts';
import type { LoadStatus, SliceCreator } from './types.ts';

export type { SettingsPatch };

export interface SettingsSlice {
  language: Language;
  settings: Settings | null;
  settingsStatus: LoadStatus;
  loadSettings(): Promise<void>;
  /** Saves a change; rejects with a UiError and leaves the held settings as they were. */
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** Switches the window at once, then saves; reverts and rejects when saving fails. */
  setLanguage(language: Language): Promise<void>;
}

export const createSettingsSlice =
  (initialLanguage: Language): SliceCreator<SettingsSlice> =>
  (api) =>
  (set, get) => ({
    language: initialLanguage,
    settings: null,
    settingsStatus: { state: 'idle' },

    async loadSettings() {
      set({ settingsStatus: { state: 'loading' } });
      try {
        const settings = await api.invoke('settings:get', {});
        set({ settings, language: settings.language, settingsStatus: { state: 'ready' } });
      } catch (error) {
        set({ settingsStatus: { state: 'error', error: toUiError(error) } });
      }
    },

    async updateSettings(patch) {
      const settings = await api.invoke('settings:set', patch);
      set({ settings, language: settings.language });
      return settings;
    },

    async setLanguage(language) {
      const previous = get().language;
      if (previous === language) return;
      set({ language });
      try {
        await get().updateSettings({ language });
      } catch (error) {
        set({ language: previous });
        throw error;
      }
    },
  });
