/**
 * The window holds no truth: a snapshot on load, then pushed snapshots. Stale ones
 * (version <= held) are ignored, and a card re-renders only for its own task.
 */
import { act, render, screen, within } from '@testing-library/react';
import { Profiler } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, test } from 'vitest';
import { TaskCard } from '../../renderer/src/components/TaskCard.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';
import { ApiContext, createAppStore, StoreContext } from '../../renderer/src/store/index.ts';
import { selectTask } from '../../renderer/src/store/selectors.ts';
import { createFakeApi, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp } from './fixtures/render.tsx';
import { verbatim } from '../../common/messages.ts';

describe('applySnapshot', () => {
  test('keeps the newest version and ignores older or equal ones', () => {
    const store = createAppStore(createFakeApi());
    const { applySnapshot } = store.getState();
    applySnapshot(snapshot({ version: 3, counters: { processed: 300 } }));
    applySnapshot(snapshot({ version: 2, counters: { processed: 200 } }));
    expect(selectTask(1, 1)(store.getState())?.counters.processed).toBe(300);
    applySnapshot(snapshot({ version: 3, counters: { processed: 999 } }));
    expect(selectTask(1, 1)(store.getState())?.counters.processed).toBe(300);
    applySnapshot(snapshot({ version: 4, counters: { processed: 400 } }));
    expect(selectTask(1, 1)(store.getState())?.counters.processed).toBe(400);
  });

  test('a stale snapshot does not even notify subscribers', () => {
    const store = createAppStore(createFakeApi());
    store.getState().applySnapshot(snapshot({ version: 5 }));
    let notified = 0;
    store.subscribe(() => notified++);
    store.getState().applySnapshot(snapshot({ version: 4 }));
    store.getState().applySnapshots([snapshot({ version: 5 }), snapshot({ version: 1 })]);
    expect(notified).toBe(0);
  });

  test('tasks are kept per business; a snapshot for one task leaves the others untouched', () => {
    const store = createAppStore(createFakeApi());
    const { applySnapshot } = store.getState();
    applySnapshot(snapshot({ id: 1 }));
    applySnapshot(snapshot({ id: 2, businessId: 2 }));
    const before = selectTask(1, 1)(store.getState());
    applySnapshot(snapshot({ id: 3, version: 7 }));
    expect(selectTask(1, 1)(store.getState())).toBe(before);
    expect(Object.keys(store.getState().tasksByBusiness[2] ?? {})).toEqual(['2']);
  });
});

describe('live snapshots in the window', () => {
  test('a pushed newer snapshot updates the card; an older one pushed later is ignored', async () => {
    const { api } = renderApp({ handlers: { 'tasks:list': () => [snapshot({ version: 1 })] } });
    await flush();
    const card = screen.getByRole('article', { name: 'Spring sale' });
    act(() => api.push(snapshot({ version: 5, counters: { processed: 500 } })));
    expect(within(card).getByText('50%')).toBeTruthy();
    act(() => api.push(snapshot({ version: 4, status: 'completed', counters: { processed: 1000 } })));
    expect(within(card).getByText('50%')).toBeTruthy();
    expect(within(card).getByTestId('status-badge').textContent).toBe('Running');
  });

  test('a tasks:list answer older than a snapshot already pushed does not roll it back', async () => {
    let answer: (list: ReturnType<typeof snapshot>[]) => void = () => undefined;
    const { api } = renderApp({
      handlers: { 'tasks:list': () => new Promise((resolve) => (answer = resolve)) },
    });
    await flush();
    act(() => api.push(snapshot({ version: 9, status: 'paused', rate: null })));
    await act(async () => answer([snapshot({ version: 8, status: 'running' })]));
    await flush();
    expect(within(screen.getByRole('article', { name: 'Spring sale' })).getByTestId('status-badge').textContent).toBe('Paused');
  });

  test('subscribes before loading, loads once, and unsubscribes on unmount (no polling)', async () => {
    const { api, unmount } = renderApp({ handlers: { 'tasks:list': () => [snapshot()] } });
    expect(api.listenerCount()).toBe(1);
    await flush();
    await act(async () => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(api.callsTo('tasks:list')).toEqual([{ businessId: 1 }]);
    unmount();
    expect(api.listenerCount()).toBe(0);
  });

  test('a snapshot for a dismissed task at or below the dismissal version does not bring it back', async () => {
    const done = snapshot({ status: 'completed', rate: null, counters: { failed: 0 }, version: 3 });
    const { api } = renderApp({ handlers: { 'tasks:list': () => [done], 'tasks:dismiss': () => ({ ...done, version: 4 }) } });
    await flush();
    act(() => screen.getByRole('button', { name: 'Dismiss' }).click());
    await flush();
    act(() => api.push({ ...done, version: 4 }));
    expect(screen.queryByRole('article', { name: 'Spring sale' })).toBeNull();
  });
});

describe('render isolation', () => {
  test('a snapshot for one task re-renders only that task’s card', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    store.getState().applySnapshots([snapshot({ id: 1, title: verbatim('One') }), snapshot({ id: 2, title: verbatim('Two') })]);
    const commits: Record<string, number> = { one: 0, two: 0 };
    const count = (id: string) => () => void (commits[id] = (commits[id] ?? 0) + 1);
    render(
      <ApiContext.Provider value={api}>
        <StoreContext.Provider value={store}>
          <I18nextProvider i18n={createI18n('en')}>
            <Profiler id="one" onRender={count('one')}>
              <TaskCard businessId={1} taskId={1} />
            </Profiler>
            <Profiler id="two" onRender={count('two')}>
              <TaskCard businessId={1} taskId={2} />
            </Profiler>
          </I18nextProvider>
        </StoreContext.Provider>
      </ApiContext.Provider>,
    );
    const initial = { ...commits };
    act(() => store.getState().applySnapshot(snapshot({ id: 2, title: verbatim('Two'), version: 2, counters: { processed: 600 } })));
    expect(commits.one).toBe(initial.one);
    expect(commits.two).toBe((initial.two ?? 0) + 1);
    act(() => store.getState().applySnapshot(snapshot({ id: 2, title: verbatim('Two'), version: 1 })));
    expect(commits.two).toBe((initial.two ?? 0) + 1);
  });
});
