/** The broadcast composer: validation messages, live preview, summary, and the request it sends. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Contact } from '../../common/model.ts';
import { validateDraft, EMPTY_DRAFT } from '../../renderer/src/tasks/broadcast/composer/draft.ts';
import { FakeError, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';
import { verbatim } from '../../common/messages.ts';

const NOA: Contact = {
  id: 7,
  businessId: 1,
  phone: '+972521234567',
  name: 'Noa Levi',
  fields: { city: 'Haifa' },
  optedOut: false,
  updatedAt: 0,
};

async function openComposer(handlers: Handlers = {}) {
  const view = renderApp({
    handlers: {
      'contacts:list': (r) => ({ rows: r.search === 'nobody' ? [] : [NOA], total: r.search ? 3 : 1234, offset: 0 }),
      ...handlers,
    },
  });
  await flush();
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Pages' })).getByRole('button', { name: 'New broadcast' }));
  await flush();
  return view;
}

const review = () => fireEvent.click(screen.getByRole('button', { name: 'Review' }));
const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('composer validation', () => {
  test('an empty message is refused with a plain message, and nothing is sent', async () => {
    const { api } = await openComposer();
    review();
    expect(screen.getByText('Write the message first.')).toBeTruthy();
    expect(screen.getByLabelText('Text').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Some fields need attention before you continue.');
    expect(screen.queryByTestId('summary')).toBeNull();
    expect(api.callsTo('tasks:start')).toEqual([]);
  });

  test('each recipients mode asks for what it needs; rate and test-mode knobs are range-checked', async () => {
    await openComposer();
    type('Text', 'Hello');
    fireEvent.click(screen.getByRole('radio', { name: 'Some contacts' }));
    review();
    expect(screen.getByText('Type a name or phone to search for, or a field and value.')).toBeTruthy();
    type('Field', 'city');
    expect(screen.getByText('Fill in both the field and the value.')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'A CSV file' }));
    expect(screen.getByText('Type the path of the CSV file.')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'All contacts' }));
    type('Messages per second', '0');
    expect(screen.getByText('Type a number between 0.1 and 1,000.')).toBeTruthy();
    type('Messages per second', '2,5');
    expect(screen.queryByText('Type a number between 0.1 and 1,000.')).toBeNull();
    type('Temporary failures (%)', '150');
    expect(screen.getByText('Type a percentage between 0 and 100.')).toBeTruthy();
    type('Delay per message (ms)', '1.5');
    expect(screen.getByText('Type whole milliseconds between 0 and 60,000.')).toBeTruthy();
  });

  test('validateDraft builds the request the shared schema accepts', () => {
    const result = validateDraft({ ...EMPTY_DRAFT, template: ' Hi {{name}} ', mode: 'filter', search: 'Levi', fieldName: 'city', fieldValue: 'Haifa', rate: '2.5', transientPct: '10' });
    expect(result.errors).toEqual({});
    expect(result.params).toEqual({
      template: 'Hi {{name}}',
      recipients: { type: 'filter', search: 'Levi', field: { name: 'city', equals: 'Haifa' } },
      provider: { type: 'test-mode', options: { latencyMs: 0, transientFailureRate: 0.1, permanentFailureRate: 0, offlineRate: 0 } },
      rate: 2.5,
    });
    expect(validateDraft({ ...EMPTY_DRAFT, template: 'x'.repeat(5000) }).errors.template).toBe('templateTooLong');
  });
});

describe('composer preview', () => {
  test('renders the message for the first contact, live', async () => {
    const { api } = await openComposer();
    expect(api.callsTo('contacts:list')).toContainEqual({ businessId: 1, offset: 0, limit: 1, optedOut: false });
    type('Text', 'Hi {{name}}, {{city}} has 20% off');
    const preview = screen.getByRole('heading', { name: 'Preview' }).parentElement!;
    expect(within(preview).getByText('Hi Noa Levi, Haifa has 20% off')).toBeTruthy();
    expect(within(preview).getByText('Noa Levi')).toBeTruthy();
  });

  test('warns about a variable the contact has no value for', async () => {
    await openComposer();
    type('Text', 'Hi {{name}}, your tier is {{tier}}');
    expect(screen.getByText(/This contact has no value for .*\{\{tier\}\}/)).toBeTruthy();
  });

  test('a variable chip inserts {{name}} into the message', async () => {
    await openComposer();
    fireEvent.click(screen.getByRole('button', { name: '{{city}}' }));
    expect((screen.getByLabelText('Text') as HTMLTextAreaElement).value).toBe('{{city}}');
  });

  test('a search filter previews and counts matching contacts', async () => {
    const { api } = await openComposer();
    fireEvent.click(screen.getByRole('radio', { name: 'Some contacts' }));
    type('Name or phone contains', 'Levi');
    await waitFor(() => expect(api.callsTo('contacts:list')).toContainEqual({ businessId: 1, offset: 0, limit: 1, optedOut: false, search: 'Levi' }));
    await flush();
    expect(screen.getByText('3 subscribed contacts match.')).toBeTruthy();
  });
});

describe('composer summary and start', () => {
  test('shows a summary before starting, then sends tasks:start (kind broadcast) and returns to the tasks', async () => {
    const { api } = await openComposer({ 'tasks:start': () => snapshot({ id: 42, title: verbatim('Friday loaves'), status: 'queued', version: 1 }) });
    type('Text', 'Hi {{name}}!');
    type('Messages per second', '20');
    type('Broadcast name (optional)', 'Friday loaves');
    fireEvent.click(screen.getByText('Advanced test-mode settings'));
    type('Delay per message (ms)', '200');
    type('Permanent failures (%)', '5');
    review();

    const summary = screen.getByTestId('summary');
    expect(within(summary).getByText('All subscribed contacts')).toBeTruthy();
    expect(within(summary).getByText('1,234 recipients')).toBeTruthy();
    expect(within(summary).getByText('Hi Noa Levi!')).toBeTruthy();
    expect(within(summary).getByText('Test mode')).toBeTruthy();
    expect(summary.textContent).toContain('Delay 200 ms');
    expect(summary.textContent).toContain('permanent failures 5%');
    expect(within(summary).getByText('20 messages per second')).toBeTruthy();
    // 1,234 at 20/s ≈ 62 s.
    expect(within(summary).getByText('about 1 min in all')).toBeTruthy();
    expect(within(summary).getByText('Friday loaves')).toBeTruthy();
    expect(api.callsTo('tasks:start')).toEqual([]);

    fireEvent.click(within(summary).getByRole('button', { name: 'Start broadcast' }));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([
      {
        businessId: 1,
        kind: 'broadcast',
        title: 'Friday loaves',
        input: {
          template: 'Hi {{name}}!',
          recipients: { type: 'all' },
          provider: { type: 'test-mode', options: { latencyMs: 200, transientFailureRate: 0, permanentFailureRate: 0.05, offlineRate: 0 } },
          rate: 20,
        },
      },
    ]);
    expect(screen.getByRole('article', { name: 'Friday loaves' })).toBeTruthy();
  });

  test('"Edit" goes back with the draft kept; a CSV broadcast says it counts later', async () => {
    await openComposer();
    fireEvent.click(screen.getByRole('radio', { name: 'A CSV file' }));
    type('CSV file path', '/home/dana/list.csv');
    type('Text', 'Hello');
    review();
    const summary = screen.getByTestId('summary');
    expect(summary.textContent).toContain('/home/dana/list.csv');
    expect(within(summary).getByText('Counted when the file is read')).toBeTruthy();
    fireEvent.click(within(summary).getByRole('button', { name: 'Edit' }));
    expect((screen.getByLabelText('Text') as HTMLTextAreaElement).value).toBe('Hello');
  });

  test('a refusal from main is shown inline and the summary stays', async () => {
    await openComposer({
      'tasks:start': () => {
        throw new FakeError('conflict', 'A broadcast is already running for this business');
      },
    });
    type('Text', 'Hello');
    review();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start broadcast' })));
    await flush();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('That cannot be done right now.');
    expect(alert.textContent).toContain('A broadcast is already running for this business');
    expect(screen.getByTestId('summary')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start broadcast' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
