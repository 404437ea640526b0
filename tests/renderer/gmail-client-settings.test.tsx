/** Settings → Gmail: the app-wide OAuth client ID (checked with a specific message) and its write-only secret. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Settings } from '../../common/ipc/contract.ts';
import { applySettingsPatch, FakeError, SETTINGS } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';

const CLIENT_ID = '1234567890-abc123def.apps.googleusercontent.com';

async function openSettings(handlers: Handlers = {}, language: 'en' | 'he' = 'en') {
  const view = renderApp({ handlers, language });
  await flush();
  fireEvent.click(screen.getByRole('button', { name: language === 'he' ? 'הגדרות' : 'Settings' }));
  await flush();
  return view;
}

const gmailForm = () => screen.getByRole('form', { name: 'Gmail OAuth client' });
const idInput = () => within(gmailForm()).getByLabelText('Client ID') as HTMLInputElement;
const secretInput = () => within(gmailForm()).getByLabelText('Client secret (optional)') as HTMLInputElement;
const save = () => act(async () => fireEvent.click(within(gmailForm()).getByRole('button', { name: 'Save client' })));

describe('Settings → Gmail OAuth client', () => {
  test('says where to get it, refuses a wrong client ID with a specific message, and saves the ID and secret', async () => {
    // A stateful main: what was saved comes back on the next answer, the secret only as "set".
    let settings: Settings = SETTINGS;
    const { api } = await openSettings({ 'settings:set': (patch) => (settings = applySettingsPatch(settings, patch)) });
    const form = gmailForm();
    expect(form.textContent).toContain('enable the Gmail API');
    expect(form.textContent).toContain('APIs & Services → Credentials → Create credentials → OAuth client ID');
    expect(form.textContent).toContain('“Desktop app”');
    expect(idInput().value).toBe('');

    const cases: [string, RegExp][] = [
      ['', /^Paste the client ID\.$/],
      ['GOCSPX-1a2b3c', /This is the client secret \(it starts with GOCSPX-\)/],
      ['1234567890-abc 123.apps.googleusercontent.com', /has a space or line break/],
      ['1234567890-abc.apps.example.com', /A client ID ends in .*\.apps\.googleusercontent\.com/],
      ['abc-123.apps.googleusercontent.com', /starts with the project number and a dash/],
      ['1234567890-abc_def.apps.googleusercontent.com', /only letters and digits/],
    ];
    for (const [value, message] of cases) {
      fireEvent.change(idInput(), { target: { value } });
      await save();
      expect(within(form).getByText(message), value).toBeTruthy();
      expect(idInput().getAttribute('aria-invalid')).toBe('true');
    }
    // The client ID pasted into the secret field is caught too.
    fireEvent.change(idInput(), { target: { value: CLIENT_ID } });
    fireEvent.change(secretInput(), { target: { value: CLIENT_ID } });
    await save();
    expect(within(form).getByText('This is the client ID, not the client secret.')).toBeTruthy();
    expect(api.callsTo('settings:set')).toEqual([]);

    fireEvent.change(idInput(), { target: { value: `  ${CLIENT_ID} ` } });
    fireEvent.change(secretInput(), { target: { value: 'GOCSPX-desktop-secret' } });
    await save();
    await flush();
    expect(api.callsTo('settings:set')).toEqual([{ gmailClientId: CLIENT_ID, gmailClientSecret: 'GOCSPX-desktop-secret' }]);
    expect(screen.getByText('Saved')).toBeTruthy();
    expect(idInput().value).toBe(CLIENT_ID);
    // The secret is not kept in the window: the field empties and says one is saved.
    expect(secretInput().value).toBe('');
    expect(within(form).getByText(/A client secret is saved \(encrypted\)/)).toBeTruthy();
    expect(idInput().getAttribute('aria-invalid')).toBeNull();

    // Saving the same ID again with the secret field empty keeps the secret (nothing is sent for it).
    await save();
    expect(api.callsTo('settings:set').at(-1)).toEqual({ gmailClientId: CLIENT_ID });
  });

  test('a saved client is shown pre-filled; the secret can be forgotten and the client removed', async () => {
    const saved: Settings = { ...SETTINGS, gmailClientId: CLIENT_ID, gmailClientSecretSet: true };
    const { api } = await openSettings({ 'settings:get': () => saved, 'settings:set': (patch) => applySettingsPatch(saved, patch) });
    expect(idInput().value).toBe(CLIENT_ID);
    expect(secretInput().value).toBe('');
    expect(secretInput().placeholder).toBe('Saved');

    await act(async () => fireEvent.click(within(gmailForm()).getByRole('button', { name: 'Forget the secret' })));
    await flush();
    expect(api.callsTo('settings:set')).toEqual([{ gmailClientSecret: null }]);
    expect(within(gmailForm()).queryByRole('button', { name: 'Forget the secret' })).toBeNull();

    await act(async () => fireEvent.click(within(gmailForm()).getByRole('button', { name: 'Remove client' })));
    await flush();
    expect(api.callsTo('settings:set').at(-1)).toEqual({ gmailClientId: null });
    expect(idInput().value).toBe('');
  });

  test('a refusal from main is shown and the form keeps what was typed', async () => {
    await openSettings({
      'settings:set': () => {
        throw new FakeError('bad_input', 'Save the Gmail OAuth client ID together with its secret: a secret alone is of no use.');
      },
    });
    fireEvent.change(idInput(), { target: { value: CLIENT_ID } });
    fireEvent.change(secretInput(), { target: { value: 'GOCSPX-x' } });
    await save();
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('a secret alone is of no use');
    expect(idInput().value).toBe(CLIENT_ID);
    expect(secretInput().value).toBe('GOCSPX-x');
    expect(screen.queryByText('Saved')).toBeNull();
  });

  test('in Hebrew: translated, with the client ID kept left-to-right', async () => {
    await openSettings({ 'settings:get': () => ({ ...SETTINGS, language: 'he' }) }, 'he');
    const form = screen.getByRole('form', { name: 'לקוח OAuth של Gmail' });
    const input = within(form).getByLabelText('מזהה לקוח (Client ID)') as HTMLInputElement;
    expect(input.getAttribute('dir')).toBe('ltr');
    fireEvent.change(input, { target: { value: 'GOCSPX-1a2b3c' } });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'שמירת הלקוח' })));
    expect(within(form).getByText(/זה סוד הלקוח/)).toBeTruthy();
  });
});
