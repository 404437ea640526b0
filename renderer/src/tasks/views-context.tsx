/**
 * Which kind views the window uses: the shipped ones, unless a provider above says otherwise
 * (a test that adds a kind of its own with `SHIPPED_KIND_VIEWS.with(...)`).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { TaskKindId } from '../../../common/model.ts';
import type { KindView } from './kind-view.ts';
import { SHIPPED_KIND_VIEWS, type KindViews } from './registry.ts';

const KindViewsContext = createContext<KindViews>(SHIPPED_KIND_VIEWS);

export function KindViewsProvider({ views, children }: { views: KindViews; children: ReactNode }) {
  return <KindViewsContext.Provider value={views}>{children}</KindViewsContext.Provider>;
}

export function useKindViews(): KindViews {
  return useContext(KindViewsContext);
}

/** The view a task row is shown with: its kind's, or the stand-in for a kind this build does not know. */
export function useKindView(kind: TaskKindId): KindView {
  return useKindViews().resolve(kind);
}
