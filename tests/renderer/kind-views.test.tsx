/**
 * The window renders task kinds through their views (renderer/src/tasks/<kind>/view): a kind
 * added only in a test shows with its own words and columns, a kind this build does not know
 * gets an explained stand-in card, and every shipped kind has its Hebrew words.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { verbatim } from '../../common/messages.ts';
import type { TaskItem, TaskKind } from '../../common/model.ts';
import { TASK_KINDS } from '../../common/tasks/kinds.ts';
import type { KindView, KindWords, KindWordsByLanguage } from '../../renderer/src/tasks/kind-view.ts';
import { SHIPPED_KIND_VIEWS, SHIPPED_VIEWS } from '../../renderer/src/tasks/registry.ts';
import { broadcastView } from '../../renderer/src/tasks/broadcast/view.tsx';
import { ECHO_WORDS_EN, echoView } from './fixtures/echo-kind.ts';
import { SETTINGS, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp } from './fixtures/render.tsx';

/** The window follows the language saved in settings, so Hebrew tests save it there. */
const IN_HEBREW = { 'settings:get': () => ({ ...SETTINGS, language: 'he' as const }) };

function echoItem(i: number, label: string, echoed: string | null): TaskItem {
  return {
    id: i,
    taskId: 7,
    seq: i,
    subject: `hello ${i}`,
    label,
    state: 'done',
    reason: null,
    attempts: 1,
    result: echoed === null ? null : { echoed },
    updatedAt: 0,
  };
}

describe('a kind added in a test', () => {
  const task = snapshot({
    id: 7,
    kind: 'test-echo',
    title: verbatim('Canyon'),
    status: 'completed',
    rate: null,
    finishedAt: Date.now(),
    counters: { total: 2, processed: 2, succeeded: 1, failed: 1, skipped: 0 },
  });

  test('its card and details speak its own words and show its columns', async () => {
    const rows = [echoItem(1, '', 'olleh'), echoItem(2, 'Dana', null)];
    renderApp({
      views: SHIPPED_KIND_VIEWS.with(echoView),
      handlers: { 'tasks:list': () => [task], 'tasks:items': (r) => ({ rows, total: rows.length, offset: r.offset ?? 0 }) },
    });
    await flush();
    const card = screen.getByRole('article', { name: 'Canyon' });
    expect(within(card).getByText('Echo test')).toBeTruthy();
    expect(card.querySelector('[data-counter="succeeded"] dt')?.textContent).toBe('Echoed');
    // Its facts allow "Retry failed"; a repeatable kind has no in-doubt counter.
    expect(within(card).getByRole('button', { name: 'Retry failed' })).toBeTruthy();
    expect(card.querySelector('[data-counter="inDoubt"]')).toBeNull();
    expect(screen.queryByTestId('unknown-kind')).toBeNull();
    // The Tasks page's kind filter offers it too.
    expect(within(screen.getByLabelText('Kind')).getByRole('option', { name: 'Echo test' })).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Echoes' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'Echoes' })).toBeTruthy();
    expect(screen.getByText('2 echoes')).toBeTruthy();
    expect(screen.getByPlaceholderText('Search by shout')).toBeTruthy();
    expect(document.querySelector('.item-row--head')?.textContent).toContain('Shout');
    const items = within(screen.getByRole('list', { name: 'Echoes' })).getAllByRole('listitem');
    expect(within(items[0]!).getByText('Nameless echo')).toBeTruthy();
    expect(within(items[0]!).getByText('hello 1')).toBeTruthy();
    expect(within(items[0]!).getByText('→ olleh')).toBeTruthy();
    expect(within(items[0]!).getByText('Echoed back')).toBeTruthy();
    expect(within(items[1]!).getByText('Dana')).toBeTruthy();
  });

  test('in Hebrew, its Hebrew words', async () => {
    renderApp({ language: 'he', views: SHIPPED_KIND_VIEWS.with(echoView), handlers: { ...IN_HEBREW, 'tasks:list': () => [task] } });
    await flush();
    const card = screen.getByRole('article', { name: 'Canyon' });
    expect(within(card).getByText('בדיקת הד')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'הדים' })).toBeTruthy();
  });

  test('without the registry entry, the same row is an unknown kind', async () => {
    renderApp({ handlers: { 'tasks:list': () => [task] } });
    await flush();
    expect(screen.getByTestId('unknown-kind')).toBeTruthy();
  });
});

describe('a kind this build does not know', () => {
  test('gets a generic card that says so, with neutral words and no kind-only buttons', async () => {
    const future = snapshot({
      id: 5,
      kind: 'from-a-newer-build',
      title: verbatim('Mystery task'),
      status: 'completed',
      rate: null,
      finishedAt: Date.now(),
      counters: { total: 10, processed: 10, succeeded: 8, failed: 2 },
    });
    renderApp({ handlers: { 'tasks:list': () => [future] } });
    await flush();
    const card = screen.getByRole('article', { name: 'Mystery task' });
    expect(within(card).getByTestId('unknown-kind').textContent).toBe(
      'This version of Taskdeck doesn’t know this kind of task (“from-a-newer-build”). Update Taskdeck to see what it does.',
    );
    expect(within(card).getByText('from-a-newer-build')).toBeTruthy();
    expect(card.querySelector('[data-counter="succeeded"] dt')?.textContent).toBe('Done');
    // Nothing is known about retrying it: only what every finished task offers.
    expect(within(card).queryByRole('button', { name: 'Retry failed' })).toBeNull();
    expect(within(card).getByRole('button', { name: 'Dismiss' })).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Items' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'Items' })).toBeTruthy();
  });

  test('in Hebrew too', async () => {
    renderApp({ language: 'he', handlers: { ...IN_HEBREW, 'tasks:list': () => [snapshot({ kind: 'from-a-newer-build', title: verbatim('Mystery task') })] } });
    await flush();
    expect(screen.getByTestId('unknown-kind').textContent).toContain('הגרסה הזו של Taskdeck לא מכירה את סוג המשימה הזה');
  });
});

describe('the shipped kinds', () => {
  // Compile-time: the registry has a view for each shipped kind, and each view both languages.
  // @ts-expect-error a registry missing a shipped kind does not compile
  const _halfAdded: Record<TaskKind, KindView> = { broadcast: broadcastView };
  // @ts-expect-error a kind without its Hebrew words does not compile
  const _noHebrew: KindWordsByLanguage = { en: ECHO_WORDS_EN };
  const { items: _dropped, ...missingOne } = ECHO_WORDS_EN;
  // @ts-expect-error nor does Hebrew missing one word
  const _oneMissing: KindWordsByLanguage = { en: ECHO_WORDS_EN, he: missingOne };

  /** Every sentence of a kind's words, as [key, text] (a plural's forms each). */
  function sentences(words: KindWords | Readonly<Record<string, unknown>>, prefix = ''): [string, string][] {
    return Object.entries(words).flatMap(([key, value]): [string, string][] =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : sentences(value as Record<string, unknown>, `${prefix}${key}.`),
    );
  }

  test.each(TASK_KINDS)('%s has a view with Hebrew words for every English one', (kind) => {
    const view: KindView = SHIPPED_VIEWS[kind];
    expect(view.facts.id).toBe(kind);
    expect(SHIPPED_KIND_VIEWS.find(kind)).toBe(view);
    const en = new Map(sentences(view.words.en));
    const he = new Map(sentences(view.words.he));
    for (const [key, text] of en) {
      // '' is a deliberate "nothing" (an item with no label): Hebrew says nothing too.
      if (text === '') continue;
      expect(he.get(key), `${kind}: ${key}`).toBeTruthy();
      if (!key.includes('.two')) expect(he.get(key), `${kind}: ${key} is Hebrew`).toMatch(/[\u0590-\u05FF]/);
    }
    // Hebrew counts 2 in its own form: every plural has it.
    expect(view.words.he.cancelLeft.two, `${kind}: cancelLeft.two`).toBeTruthy();
    expect(view.words.he.shown.two, `${kind}: shown.two`).toBeTruthy();
    // A kind whose items can be in doubt says so in its own words (nobody reads "items in doubt" for calls).
    if (view.facts.sideEffect === 'leaves-machine') {
      expect(view.words.en.inDoubt, `${kind}: inDoubt`).toBeDefined();
      expect(view.words.he.inDoubt?.notice.two, `${kind}: inDoubt.notice.two`).toBeTruthy();
    }
  });
});
