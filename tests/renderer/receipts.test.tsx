/** Receipts: the paged list and its filters, selection and deleting local copies, attachments, and the Gmail connection. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { GmailConnection } from '../../common/gmail.ts';
import { FakeError, GMAIL, SETTINGS, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';
import { reason } from '../../common/reasons.ts';

async function openReceipts(handlers: Handlers = {}) {
  const view = renderApp({ handlers });
  await flush();
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Pages' })).getByRole('button', { name: 'Receipts' }));
  await flush();
  await flush();
  return view;
}

const list = () => screen.getByRole('list', { name: 'Receipt list' });

describe('receipts list', () => {
  test('asks for the first page and shows date, vendor, subject, amount and files', async () => {
    const { api } = await openReceipts();
    expect(api.callsTo('receipts:list')).toEqual([{ businessId: 1, offset: 0, limit: 200 }]);
    expect(screen.getByText('4 receipts')).toBeTruthy();
    const rows = within(list()).getAllByRole('listitem');
    expect(rows).toHaveLength(4);
    expect(within(rows[0]!).getByText('Acme Flour')).toBeTruthy();
    expect(within(rows[0]!).getByText('Your invoice #1042')).toBeTruthy();
    expect(within(rows[0]!).getByText('₪1,234.50')).toBeTruthy();
    expect(within(rows[1]!).getByText('$19.99')).toBeTruthy();
    // No vendor found: the sender's name stands in.
    expect(within(rows[2]!).getByText('חברת החשמל')).toBeTruthy();
    expect(within(rows[3]!).getByText('No files')).toBeTruthy();
  });

  test('the filters become the receipts:list filter; "To" includes its day', async () => {
    const { api } = await openReceipts();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-31' } });
    fireEvent.change(screen.getByLabelText('Vendor'), { target: { value: ' Acme Flour ' } });
    fireEvent.change(screen.getByPlaceholderText('Search subject or sender'), { target: { value: 'invoice' } });
    await waitFor(() =>
      expect(api.callsTo('receipts:list').at(-1)).toEqual({
        businessId: 1,
        offset: 0,
        limit: 200,
        filter: { after: '2026-01-01', before: '2026-02-01', vendor: 'Acme Flour', search: 'invoice' },
      }),
    );

    // Dates in the wrong order are refused and left out of the query.
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01' } });
    await waitFor(() => expect(screen.getByText('The “From” date must not be after the “To” date.')).toBeTruthy());
    expect(api.callsTo('receipts:list').at(-1)).toEqual({
      businessId: 1,
      offset: 0,
      limit: 200,
      filter: { vendor: 'Acme Flour', search: 'invoice' },
    });

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(api.callsTo('receipts:list').at(-1)).toEqual({ businessId: 1, offset: 0, limit: 200 }));
  });

  test('a row’s files expand, and Open asks main to open a stored one', async () => {
    const { api } = await openReceipts();
    const row = within(list()).getAllByRole('listitem')[0]!;
    fireEvent.click(within(row).getByRole('button', { name: '2 files' }));
    await flush();
    expect(api.callsTo('receipts:attachments')).toEqual([{ businessId: 1, receiptId: 1 }]);
    const files = screen.getByRole('region', { name: 'Attached files' });
    expect(within(files).getByText('Not downloaded yet')).toBeTruthy();
    await act(async () => fireEvent.click(within(files).getByRole('button', { name: /Open .*invoice-1042\.pdf/ })));
    expect(api.callsTo('receipts:openAttachment')).toEqual([{ businessId: 1, attachmentId: 11 }]);
  });
});

describe('deleting receipts', () => {
  test('selected ones: the confirm shows the count, says Gmail is untouched, and deletes by ids', async () => {
    const { api } = await openReceipts({
      'receipts:countToDelete': (r) => ({ count: 'ids' in r.params ? r.params.ids.length : 4 }),
      'tasks:start': () => snapshot({ id: 31, kind: 'receipts-delete', title: reason('titleDeleteReceipts', { count: 2 }), counters: { total: 2, processed: 0 }, rate: null }),
    });
    const deleteSelected = screen.getByRole('button', { name: 'Delete selected…' }) as HTMLButtonElement;
    expect(deleteSelected.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: /Select .*Your invoice #1042/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Select .*Receipt for November/ }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.click(deleteSelected);
    await flush();
    expect(api.callsTo('receipts:countToDelete')).toEqual([{ businessId: 1, params: { ids: [1, 2] } }]);
    const dialog = screen.getByRole('dialog', { name: 'Delete receipts from this computer?' });
    expect(within(dialog).getByText('2 receipts and their files will be deleted from this computer.')).toBeTruthy();
    expect(within(dialog).getByText(/Mail in Gmail is never deleted/)).toBeTruthy();

    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Delete 2 receipts' })));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([{ businessId: 1, kind: 'receipts-delete', input: { ids: [1, 2] } }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('article', { name: 'Delete 2 receipts (local copies only; mail in Gmail is kept)' })).toBeTruthy();
    expect(screen.queryByText('2 selected')).toBeNull();
  });

  test('all matching: the same filter as the list is counted and deleted', async () => {
    const { api } = await openReceipts({
      'receipts:countToDelete': () => ({ count: 1_500 }),
      'tasks:start': () => snapshot({ id: 32, kind: 'receipts-delete', title: reason('titleDeleteReceiptsWhich', { count: 1500, which: reason('whichFromVendor', { vendor: 'Acme Flour' }) }), counters: { total: 0, processed: 0 }, rate: null }),
    });
    fireEvent.change(screen.getByLabelText('Vendor'), { target: { value: 'Acme Flour' } });
    await waitFor(() => expect(api.callsTo('receipts:list').at(-1)?.filter).toEqual({ vendor: 'Acme Flour' }));
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Delete all matching…' }));
    await flush();
    expect(api.callsTo('receipts:countToDelete')).toEqual([{ businessId: 1, params: { filter: { vendor: 'Acme Flour' } } }]);
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('1,500 receipts and their files will be deleted from this computer.')).toBeTruthy();
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Delete 1,500 receipts' })));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([{ businessId: 1, kind: 'receipts-delete', input: { filter: { vendor: 'Acme Flour' } } }]);
  });

  test('"select all matching" deletes by filter; Cancel sends nothing', async () => {
    const { api } = await openReceipts({ 'receipts:countToDelete': () => ({ count: 4 }) });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 4 matching receipts' }));
    expect(screen.getByText('4 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete selected…' }));
    await flush();
    expect(api.callsTo('receipts:countToDelete')).toEqual([{ businessId: 1, params: { filter: {} } }]);
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Keep them' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('tasks:start')).toEqual([]);
  });
});

describe('gmail connection', () => {
  test('no client ID in Settings: the form says so, links to Settings, checks the ID, saves it as the setting, then connects with it', async () => {
    let approve: (c: GmailConnection) => void = () => undefined;
    const { api } = await openReceipts({
      'gmail:connect': () => new Promise<GmailConnection>((resolve) => (approve = resolve)),
      'tasks:start': () => snapshot({ id: 40, kind: 'receipts-sync', title: reason('titleReceiptsSync'), counters: { total: 0, processed: 0 }, rate: null }),
      'gmail:disconnect': () => ({ disconnected: true }),
    });
    expect(api.callsTo('gmail:status')).toEqual([{ businessId: 1 }]);
    expect(screen.getByText(/Taskdeck needs your Google OAuth client ID/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open Settings' })).toBeTruthy();
    const connect = screen.getByRole('button', { name: 'Connect Gmail' });
    await act(async () => fireEvent.click(connect));
    expect(screen.getByText('Paste the client ID.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('OAuth client ID'), { target: { value: 'GOCSPX-abcdef' } });
    await act(async () => fireEvent.click(connect));
    expect(screen.getByText(/This is the client secret \(it starts with GOCSPX-\)/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('OAuth client ID'), { target: { value: '1234567890-abc.apps.example.com' } });
    await act(async () => fireEvent.click(connect));
    expect(screen.getByText(/A client ID ends in .*\.apps\.googleusercontent\.com/)).toBeTruthy();
    expect(screen.getByLabelText('OAuth client ID').getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('settings:set')).toEqual([]);
    expect(api.callsTo('gmail:connect')).toEqual([]);

    fireEvent.change(screen.getByLabelText('OAuth client ID'), { target: { value: ' 1234567890-abc.apps.googleusercontent.com ' } });
    fireEvent.change(screen.getByLabelText('Client secret (optional)'), { target: { value: 'GOCSPX-secret' } });
    await act(async () => fireEvent.click(connect));
    // Saved once as the app's setting; the connect itself names no client (main uses the saved one).
    expect(api.callsTo('settings:set')).toEqual([{ gmailClientId: '1234567890-abc.apps.googleusercontent.com', gmailClientSecret: 'GOCSPX-secret' }]);
    expect(api.callsTo('gmail:connect')).toEqual([{ businessId: 1 }]);
    expect(screen.getByRole('button', { name: 'Waiting for approval…' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Google’s page opened in your browser');

    await act(async () => approve(GMAIL));
    await flush();
    expect(screen.getByText('dana.bakery@gmail.com')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sync now' })));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([{ businessId: 1, kind: 'receipts-sync', input: {} }]);
    expect(screen.getByRole('article', { name: 'Receipts from Gmail' })).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Disconnect' })));
    await flush();
    expect(api.callsTo('gmail:disconnect')).toEqual([{ businessId: 1 }]);
    // Typed once: the form now uses the saved client, with nothing to type.
    expect(screen.getByTestId('gmail-client-from-settings').textContent).toBe(
      'Connects with the OAuth client ID from Settings: 1234567890-abc.apps.googleusercontent.com Client secret saved (encrypted).',
    );
    expect(screen.queryByLabelText('OAuth client ID')).toBeNull();
    expect(screen.getByRole('button', { name: 'Connect Gmail' })).toBeTruthy();
  });

  test('a client ID saved in Settings: nothing to type, the connect uses it, and "Change in Settings" opens Settings', async () => {
    const { api } = await openReceipts({
      'settings:get': () => ({ ...SETTINGS, gmailClientId: '1234567890-abc.apps.googleusercontent.com', gmailClientSecretSet: false }),
      'gmail:connect': () => GMAIL,
      'gmail:disconnect': () => ({ disconnected: true }),
    });
    expect(screen.getByTestId('gmail-client-from-settings').textContent).toBe(
      'Connects with the OAuth client ID from Settings: 1234567890-abc.apps.googleusercontent.com',
    );
    expect(screen.queryByLabelText('OAuth client ID')).toBeNull();
    expect(screen.queryByLabelText('Client secret (optional)')).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Connect Gmail' })));
    await flush();
    expect(api.callsTo('gmail:connect')).toEqual([{ businessId: 1 }]);
    expect(api.callsTo('settings:set')).toEqual([]);
    expect(screen.getByText('dana.bakery@gmail.com')).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Disconnect' })));
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Change in Settings' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'Settings', level: 2 })).toBeTruthy();
    expect((screen.getByLabelText('Client ID') as HTMLInputElement).value).toBe('1234567890-abc.apps.googleusercontent.com');
  });

  test('a typed client that main refuses is shown, and nothing connects', async () => {
    const { api } = await openReceipts({
      'settings:set': () => {
        throw new FakeError('invalid_request', 'Invalid request for settings:set');
      },
    });
    fireEvent.change(screen.getByLabelText('OAuth client ID'), { target: { value: '1234567890-abc.apps.googleusercontent.com' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Connect Gmail' })));
    await flush();
    expect(api.callsTo('settings:set')).toEqual([{ gmailClientId: '1234567890-abc.apps.googleusercontent.com' }]);
    expect(api.callsTo('gmail:connect')).toEqual([]);
    expect(screen.getByRole('alert').textContent).toContain('Invalid request for settings:set');
    expect(screen.getByRole('button', { name: 'Connect Gmail' })).toBeTruthy();
  });

  test('"Open Settings" goes to the Gmail client setting', async () => {
    await openReceipts();
    fireEvent.click(screen.getByRole('button', { name: 'Open Settings' }));
    await flush();
    expect(screen.getByRole('form', { name: 'Gmail OAuth client' })).toBeTruthy();
  });

  test('in Hebrew the page is translated and amounts use the Hebrew locale', async () => {
    renderApp({ language: 'he', handlers: { 'settings:get': () => ({ ...SETTINGS, language: 'he' }) } });
    await flush();
    fireEvent.click(within(screen.getByRole('navigation', { name: 'עמודים' })).getByRole('button', { name: 'קבלות' }));
    await flush();
    await flush();
    expect(screen.getByRole('heading', { name: 'קבלות' })).toBeTruthy();
    expect(screen.getByText('4 קבלות')).toBeTruthy();
    const amount = new Intl.NumberFormat('he', { style: 'currency', currency: 'ILS' }).format(1234.5);
    const amounts = [...list2().querySelectorAll('.receipt-row__amount')].map((el) => el.textContent);
    expect(amounts).toContain(amount);
  });
});

const list2 = () => screen.getByRole('list', { name: 'רשימת קבלות' });

describe('receipts deleted here', () => {
  test('the Gmail box counts them and offers to copy them again with a sync that asks for it', async () => {
    const { api } = await openReceipts({
      'gmail:status': () => ({ ...GMAIL, deletedHere: 12 }),
      'tasks:start': () => snapshot({ id: 41, kind: 'receipts-sync', title: reason('titleReceiptsSync'), counters: { total: 0, processed: 0 }, rate: null }),
    });
    const note = screen.getByTestId('gmail-deleted-here');
    expect(note.textContent).toContain('12 receipts you deleted here are not copied again by syncs.');
    await act(async () => fireEvent.click(within(note).getByRole('button', { name: 'Copy them again' })));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([{ businessId: 1, kind: 'receipts-sync', input: { reimportDeleted: true } }]);
  });

  test('none deleted: no note', async () => {
    await openReceipts({ 'gmail:status': () => GMAIL });
    expect(screen.getByText('dana.bakery@gmail.com')).toBeTruthy();
    expect(screen.queryByTestId('gmail-deleted-here')).toBeNull();
  });
});

describe('reconnecting Gmail', () => {
  test('Reconnect asks Google again with the connection’s own client, then shows the new connection', async () => {
    let approve: (c: GmailConnection) => void = () => undefined;
    const { api } = await openReceipts({
      'gmail:status': () => GMAIL,
      'gmail:connect': () => new Promise<GmailConnection>((resolve) => (approve = resolve)),
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Reconnect' })));
    expect(api.callsTo('gmail:connect')).toEqual([{ businessId: 1, clientId: GMAIL.clientId }]);
    expect(screen.getByRole('button', { name: 'Waiting for approval…' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync now' }).hasAttribute('disabled')).toBe(true);
    await act(async () => approve({ ...GMAIL, email: 'dana.new@gmail.com' }));
    await flush();
    expect(screen.getByText('dana.new@gmail.com')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reconnect' })).toBeTruthy();
  });
});
