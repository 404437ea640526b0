/** Language: Hebrew flips <html dir> to rtl and translates; numbers and dates follow the locale. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { createFormatters } from '../../renderer/src/i18n/format.ts';
import { en } from '../../renderer/src/i18n/en.ts';
import { he } from '../../renderer/src/i18n/he.ts';
import { FakeError, SETTINGS, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp } from './fixtures/render.tsx';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('language', () => {
  test('switching to Hebrew in settings flips dir to rtl, translates, and saves the choice', async () => {
    const { api } = renderApp({ handlers: { 'tasks:list': () => [snapshot()] } });
    await flush();
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('en');

    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await flush();
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'עברית' })));
    await flush();

    expect(api.callsTo('settings:set')).toEqual([{ language: 'he' }]);
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('he');
    expect(screen.getByRole('heading', { name: 'הגדרות', level: 2 })).toBeTruthy();
    const pages = screen.getByRole('navigation', { name: 'עמודים' });
    fireEvent.click(within(pages).getByRole('button', { name: 'משימות' }));
    const card = screen.getByRole('article', { name: 'Spring sale' });
    expect(within(card).getByTestId('status-badge').textContent).toBe('פועלת');
    expect(within(card).getByRole('button', { name: 'השהיה' })).toBeTruthy();
    expect(screen.getByTestId('running-count').textContent).toBe('משימה אחת פועלת');
  });

  test('the language stored in settings applies on load', async () => {
    renderApp({ handlers: { 'settings:get': () => ({ ...SETTINGS, language: 'he' }) } });
    await flush();
    expect(document.documentElement.dir).toBe('rtl');
    expect(screen.getByRole('heading', { name: 'משימות', level: 2 })).toBeTruthy();
  });

  test('if saving the language fails, the window goes back and says why', async () => {
    renderApp({
      handlers: {
        'settings:set': () => {
          throw new FakeError('internal', 'database is locked');
        },
      },
    });
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await flush();
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'עברית' })));
    await flush();
    expect(document.documentElement.dir).toBe('ltr');
    expect(screen.getByRole('alert').textContent).toContain('database is locked');
    expect((screen.getByRole('radio', { name: 'English' }) as HTMLInputElement).checked).toBe(true);
  });

  test('Hebrew has every English key (plurals may add forms of their own)', () => {
    const heKeys = new Set(keys(he).map(base));
    const missing = keys(en).map(base).filter((k) => !heKeys.has(k));
    expect(missing).toEqual([]);
    const extra = [...heKeys].filter((k) => !new Set(keys(en).map(base)).has(k));
    expect(extra).toEqual([]);
  });

  test('numbers, percentages and durations are formatted per locale', () => {
    const enFmt = createFormatters('en');
    const heFmt = createFormatters('he');
    expect(enFmt.integer(200000)).toBe('200,000');
    expect(enFmt.percent(0.246)).toBe('25%');
    expect(enFmt.duration(3960)).toBe('1 hr, 6 min');
    expect(heFmt.integer(200000)).toBe('200,000');
    expect(heFmt.duration(45)).toMatch(/45/);
    expect(heFmt.duration(45)).not.toMatch(/sec/);
  });
});
