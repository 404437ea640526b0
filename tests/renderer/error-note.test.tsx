/** A refused request says what exactly was refused: main's detail lines under the headline. */
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, test } from 'vitest';
import { ErrorNote } from '../../renderer/src/components/ErrorNote.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';
import { toUiError } from '../../renderer/src/lib/errors.ts';

afterEach(cleanup);

function show(error: unknown, language: 'en' | 'he' = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <ErrorNote error={toUiError(error)} />
    </I18nextProvider>,
  );
}

describe('ErrorNote', () => {
  test('shows the headline, main’s message and each detail line', () => {
    show({ code: 'invalid_request', message: 'Invalid request for settings:set', details: ['gmailClientId: ends in .apps.googleusercontent.com'] });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The app sent a request it should not have.');
    expect(alert.textContent).toContain('Invalid request for settings:set');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['gmailClientId: ends in .apps.googleusercontent.com']);
  });

  test('many details: the first five and how many more, in Hebrew too', () => {
    const details = Array.from({ length: 8 }, (_, i) => `rows.${i}: bad`);
    show({ code: 'bad_input', message: 'x', details }, 'he');
    const lines = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(lines.slice(0, 5)).toEqual(details.slice(0, 5));
    expect(lines[5]).toBe('ועוד 3');
    expect(lines).toHaveLength(6);
  });

  test('no details, or details that are not strings: no list', () => {
    show({ code: 'not_found', message: 'gone', details: [42, null] });
    expect(screen.queryByRole('list')).toBeNull();
    expect(toUiError({ code: 'weird', message: 'm', details: ['a'] })).toEqual({ code: 'unknown', message: 'm' });
  });
});
