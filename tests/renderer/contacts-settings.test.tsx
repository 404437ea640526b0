/** Contacts (paged list, search, opt-out, import), settings, and businesses in the sidebar. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Contact } from '../../common/model.ts';
import { BUSINESS, FakeError, SETTINGS, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';
import { verbatim } from '../../common/messages.ts';

const contact = (i: number, optedOut = false): Contact => ({
  id: i + 1,
  businessId: 1,
  phone: `+97250${String(1_000_000 + i).padStart(7, '0')}`,
  name: `Person ${i + 1}`,
  fields: { city: 'Haifa' },
  optedOut,
  updatedAt: 0,
});

async function openContacts(handlers: Handlers = {}) {
  const view = renderApp({
    handlers: {
      'contacts:list': (r) => {
        const offset = r.offset ?? 0;
        const rows = Array.from({ length: Math.min(r.limit ?? 200, 50_000 - offset) }, (_, k) => contact(offset + k, (offset + k) % 2 === 1));
        return { rows, total: 50_000, offset };
      },
      ...handlers,
    },
  });
  await flush();
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Pages' })).getByRole('button', { name: 'Contacts' }));
  await flush();
  return view;
}

describe('contacts', () => {
  test('a paged, virtualized list with search and an opted-out filter', async () => {
    const { api } = await openContacts();
    expect(api.callsTo('contacts:list')).toEqual([{ businessId: 1, offset: 0, limit: 200 }]);
    expect(screen.getByText('50,000 contacts')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Contact list' })).getAllByRole('listitem').length).toBeLessThan(40);

    fireEvent.change(screen.getByPlaceholderText('Search by name or phone'), { target: { value: 'Person 4' } });
    await waitFor(() => expect(api.callsTo('contacts:list').at(-1)).toEqual({ businessId: 1, offset: 0, limit: 200, search: 'Person 4' }));
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'optedOut' } });
    await flush();
    expect(api.callsTo('contacts:list').at(-1)).toEqual({ businessId: 1, offset: 0, limit: 200, search: 'Person 4', optedOut: true });
  });

  test('the opt-out switch calls contacts:setOptOut and shows the answer', async () => {
    const { api } = await openContacts({ 'contacts:setOptOut': (r) => ({ ...contact(r.contactId - 1), optedOut: r.optedOut }) });
    const toggle = screen.getByRole('switch', { name: /Person 1\u2069? opted out/ }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    await act(async () => fireEvent.click(toggle));
    await flush();
    expect(api.callsTo('contacts:setOptOut')).toEqual([{ businessId: 1, contactId: 1, optedOut: true }]);
    expect((screen.getByRole('switch', { name: /Person 1\u2069? opted out/ }) as HTMLInputElement).checked).toBe(true);
  });

  test('a failed opt-out change is shown, not swallowed', async () => {
    await openContacts({
      'contacts:setOptOut': () => {
        throw new FakeError('not_found', 'Contact 1 was not found');
      },
    });
    await act(async () => fireEvent.click(screen.getByRole('switch', { name: /Person 1\u2069? opted out/ })));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('Contact 1 was not found');
  });

  test('import starts a task whose card shows its progress; an empty path is refused', async () => {
    const { api } = await openContacts({
      'tasks:start': () => snapshot({ id: 9, kind: 'contacts-import', title: verbatim('list.csv'), counters: { total: 0, processed: 0 }, rate: null }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Import contacts' }));
    expect(screen.getByText('Type the path of the CSV file.')).toBeTruthy();
    expect(api.callsTo('tasks:start')).toEqual([]);

    fireEvent.change(screen.getByLabelText('Import contacts from a CSV file'), { target: { value: '/home/dana/list.csv' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Import contacts' })));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([{ businessId: 1, kind: 'contacts-import', input: { path: '/home/dana/list.csv' } }]);
    const card = screen.getByRole('article', { name: 'list.csv' });
    expect(within(card).getByText('Preparing…')).toBeTruthy();
    act(() => api.push(snapshot({ id: 9, kind: 'contacts-import', title: verbatim('list.csv'), version: 2, counters: { total: 400, processed: 100 } })));
    expect(within(card).getByText('25%')).toBeTruthy();

    // When it finishes, the list is fetched again.
    const before = api.callsTo('contacts:list').length;
    act(() => api.push(snapshot({ id: 9, kind: 'contacts-import', title: verbatim('list.csv'), version: 3, status: 'completed', rate: null, counters: { total: 400, processed: 400 } })));
    await flush();
    await waitFor(() => expect(api.callsTo('contacts:list').length).toBeGreaterThan(before));
  });
});

describe('settings', () => {
  test('shows the settings from main and saves each change', async () => {
    const { api } = renderApp();
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await flush();
    expect((screen.getByLabelText('Default country') as HTMLSelectElement).value).toBe('IL');
    expect((screen.getByLabelText('Tasks at the same time') as HTMLSelectElement).value).toBe('3');

    await act(async () => fireEvent.change(screen.getByLabelText('Default country'), { target: { value: 'GB' } }));
    await act(async () => fireEvent.change(screen.getByLabelText('Tasks at the same time'), { target: { value: '5' } }));
    await act(async () => fireEvent.click(screen.getByRole('switch', { name: 'Simulate offline (test mode)' })));
    await flush();
    expect(api.callsTo('settings:set')).toEqual([{ defaultCountry: 'GB' }, { workerLimit: 5 }, { testModeOffline: true }]);
    expect(screen.getByText('Saved')).toBeTruthy();
  });

  test('a settings load failure is shown with a way to retry', async () => {
    let fail = true;
    const { api } = renderApp({
      handlers: {
        'settings:get': () => {
          if (fail) throw new FakeError('internal', 'disk I/O error');
          return SETTINGS;
        },
      },
    });
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByRole('alert').textContent).toContain('disk I/O error');
    fail = false;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try again' })));
    await flush();
    expect(api.callsTo('settings:get')).toHaveLength(2);
    expect(screen.getByLabelText('Default country')).toBeTruthy();
  });
});

describe('businesses', () => {
  test('add, rename, and switch; each business loads its own tasks', async () => {
    const second = { id: 2, name: 'Harbor Bikes', defaultCountry: 'GB', createdAt: 0 };
    const { api } = renderApp({
      handlers: {
        'businesses:list': () => [BUSINESS, second],
        'businesses:create': (r) => ({ id: 3, name: r.name, defaultCountry: 'IL', createdAt: 0 }),
        'businesses:rename': (r) => ({ ...BUSINESS, name: r.name }),
        'tasks:list': (r) => [snapshot({ businessId: r.businessId, id: r.businessId * 10, title: verbatim(`Task of ${r.businessId}`) })],
      },
    });
    await flush();
    expect(screen.getByRole('heading', { level: 1, name: 'Dana’s Bakery' })).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Task of 1' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Harbor Bikes' }));
    await flush();
    expect(api.callsTo('tasks:list')).toEqual([{ businessId: 1 }, { businessId: 2 }]);
    expect(screen.getByRole('heading', { level: 1, name: 'Harbor Bikes' })).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Task of 2' })).toBeTruthy();
    expect(screen.queryByRole('article', { name: 'Task of 1' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: /Rename .*Dana’s Bakery/ }));
    const input = screen.getByRole('textbox', { name: /New name for .*Dana’s Bakery/ });
    fireEvent.change(input, { target: { value: 'Dana’s Bakery & Café' } });
    await act(async () => fireEvent.submit(input));
    await flush();
    expect(api.callsTo('businesses:rename')).toEqual([{ businessId: 1, name: 'Dana’s Bakery & Café' }]);
    expect(screen.getByRole('button', { name: /^Dana’s Bakery & Café/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Add business' }));
    const name = screen.getByRole('textbox', { name: 'Business name' });
    fireEvent.change(name, { target: { value: 'Noa Flowers' } });
    await act(async () => fireEvent.submit(name));
    await flush();
    expect(api.callsTo('businesses:create')).toEqual([{ name: 'Noa Flowers' }]);
    expect(screen.getByRole('heading', { level: 1, name: 'Noa Flowers' })).toBeTruthy();
  });

  test('with no business yet, the window offers to create the first one', async () => {
    const { api } = renderApp({
      handlers: { 'businesses:list': () => [], 'businesses:create': (r) => ({ ...BUSINESS, name: r.name }) },
    });
    await flush();
    expect(screen.getByRole('heading', { name: 'Welcome to Taskdeck' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Business name'), { target: { value: 'Dana’s Bakery' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create business' })));
    await flush();
    expect(api.callsTo('businesses:create')).toEqual([{ name: 'Dana’s Bakery' }]);
    expect(api.callsTo('tasks:list')).toEqual([{ businessId: 1 }]);
  });

  test('a business list failure is shown with a way to retry', async () => {
    renderApp({
      handlers: {
        'businesses:list': () => {
          throw new FakeError('internal', 'database is locked');
        },
      },
    });
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong in the background service.');
    expect(screen.getByRole('alert').textContent).toContain('database is locked');
  });
});
