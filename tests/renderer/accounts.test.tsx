/**
 * WhatsApp accounts of a business: the list with each account's last check, checking
 * the connection (ok, or the problem in plain words), adding one (validation first),
 * replacing a token, removing. The token goes to main only: never into the store.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { WhatsAppAccount } from '../../common/model.ts';
import type { AppStore } from '../../renderer/src/store/index.ts';
import { ACCOUNTS, checkedAccount, FakeError, SETTINGS } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';
import { reason } from '../../common/reasons.ts';

const TOKEN = 'EAAGm0PX4ZCpsBAKZAZBvT0ken-for-tests-0123456789abcdef';
const NEW_TOKEN = 'EAAGm0PX4ZCpsBAnewZBvT0ken-for-tests-9876543210fedcba';

/** Strips the Unicode isolates that wrap interpolated names and numbers. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

async function openAccounts(handlers: Handlers = {}) {
  const view = renderApp({ handlers });
  await flush();
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Pages' })).getByRole('button', { name: 'WhatsApp' }));
  await flush();
  return view;
}

const card = (label: string) => screen.getByRole('article', { name: label });
const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** Everything the store holds, as text (functions drop out). */
function storeText(store: AppStore): string {
  return JSON.stringify(store.getState());
}

describe('accounts list', () => {
  test('the WhatsApp tab lists the accounts with their last check', async () => {
    const { api } = await openAccounts();
    expect(screen.getByRole('heading', { name: 'WhatsApp accounts', level: 2 })).toBeTruthy();
    expect(api.callsTo('accounts:list')).toContainEqual({ businessId: 1 });

    const main = card('Main shop');
    expect(plain(within(main).getByTestId('account-status').textContent)).toContain('Connected: +972 50-123-4567 · Dana’s Bakery · quality GREEN');
    expect(within(main).getByTestId('account-badge').textContent).toBe('Connected');
    expect(within(main).getByText('106540352242922')).toBeTruthy();
    expect(within(main).getByText('Kept encrypted by the system keychain')).toBeTruthy();

    const deliveries = card('Deliveries');
    expect(within(deliveries).getByTestId('account-status').textContent).toBe('Not checked yet. Check the connection to see the number and its quality.');
    expect(within(deliveries).getByTestId('account-badge').textContent).toBe('Not checked');
    // With accounts connected, the add form waits behind its button.
    expect(screen.queryByRole('form', { name: 'Add a WhatsApp account' })).toBeNull();
  });

  test('"Check connection" shows the number, name and quality when it works', async () => {
    const { api } = await openAccounts();
    await act(async () => fireEvent.click(within(card('Deliveries')).getByRole('button', { name: 'Check connection' })));
    await flush();
    expect(api.callsTo('accounts:check')).toEqual([{ businessId: 1, accountId: 4 }]);
    const status = within(card('Deliveries')).getByTestId('account-status');
    expect(plain(status.textContent)).toContain('Connected: +972 50-765-4321 · Dana’s Bakery · quality GREEN');
    expect(within(card('Deliveries')).getByTestId('account-badge').textContent).toBe('Connected');
  });

  test('a failed check shows the problem in plain words', async () => {
    // What main records when the check finds an expired token (account-service.ts).
    const words = reason('accountWait', { reason: reason('waTokenExpired'), action: reason('waTokenExpiredAction') });
    const wordsEn = 'The WhatsApp access token has expired. Paste a new access token in the WhatsApp account settings; the task goes on by itself after that.';
    await openAccounts({
      'accounts:check': (r) => checkedAccount(ACCOUNTS.find((a) => a.id === r.accountId)!, { displayPhoneNumber: null, verifiedName: null, qualityRating: null, throughputLevel: null, error: words }),
    });
    await act(async () => fireEvent.click(within(card('Main shop')).getByRole('button', { name: 'Check connection' })));
    await flush();
    const status = within(card('Main shop')).getByTestId('account-status');
    expect(status.textContent).toContain('The connection check found a problem:');
    expect(status.textContent).toContain(wordsEn);
    expect(status.textContent).not.toContain('Connected');
    expect(within(card('Main shop')).getByTestId('account-badge').textContent).toBe('Needs attention');
  });

  test('a check that main refuses is shown inline, not swallowed', async () => {
    await openAccounts({
      'accounts:check': () => {
        throw new FakeError('not_found', 'WhatsApp account 3 was not found');
      },
    });
    await act(async () => fireEvent.click(within(card('Main shop')).getByRole('button', { name: 'Check connection' })));
    await flush();
    const alert = within(card('Main shop')).getByRole('alert');
    expect(alert.textContent).toContain('That was not found.');
    expect(alert.textContent).toContain('WhatsApp account 3 was not found');
  });
});

describe('adding an account', () => {
  test('a business without accounts shows the form at once, with help on where Meta shows each value', async () => {
    await openAccounts({ 'accounts:list': () => [] });
    expect(screen.getByText('No WhatsApp number is connected yet. Add one to send broadcasts for real.')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Add a WhatsApp account' });
    expect(within(form).getByRole('heading', { name: 'Where to find these' })).toBeTruthy();
    expect(form.textContent).toContain('WhatsApp Manager');
    expect(form.textContent).toContain('API Setup');
    expect(form.textContent).toContain('whatsapp_business_messaging');
    // No cancel: there is nothing else to go back to.
    expect(within(form).queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  test('validation messages name what to fix, and nothing is sent until it is right', async () => {
    const { api } = await openAccounts();
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    const form = screen.getByRole('form', { name: 'Add a WhatsApp account' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add account' }));
    await flush();
    expect(within(form).getByText('Give the account a name.')).toBeTruthy();
    expect(within(form).getByText('The phone number ID is 5 to 30 digits, e.g. 106540352242922.')).toBeTruthy();
    expect(within(form).getByText('The WhatsApp Business Account ID is 5 to 30 digits.')).toBeTruthy();
    expect(within(form).getByText('Paste the access token.')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');

    type('Name', 'Second shop');
    expect(within(form).queryByText('Give the account a name.')).toBeNull();
    type('Phone number ID', '12ab');
    type('WhatsApp Business Account ID', '102290129340398');
    type('Access token', 'too-short');
    fireEvent.change(within(form).getByLabelText('Graph API version'), { target: { value: '23' } });
    fireEvent.change(within(form).getByLabelText('Messages per second'), { target: { value: '5000' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add account' }));
    await flush();
    expect(within(form).getByText('The phone number ID is 5 to 30 digits, e.g. 106540352242922.')).toBeTruthy();
    expect(within(form).queryByText('The WhatsApp Business Account ID is 5 to 30 digits.')).toBeNull();
    expect(within(form).getByText('This token looks too short. Copy the whole token.')).toBeTruthy();
    expect(within(form).getByText('Write a version such as v23.0.')).toBeTruthy();
    expect(within(form).getByText('Type a number between 1 and 1,000.')).toBeTruthy();
    // An error under "Advanced" opens it, so the owner sees it.
    expect((form.querySelector('details') as HTMLDetailsElement).open).toBe(true);
    expect(api.callsTo('accounts:add')).toEqual([]);
  });

  test('adds with the exact request, clears the token field, checks the new account, and keeps no token', async () => {
    const added: WhatsAppAccount[] = [];
    const { api, store } = await openAccounts({
      'accounts:add': (r) => {
        const account: WhatsAppAccount = {
          ...ACCOUNTS[1]!,
          id: 10,
          label: r.label,
          phoneNumberId: r.phoneNumberId,
          wabaId: r.wabaId,
          graphVersion: r.graphVersion ?? 'v23.0',
          ratePerSecond: r.ratePerSecond ?? 20,
        };
        added.push(account);
        return account;
      },
      'accounts:check': (r) => checkedAccount(added.find((a) => a.id === r.accountId) ?? ACCOUNTS[0]!),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    const form = screen.getByRole('form', { name: 'Add a WhatsApp account' });
    type('Name', '  Second shop ');
    type('Phone number ID', '1065 4035 2242 923');
    type('WhatsApp Business Account ID', '102290129340398');
    const token = within(form).getByLabelText('Access token') as HTMLInputElement;
    expect(token.type).toBe('password');
    expect(token.autocomplete).toBe('off');
    fireEvent.change(token, { target: { value: ` ${TOKEN} ` } });
    fireEvent.change(within(form).getByLabelText('Graph API version'), { target: { value: 'v22.0' } });
    fireEvent.change(within(form).getByLabelText('Messages per second'), { target: { value: '40' } });
    // While typing, the token is in its input only.
    expect(storeText(store)).not.toContain(TOKEN);

    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Add account' })));
    await flush();
    expect(api.callsTo('accounts:add')).toEqual([
      { businessId: 1, label: 'Second shop', phoneNumberId: '106540352242923', wabaId: '102290129340398', token: TOKEN, graphVersion: 'v22.0', ratePerSecond: 40 },
    ]);
    expect(token.value).toBe('');
    expect(screen.queryByRole('form', { name: 'Add a WhatsApp account' })).toBeNull();
    // Checked at once, so the owner sees whether it works.
    expect(api.callsTo('accounts:check')).toEqual([{ businessId: 1, accountId: 10 }]);
    expect(plain(within(card('Second shop')).getByTestId('account-status').textContent)).toContain('Connected: +972 50-765-4321');

    expect(store.getState().accountsByBusiness[1]?.map((a) => a.label)).toEqual(['Main shop', 'Deliveries', 'Second shop']);
    expect(storeText(store)).not.toContain(TOKEN);
    expect(storeText(store)).not.toMatch(/token"\s*:/i);
  });

  test('a refusal from main (the number is already connected) keeps the form as it was', async () => {
    await openAccounts({
      'accounts:add': () => {
        throw new FakeError('conflict', 'This phone number is already connected to this business');
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    const form = screen.getByRole('form', { name: 'Add a WhatsApp account' });
    type('Name', 'Again');
    type('Phone number ID', '106540352242922');
    type('WhatsApp Business Account ID', '102290129340398');
    type('Access token', TOKEN);
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Add account' })));
    await flush();
    const alert = within(form).getByRole('alert');
    expect(alert.textContent).toContain('That cannot be done right now.');
    expect(alert.textContent).toContain('This phone number is already connected to this business');
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Again');
  });
});

describe('replacing a token and removing an account', () => {
  test('"Replace token" takes a password, sends it, clears the field, and keeps no token', async () => {
    const { api, store } = await openAccounts();
    const main = card('Main shop');
    fireEvent.click(within(main).getByRole('button', { name: 'Replace token' }));
    const field = within(main).getByLabelText(/New access token for .*Main shop/) as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(document.activeElement).toBe(field);

    fireEvent.click(within(main).getByRole('button', { name: 'Save token' }));
    expect(within(main).getByText('Paste the access token.')).toBeTruthy();
    expect(api.callsTo('accounts:replaceToken')).toEqual([]);

    fireEvent.change(field, { target: { value: NEW_TOKEN } });
    await act(async () => fireEvent.click(within(main).getByRole('button', { name: 'Save token' })));
    await flush();
    expect(api.callsTo('accounts:replaceToken')).toEqual([{ businessId: 1, accountId: 3, token: NEW_TOKEN }]);
    expect(field.value).toBe('');
    expect(field.isConnected).toBe(false);
    expect(within(main).getByRole('status').textContent).toBe('Token replaced. Broadcasts waiting for this account go on by themselves.');
    // The new token is checked at once.
    expect(api.callsTo('accounts:check')).toEqual([{ businessId: 1, accountId: 3 }]);
    expect(storeText(store)).not.toContain(NEW_TOKEN);
  });

  test('"Remove" asks first; a conflict from main is shown and the account stays', async () => {
    const { api } = await openAccounts({
      'accounts:remove': () => {
        throw new FakeError('conflict', '2 unfinished broadcast(s) use this account; cancel them first');
      },
    });
    fireEvent.click(within(card('Main shop')).getByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog', { name: /Remove .*Main shop/ });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('accounts:remove')).toEqual([]);

    fireEvent.click(within(card('Main shop')).getByRole('button', { name: 'Remove' }));
    await act(async () => fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove account' })));
    await flush();
    expect(api.callsTo('accounts:remove')).toEqual([{ businessId: 1, accountId: 3 }]);
    expect(within(card('Main shop')).getByRole('alert').textContent).toContain('2 unfinished broadcast(s) use this account; cancel them first');
  });

  test('a removed account leaves the list', async () => {
    const { api, store } = await openAccounts();
    fireEvent.click(within(card('Deliveries')).getByRole('button', { name: 'Remove' }));
    await act(async () => fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove account' })));
    await flush();
    expect(api.callsTo('accounts:remove')).toEqual([{ businessId: 1, accountId: 4 }]);
    expect(screen.queryByRole('article', { name: 'Deliveries' })).toBeNull();
    expect(store.getState().accountsByBusiness[1]?.map((a) => a.id)).toEqual([3]);
  });
});

describe('accounts in Hebrew', () => {
  test('the page is translated and IDs stay left-to-right', async () => {
    renderApp({ language: 'he', handlers: { 'settings:get': () => ({ ...SETTINGS, language: 'he' }) } });
    await flush();
    fireEvent.click(within(screen.getByRole('navigation', { name: 'עמודים' })).getByRole('button', { name: 'וואטסאפ' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'חשבונות וואטסאפ', level: 2 })).toBeTruthy();
    const main = screen.getByRole('article', { name: 'Main shop' });
    expect(within(main).getByRole('button', { name: 'בדיקת חיבור' })).toBeTruthy();
    expect(within(main).getByText('106540352242922').getAttribute('dir')).toBe('ltr');
  });
});
