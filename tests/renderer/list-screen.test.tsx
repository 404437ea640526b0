/**
 * renderer/src/components/ListScreen.tsx, what Contacts and Receipts share: which task cards
 * a list screen shows, the refetch when one of them finishes, and the empty state.
 */
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { PagedRows, TaskCardList, useListTasks } from '../../renderer/src/components/ListScreen.tsx';
import { PageCache } from '../../renderer/src/lib/page-cache.ts';
import { createAppStore, StoreContext } from '../../renderer/src/store/index.ts';
import { createFakeApi, snapshot } from './fixtures/fake-api.ts';

afterEach(cleanup);

function setup() {
  const store = createAppStore(createFakeApi());
  const refreshes: number[] = [];
  const list = { refresh: () => refreshes.push(refreshes.length + 1) };
  const wrapper = ({ children }: { children: ReactNode }) => <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
  const hook = renderHook(() => useListTasks(1, 'receipts', list), { wrapper });
  const apply = (...snapshots: Parameters<typeof snapshot>[0][]) => act(() => store.getState().applySnapshots(snapshots.map((s) => snapshot(s))));
  return { hook, refreshes, apply };
}

describe('useListTasks', () => {
  test('the running tasks of these kinds, newest first, then only the latest finished one', () => {
    const { hook, apply } = setup();
    expect(hook.result.current).toEqual({ taskIds: [], finished: 0 });
    apply(
      { id: 1, kind: 'receipts-sync', status: 'completed' },
      { id: 2, kind: 'receipts-delete', status: 'failed' },
      { id: 3, kind: 'receipts-sync', status: 'running' },
      { id: 4, kind: 'receipts-delete', status: 'paused' },
      { id: 5, kind: 'broadcast', status: 'running' },
      { id: 6, kind: 'receipts-sync', status: 'running', businessId: 2 },
    );
    expect(hook.result.current).toEqual({ taskIds: [4, 3, 2], finished: 2 });
  });

  test('the list is fetched again when one finishes, not on the first render nor on progress', () => {
    const { refreshes, apply } = setup();
    apply({ id: 3, kind: 'receipts-sync', status: 'running', version: 1 });
    apply({ id: 3, kind: 'receipts-sync', status: 'running', version: 2, counters: { processed: 400 } });
    expect(refreshes).toEqual([]);
    apply({ id: 3, kind: 'receipts-sync', status: 'completed', version: 3 });
    expect(refreshes).toEqual([1]);
  });

  test('keeps the same id array while the ids do not change (cards do not re-render)', () => {
    const { hook, apply } = setup();
    apply({ id: 3, kind: 'receipts-sync', status: 'running', version: 1 });
    const before = hook.result.current.taskIds;
    apply({ id: 3, kind: 'receipts-sync', status: 'running', version: 2, counters: { processed: 400 } });
    expect(hook.result.current.taskIds).toBe(before);
  });
});

describe('TaskCardList', () => {
  test('renders nothing without tasks', () => {
    const { container } = render(<TaskCardList businessId={1} taskIds={[]} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('PagedRows', () => {
  const rowsOf = (total: number) =>
    new PageCache<string>(
      async (offset) => ({ rows: Array.from({ length: total }, (_, i) => `row ${i}`), total, offset }),
      () => undefined,
    );

  async function loaded(total: number): Promise<PageCache<string>> {
    const cache = rowsOf(total);
    cache.ensure(0, 0);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    return cache;
  }

  test('the empty words when the query has no rows', async () => {
    render(<PagedRows cache={await loaded(0)} empty="Nothing here yet." rowHeight={52} label="Rows" renderRow={(row) => <span>{row}</span>} />);
    expect(screen.getByText('Nothing here yet.').className).toBe('muted empty-list');
    expect(screen.queryByRole('list')).toBeNull();
  });

  test('the virtual list (with its label) while the count is unknown or above zero', async () => {
    const { unmount } = render(<PagedRows cache={rowsOf(3)} empty="Nothing here yet." rowHeight={52} label="Rows" renderRow={(row) => <span>{row}</span>} />);
    expect(screen.getByRole('list', { name: 'Rows' })).toBeTruthy();
    unmount();
    render(<PagedRows cache={await loaded(3)} empty="Nothing here yet." rowHeight={52} label="Rows" renderRow={(row) => <span>{row}</span>} />);
    expect(screen.getByRole('list', { name: 'Rows' })).toBeTruthy();
    expect(screen.queryByText('Nothing here yet.')).toBeNull();
  });
});
