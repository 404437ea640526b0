/** Which screen the window shows. No URL routing: the app has one window and no navigation. */
import type { ItemState, TaskId, TaskKindId } from '../../../common/model.ts';
import type { SliceCreator } from './types.ts';

export type Route =
  | { screen: 'tasks' }
  /** A kind's composer; without `kind`, the first kind that has one. */
  | { screen: 'compose'; kind?: TaskKindId }
  | { screen: 'task'; taskId: TaskId; itemState?: ItemState }
  | { screen: 'contacts' }
  /** Receipts copied from the business's Gmail. */
  | { screen: 'receipts' }
  /** The business's WhatsApp accounts; `replaceToken` comes from a card waiting for its account. */
  | { screen: 'accounts'; replaceToken?: boolean }
  | { screen: 'settings' };

export interface NavSlice {
  route: Route;
  navigate(route: Route): void;
}

export const createNavSlice: SliceCreator<NavSlice> = () => (set) => ({
  route: { screen: 'tasks' },
  navigate: (route) => set({ route }),
});
