/**
 * Task details: items fetched page by page (limit 200) as the list scrolls, filtered by
 * state and searched by phone or name through tasks:items; in-doubt items settled.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { ItemState, TaskItem } from '../../common/model.ts';
import { formatMessage, verbatim } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { SHIPPED_KIND_VIEWS } from '../../renderer/src/tasks/registry.ts';
import { snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';

const TOTAL = 200_000;
/** The card's link to the details page, in its kind's words (renderer/src/tasks/<kind>/view). */
const detailsButton = (kind: string) => SHIPPED_KIND_VIEWS.resolve(kind).words.en.detailsLink;

/** What main stores for a recipient WhatsApp cannot reach (whatsapp/errors.ts, ownerReason). */
const NOT_ON_WHATSAPP = reason('errorWithRef', { reason: reason('waNotOnWhatsApp'), ref: reason('waErrorCode', { code: '131026' }) });
const NOT_ON_WHATSAPP_EN =
  "This person can't get WhatsApp messages: the number is not on WhatsApp, they have not accepted WhatsApp's latest terms, or their app is too old. (WhatsApp error 131026)";

function item(i: number, state: ItemState = 'done'): TaskItem {
  return {
    id: i + 1,
    taskId: 1,
    seq: i + 1,
    subject: `+97252${String(1_000_000 + i).padStart(7, '0')}`,
    label: `Customer ${i + 1}`,
    state,
    reason: state === 'failed' ? NOT_ON_WHATSAPP : state === 'in_doubt' ? reason('inDoubt') : null,
    attempts: 1,
    result: null,
    updatedAt: 0,
  };
}

async function openDetails(task = snapshot({ counters: { total: TOTAL, processed: 50_000 } }), handlers: Handlers = {}) {
  const view = renderApp({
    handlers: {
      'tasks:list': () => [task],
      'tasks:items': (r) => {
        const offset = r.offset ?? 0;
        const limit = r.limit ?? 200;
        if (r.state === 'in_doubt') return { rows: [item(6, 'in_doubt'), item(9, 'in_doubt')], total: 2, offset };
        if (r.state || r.search) return { rows: [item(2, r.state ?? 'done')], total: 1, offset };
        const rows = Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, k) => item(offset + k, (offset + k) % 10 === 3 ? 'failed' : 'done'));
        return { rows, total: TOTAL, offset };
      },
      ...handlers,
    },
  });
  await flush();
  fireEvent.click(within(screen.getByRole('article', { name: formatMessage(task.title, 'en') })).getByRole('button', { name: detailsButton(task.kind) }));
  await flush();
  return view;
}

describe('task details items', () => {
  test('loads the first page only, with limit 200, and shows rows virtualized', async () => {
    const { api } = await openDetails();
    expect(api.callsTo('tasks:items')).toEqual([{ businessId: 1, taskId: 1, offset: 0, limit: 200 }]);
    expect(screen.getByRole('heading', { level: 1, name: 'Spring sale' })).toBeTruthy();
    expect(screen.getByText('200,000 recipients')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Recipients' });
    const rows = within(list).getAllByRole('listitem');
    // 520px of 52px rows plus overscan: a couple dozen rows in the DOM, not 200,000.
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]?.getAttribute('aria-setsize')).toBe(String(TOTAL));
    expect(within(list).getByText('Customer 1')).toBeTruthy();
    // The reason is one sentence with its params isolated inside it: read it whole.
    expect([...list.querySelectorAll('.item-row__reason')].map((r) => r.textContent)).toContain(NOT_ON_WHATSAPP_EN);
  });

  test('scrolling far fetches the page under the view, 200 at a time', async () => {
    const { api } = await openDetails();
    const scroller = screen.getByRole('list', { name: 'Recipients' });
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 52 * 150_000 });
    fireEvent.scroll(scroller);
    await waitFor(() => expect(api.callsTo('tasks:items').map((r) => r.offset)).toContain(150_000));
    await flush();
    expect(api.callsTo('tasks:items').every((r) => r.limit === 200)).toBe(true);
    expect(api.callsTo('tasks:items').length).toBeLessThanOrEqual(3);
    expect(await screen.findByText('Customer 150001')).toBeTruthy();
  });

  test('the state filter sends the right tasks:items request', async () => {
    const { api } = await openDetails();
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'failed' } });
    await flush();
    expect(api.callsTo('tasks:items').at(-1)).toEqual({ businessId: 1, taskId: 1, offset: 0, limit: 200, state: 'failed' });
    expect(screen.getByText('1 recipient')).toBeTruthy();
  });

  test('search by phone or name is sent (debounced) with the filter', async () => {
    const { api } = await openDetails();
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'done' } });
    fireEvent.change(screen.getByPlaceholderText('Search by phone or name'), { target: { value: ' 0521 ' } });
    await waitFor(() =>
      expect(api.callsTo('tasks:items').at(-1)).toEqual({ businessId: 1, taskId: 1, offset: 0, limit: 200, state: 'done', search: '0521' }),
    );
    // Typing did not send a request per keystroke.
    expect(api.callsTo('tasks:items').filter((r) => r.search !== undefined)).toHaveLength(1);
  });

  test('opening from a card’s in-doubt notice filters to in-doubt items', async () => {
    const task = snapshot({ counters: { total: 10, processed: 10, inDoubt: 2 }, status: 'completed', rate: null });
    const { api } = renderApp({ handlers: { 'tasks:list': () => [task], 'tasks:items': (r) => ({ rows: [item(6, 'in_doubt')], total: 1, offset: r.offset ?? 0 }) } });
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    await flush();
    expect(api.callsTo('tasks:items')[0]).toEqual({ businessId: 1, taskId: 1, offset: 0, limit: 200, state: 'in_doubt' });
  });
});

test('a newer snapshot of the task refetches the rows on screen (event-driven, throttled)', async () => {
  const { api } = await openDetails();
  expect(api.callsTo('tasks:items')).toHaveLength(1);
  for (let v = 2; v <= 6; v++) act(() => api.push(snapshot({ version: v, counters: { total: TOTAL, processed: 50_000 + v } })));
  await waitFor(() => expect(api.callsTo('tasks:items')).toHaveLength(2), { timeout: 2000 });
  expect(api.callsTo('tasks:items')[1]).toEqual({ businessId: 1, taskId: 1, offset: 0, limit: 200 });
});

describe('settling in-doubt items', () => {
  const task = snapshot({ status: 'completed', rate: null, counters: { total: TOTAL, processed: TOTAL, inDoubt: 2 } });
  const settled = (resolution: string) => () => snapshot({ ...task, version: 2, counters: { ...task.counters, inDoubt: resolution === 'mark-sent' ? 1 : 2 } });

  test('"mark as sent" on one item sends its id', async () => {
    const { api } = await openDetails(task, { 'tasks:settleInDoubt': settled('mark-sent') });
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'in_doubt' } });
    await flush();
    const row = screen.getByText('Customer 7').closest('[role="listitem"]') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Mark as sent' }));
    await flush();
    expect(api.callsTo('tasks:settleInDoubt')).toEqual([{ businessId: 1, taskId: 1, resolution: 'mark-sent', itemIds: [7] }]);
  });

  test('"send again" warns first; confirming sends it', async () => {
    const { api } = await openDetails(task, { 'tasks:settleInDoubt': settled('send-again') });
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'in_doubt' } });
    await flush();
    const row = screen.getByText('Customer 10').closest('[role="listitem"]') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Send again' }));
    const dialog = screen.getByRole('dialog', { name: 'Send again?' });
    expect(dialog.textContent).toContain('may already have received this message');
    expect(dialog.textContent).toContain('Customer 10');
    expect(api.callsTo('tasks:settleInDoubt')).toEqual([]);
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Send again' })));
    await flush();
    expect(api.callsTo('tasks:settleInDoubt')).toEqual([{ businessId: 1, taskId: 1, resolution: 'send-again', itemIds: [10] }]);
  });

  test('"check with provider" for all in-doubt items sends no ids', async () => {
    const { api } = await openDetails(task, { 'tasks:settleInDoubt': settled('ask-provider') });
    expect(screen.getByText('2 messages in doubt')).toBeTruthy();
    const panel = screen.getByText('2 messages in doubt').closest('.doubt-panel') as HTMLElement;
    fireEvent.click(within(panel).getByRole('button', { name: 'Check with provider' }));
    await flush();
    expect(api.callsTo('tasks:settleInDoubt')).toEqual([{ businessId: 1, taskId: 1, resolution: 'ask-provider' }]);
  });
});

describe('import details', () => {
  test('a finished import lists its row errors through contacts:importErrors', async () => {
    const task = snapshot({ kind: 'contacts-import', title: verbatim('list.csv'), status: 'completed', rate: null, counters: { total: 500, processed: 500, failed: 2 } });
    const { api } = await openDetails(task, {
      'contacts:importErrors': (r) => ({
        rows: [
          { row: 4, reason: reason('phoneInvalidFor', { country: 'IL', value: '12345' }), raw: 'Dana,12345' },
          { row: 9, reason: reason('phoneEmpty'), raw: 'Avi,' },
        ],
        total: 2,
        offset: r.offset ?? 0,
      }),
    });
    expect(api.callsTo('contacts:importErrors')).toEqual([{ businessId: 1, taskId: 1, offset: 0, limit: 200 }]);
    expect(api.callsTo('tasks:items')).toEqual([]);
    expect([...document.querySelectorAll('.error-row > bdi')].map((cell) => cell.textContent)).toEqual(["invalid number for IL: '12345'", 'empty phone']);
    expect(screen.getByText('Dana,12345')).toBeTruthy();
  });
});

describe('receipt task details', () => {
  test('a sync lists its Gmail messages through tasks:items, in its own words, with each skip reason', async () => {
    const task = snapshot({ kind: 'receipts-sync', title: reason('titleReceiptsSync'), status: 'completed', rate: null, counters: { total: 3, processed: 3, succeeded: 2, skipped: 1 } });
    const rows: TaskItem[] = [
      { ...item(0), subject: '18c2a9f0b1', label: '', reason: null },
      { ...item(1), subject: '18c2a9f0b2', label: '', reason: null },
      { ...item(2, 'skipped'), subject: '18c2a9f0b3', label: '', reason: reason('receiptDeletedHere') },
    ];
    const { api } = await openDetails(task, { 'tasks:items': (r) => ({ rows, total: 3, offset: r.offset ?? 0 }) });
    expect(api.callsTo('contacts:importErrors')).toEqual([]);
    expect(api.callsTo('tasks:items')[0]).toEqual({ businessId: 1, taskId: 1, offset: 0, limit: 200 });
    expect(screen.getByRole('heading', { name: 'Gmail messages' })).toBeTruthy();
    expect(screen.getByText('3 messages')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Gmail messages' });
    const items = within(list).getAllByRole('listitem');
    expect(within(items[0]!).getByText('Saved')).toBeTruthy();
    expect(within(items[0]!).getByText('18c2a9f0b1')).toBeTruthy();
    expect(within(items[2]!).getByText('Skipped')).toBeTruthy();
    expect(within(items[2]!).getByText('Deleted here before; not copied again')).toBeTruthy();
    // Nothing was sent, so nothing reads "Sent".
    expect(within(list).queryByText('Sent')).toBeNull();
  });

  test('a delete’s card opens its receipts, shown as Deleted', async () => {
    const task = snapshot({ kind: 'receipts-delete', title: reason('titleDeleteReceipts', { count: 2 }), status: 'completed', rate: null, counters: { total: 2, processed: 2, succeeded: 2 } });
    const rows: TaskItem[] = [
      { ...item(0), subject: 'Wolt — Receipt for order 4007', label: '' },
      { ...item(1), subject: 'Bezeq — Monthly invoice', label: '' },
    ];
    await openDetails(task, { 'tasks:items': (r) => ({ rows, total: 2, offset: r.offset ?? 0 }) });
    const list = screen.getByRole('list', { name: 'Receipts' });
    expect(within(list).getAllByText('Deleted')).toHaveLength(2);
    expect(within(list).getByText('Wolt — Receipt for order 4007')).toBeTruthy();
  });
});
