/** The owner's businesses and which one the window shows. */
import type { Business, BusinessId } from '../../../common/model.ts';
import { toUiError } from '../lib/errors.ts';
import type { LoadStatus, SliceCreator } from './types.ts';

const SELECTED_KEY = 'taskdeck.selectedBusiness';

export interface BusinessesSlice {
  businesses: readonly Business[];
  businessesStatus: LoadStatus;
  selectedBusinessId: BusinessId | null;
  loadBusinesses(): Promise<void>;
  selectBusiness(id: BusinessId): void;
  /** Rejects with a UiError. */
  createBusiness(name: string): Promise<Business>;
  /** Rejects with a UiError. */
  renameBusiness(id: BusinessId, name: string): Promise<Business>;
}

function rememberedSelection(): BusinessId | null {
  try {
    const value = Number(globalThis.localStorage?.getItem(SELECTED_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function rememberSelection(id: BusinessId): void {
  try {
    globalThis.localStorage?.setItem(SELECTED_KEY, String(id));
  } catch {
    // Storage may be unavailable; the selection then lasts for this session only.
  }
}

export const createBusinessesSlice: SliceCreator<BusinessesSlice> = (api) => (set, get) => ({
  businesses: [],
  businessesStatus: { state: 'idle' },
  selectedBusinessId: null,

  async loadBusinesses() {
    set({ businessesStatus: { state: 'loading' } });
    try {
      const businesses = await api.invoke('businesses:list', {});
      set({ businesses, businessesStatus: { state: 'ready' } });
      const current = get().selectedBusinessId ?? rememberedSelection();
      const next = businesses.find((b) => b.id === current) ?? businesses[0];
      if (next) get().selectBusiness(next.id);
    } catch (error) {
      set({ businessesStatus: { state: 'error', error: toUiError(error) } });
    }
  },

  selectBusiness(id) {
    const previous = get().selectedBusinessId;
    set({ selectedBusinessId: id });
    rememberSelection(id);
    if (previous !== id) {
      // A task page belongs to its business; go back to the list when switching.
      const route = get().route;
      if (route.screen === 'task') get().navigate({ screen: 'tasks' });
      // "Replace token" came from a card of the other business.
      else if (route.screen === 'accounts' && route.replaceToken) get().navigate({ screen: 'accounts' });
      const status = get().taskListStatus[id];
      if (!status || status.state === 'error' || status.state === 'idle') void get().loadTasks(id);
    }
  },

  async createBusiness(name) {
    const business = await api.invoke('businesses:create', { name: name.trim() });
    set((s) => ({ businesses: [...s.businesses, business] }));
    get().selectBusiness(business.id);
    return business;
  },

  async renameBusiness(id, name) {
    const business = await api.invoke('businesses:rename', { businessId: id, name: name.trim() });
    set((s) => ({ businesses: s.businesses.map((b) => (b.id === id ? business : b)) }));
    return business;
  },
});
