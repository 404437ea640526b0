/**
 * The composer with a WhatsApp account: the account list as providers, approved
 * templates loaded from the account, each {{n}} mapped to a contact field or fixed
 * text, the live preview, the summary, and the exact tasks:start request.
 * Free text is possible, with its 24-hour warning. Test mode stays as it was.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Contact } from '../../common/model.ts';
import { EMPTY_DRAFT, UNSET_PARAM, validateDraft } from '../../renderer/src/tasks/broadcast/composer/draft.ts';
import { FakeError, snapshot, startsOf, TEMPLATES } from './fixtures/fake-api.ts';
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
const ORDER_READY = TEMPLATES[0]!;

const plain = (text: string | null | undefined) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

async function openComposer(handlers: Handlers = {}) {
  const view = renderApp({
    handlers: {
      'contacts:list': (r) => ({ rows: [NOA, { ...NOA, id: 8, name: 'Avi', fields: { tier: 'gold' } }].slice(0, r.limit ?? 1), total: 1234, offset: 0 }),
      ...handlers,
    },
  });
  await flush();
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Pages' })).getByRole('button', { name: 'New broadcast' }));
  await flush();
  return view;
}

const provider = () => screen.getByLabelText('Send through') as HTMLSelectElement;
const choose = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const review = () => fireEvent.click(screen.getByRole('button', { name: 'Review' }));

async function chooseMainShop() {
  await act(async () => choose('Send through', 'account:3'));
  await flush();
}

describe('provider choice', () => {
  test('test mode or each WhatsApp account of the business, by label and number', async () => {
    const { api } = await openComposer();
    expect(api.callsTo('accounts:list')).toContainEqual({ businessId: 1 });
    const options = [...provider().options].map((o) => plain(o.textContent));
    expect(options).toEqual(['Test mode', 'Main shop · +972 50-123-4567', 'Deliveries · phone number ID 107777777777001']);
    expect(provider().value).toBe('test-mode');
    // Test mode keeps its knobs; a WhatsApp account has none.
    expect(screen.getByText('Advanced test-mode settings')).toBeTruthy();
    await chooseMainShop();
    expect(screen.queryByText('Advanced test-mode settings')).toBeNull();
    expect(screen.getByText('Messages really go out on WhatsApp, from this number.')).toBeTruthy();
  });

  test('without accounts, the composer points to where one is connected', async () => {
    await openComposer({ 'accounts:list': () => [] });
    expect([...provider().options].map((o) => o.textContent)).toEqual(['Test mode']);
    fireEvent.click(screen.getByRole('button', { name: 'Connect WhatsApp' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'WhatsApp accounts', level: 2 })).toBeTruthy();
  });
});

describe('WhatsApp template', () => {
  test('loads the approved templates, shows the body, maps each {{n}}, previews, summarises and sends exactly', async () => {
    const { api } = await openComposer({ 'tasks:start': () => snapshot({ id: 42, title: verbatim('Order ready'), status: 'queued' }) });
    await chooseMainShop();
    expect(api.callsTo('accounts:templates')).toEqual([{ businessId: 1, accountId: 3 }]);
    // Approved template is the default content; the message textarea is not asked for.
    expect((screen.getByRole('radio', { name: 'Approved template' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText('Text')).toBeNull();

    const template = screen.getByLabelText('Template') as HTMLSelectElement;
    expect([...template.options].map((o) => o.textContent)).toEqual([
      'Choose a template…',
      'order_ready (en_US) · UTILITY',
      'spring_sale (he) · MARKETING',
      'hello_world (en_US) · UTILITY',
    ]);
    const preview = () => screen.getByRole('heading', { name: 'Preview' }).parentElement!;
    expect(within(preview()).getByText('Choose a template to see it here.')).toBeTruthy();

    // Review without a template: it asks for one.
    review();
    expect(screen.getByText('Choose a template.')).toBeTruthy();
    expect(screen.queryByTestId('summary')).toBeNull();

    choose('Template', 'order_ready|en_US');
    expect(screen.getByTestId('template-body').textContent).toBe('Hi {{1}}, your order from {{2}} is ready for pickup.');
    expect(screen.getByText('Language en_US · UTILITY')).toBeTruthy();
    // Nothing mapped yet: the preview keeps the placeholders, and Review names what is missing.
    expect(within(preview()).getByTestId('template-preview').textContent).toBe('Hi {{1}}, your order from {{2}} is ready for pickup.');
    review();
    expect(screen.getAllByText('Choose a contact field or fixed text.')).toHaveLength(2);

    // {{1}}: a contact field (custom fields seen on contacts are offered too).
    const first = screen.getByLabelText('Value for {{1}}') as HTMLSelectElement;
    expect([...first.options].map((o) => o.textContent)).toEqual(['Choose…', 'Name', 'Phone', 'city', 'tier', 'Another field…', 'Fixed text…']);
    expect(api.callsTo('contacts:list')).toContainEqual({ businessId: 1, offset: 0, limit: 100 });
    choose('Value for {{1}}', 'field:name');
    expect(within(preview()).getByTestId('template-preview').textContent).toBe('Hi Noa Levi, your order from {{2}} is ready for pickup.');

    // {{2}}: fixed text.
    choose('Value for {{2}}', 'text');
    review();
    expect(screen.getByText('Type the text.')).toBeTruthy();
    choose('Text for {{2}}', 'Dana’s Bakery');
    expect(within(preview()).getByTestId('template-preview').textContent).toBe('Hi Noa Levi, your order from Dana’s Bakery is ready for pickup.');
    expect(plain(within(preview()).getByText(/Template order_ready/).textContent)).toBe('Template order_ready (en_US)');

    review();
    const summary = screen.getByTestId('summary');
    expect(plain(within(summary).getByTestId('summary-provider').textContent)).toBe('WhatsApp · Main shopFrom +972 50-123-4567');
    expect(within(summary).getByTestId('summary-template').textContent).toBe('Template order_ready (en_US) · UTILITY');
    expect(within(summary).getByText('Hi Noa Levi, your order from Dana’s Bakery is ready for pickup.')).toBeTruthy();
    const mapping = [...summary.querySelectorAll('.summary__mapping li')].map((li) => plain(li.textContent));
    expect(mapping).toEqual(['{{1}} = the contact’s Name', '{{2}} = “Dana’s Bakery”']);
    expect(within(summary).queryByTestId('free-text-warning')).toBeNull();
    expect(within(summary).getByText('1,234 recipients')).toBeTruthy();

    await act(async () => fireEvent.click(within(summary).getByRole('button', { name: 'Start broadcast' })));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([
      {
        businessId: 1,
        kind: 'broadcast',
        input: {
          template: 'Hi {{1}}, your order from {{2}} is ready for pickup.',
          recipients: { type: 'all' },
          provider: {
            type: 'whatsapp',
            accountId: 3,
            template: { name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { text: 'Dana’s Bakery' }] },
          },
          rate: 20,
        },
      },
    ]);
    expect(screen.getByRole('article', { name: 'Order ready' })).toBeTruthy();
  });

  test('a field the first contact lacks is named in the preview; "Another field…" takes a typed name', async () => {
    await openComposer();
    await chooseMainShop();
    choose('Template', 'order_ready|en_US');
    choose('Value for {{1}}', 'field:city');
    choose('Value for {{2}}', 'other');
    choose('Field name for {{2}}', 'branch');
    const preview = screen.getByRole('heading', { name: 'Preview' }).parentElement!;
    expect(within(preview).getByTestId('template-preview').textContent).toBe('Hi Haifa, your order from {{2}} is ready for pickup.');
    expect(plain(within(preview).getByText(/This contact has no/).textContent)).toBe(
      'This contact has no branch. Customers without a value will not get the message.',
    );
  });

  test('a template without values needs no mapping', async () => {
    const { api } = await openComposer();
    await chooseMainShop();
    choose('Template', 'hello_world|en_US');
    expect(screen.getByText('This template has no values to fill in.')).toBeTruthy();
    review();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start broadcast' })));
    await flush();
    expect(startsOf(api, 'broadcast')[0]?.input.provider).toEqual({
      type: 'whatsapp',
      accountId: 3,
      template: { name: 'hello_world', language: 'en_US', params: [] },
    });
  });

  test('templates that cannot be loaded say why, and can be asked for again', async () => {
    let fail = true;
    const { api } = await openComposer({
      'accounts:templates': () => {
        if (fail) throw new FakeError('bad_input', 'Could not load the templates: the access token has expired');
        return [ORDER_READY];
      },
    });
    await chooseMainShop();
    expect(screen.getByRole('alert').textContent).toContain('Could not load the templates: the access token has expired');
    fail = false;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Load templates again' })));
    await flush();
    expect(api.callsTo('accounts:templates')).toHaveLength(2);
    expect([...(screen.getByLabelText('Template') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Choose a template…',
      'order_ready (en_US) · UTILITY',
    ]);
  });

  test('another account starts the template choice over', async () => {
    const { api } = await openComposer();
    await chooseMainShop();
    choose('Template', 'order_ready|en_US');
    await act(async () => choose('Send through', 'account:4'));
    await flush();
    expect(api.callsTo('accounts:templates')).toEqual([
      { businessId: 1, accountId: 3 },
      { businessId: 1, accountId: 4 },
    ]);
    expect((screen.getByLabelText('Template') as HTMLSelectElement).value).toBe('');
  });
});

describe('WhatsApp free text', () => {
  test('warns that only the 24-hour window is reached, in the form and in the summary, and sends the text', async () => {
    const { api } = await openComposer();
    await chooseMainShop();
    fireEvent.click(screen.getByRole('radio', { name: 'Free text (24-hour window only)' }));
    const warning = screen.getByTestId('free-text-warning');
    expect(warning.textContent).toContain('Free text reaches only people who wrote to this WhatsApp number in the last 24 hours.');
    review();
    expect(screen.getByText('Write the message first.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Text'), { target: { value: 'Hi {{name}}, we are open late today.' } });
    review();
    const summary = screen.getByTestId('summary');
    expect(within(summary).getByText('Free text')).toBeTruthy();
    expect(within(summary).getByText('Hi Noa Levi, we are open late today.')).toBeTruthy();
    expect(within(summary).getByTestId('free-text-warning')).toBeTruthy();
    await act(async () => fireEvent.click(within(summary).getByRole('button', { name: 'Start broadcast' })));
    await flush();
    expect(api.callsTo('tasks:start')).toEqual([
      {
        businessId: 1,
        kind: 'broadcast',
        input: {
          template: 'Hi {{name}}, we are open late today.',
          recipients: { type: 'all' },
          provider: { type: 'whatsapp', accountId: 3 },
          rate: 20,
        },
      },
    ]);
  });
});

describe('validateDraft with WhatsApp', () => {
  test('a template needs no message text but every value; test-mode knobs are not checked', () => {
    const base = { ...EMPTY_DRAFT, provider: 'whatsapp' as const, accountId: 3, latencyMs: 'not a number' };
    expect(validateDraft(base).errors).toEqual({ waTemplate: 'templatePick' });
    const picked = validateDraft({ ...base, waTemplate: ORDER_READY, templateParams: [UNSET_PARAM, { source: 'other', field: ' ', text: '' }] });
    expect(picked.errors).toEqual({ param1: 'paramUnset', param2: 'paramFieldName' });
    const ready = validateDraft({
      ...base,
      waTemplate: ORDER_READY,
      templateParams: [
        { source: 'field', field: 'name', text: '' },
        { source: 'text', field: '', text: ' 20% ' },
      ],
    });
    expect(ready.errors).toEqual({});
    expect(ready.params?.provider).toEqual({
      type: 'whatsapp',
      accountId: 3,
      template: { name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { text: '20%' }] },
    });
    expect(validateDraft({ ...base, accountId: null, whatsappContent: 'free', template: 'Hello' }).errors).toEqual({ account: 'account' });
  });
});

describe('an account removed meanwhile', () => {
  test('the composer asks for another account', async () => {
    const { store } = await openComposer();
    await chooseMainShop();
    await act(async () => store.setState((s) => ({ accountsByBusiness: { ...s.accountsByBusiness, 1: s.accountsByBusiness[1]!.filter((a) => a.id !== 3) } })));
    await waitFor(() => expect(provider().value).toBe(''));
    review();
    expect(screen.getByText('Choose the WhatsApp account to send from.')).toBeTruthy();
  });
});
