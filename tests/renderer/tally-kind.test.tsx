/**
 * A kind added in one folder under tests/ (tests/kinds/tally/) and one registry line
 * (tests/kinds/views.ts) gets a card and a details list in the window, in its own words, in
 * English and in Hebrew (right to left): no screen names it. Without that line the very same
 * task row is an unknown kind, so every word checked here comes from the tally's view.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { verbatim } from '../../common/messages.ts';
import type { ItemState, TaskItem, TaskSnapshot } from '../../common/model.ts';
import { reason } from '../../common/reasons.ts';
import type { KindWords } from '../../renderer/src/tasks/kind-view.ts';
import { tallyFacts } from '../kinds/tally/facts.ts';
import { tallyView } from '../kinds/tally/view.tsx';
import { TEST_KIND_VIEWS } from '../kinds/views.ts';
import { SETTINGS, snapshot } from './fixtures/fake-api.ts';
import { flush, renderApp, type Handlers } from './fixtures/render.tsx';

/** The window follows the language saved in settings, so Hebrew tests save it there. */
const IN_HEBREW: Handlers = { 'settings:get': () => ({ ...SETTINGS, language: 'he' as const }) };

const TITLE = 'Count to 600';

/** A tally halfway: 197 numbers counted, 3 in doubt after a crash, 400 to go. */
const running = snapshot({
  id: 9,
  kind: tallyFacts.id,
  title: verbatim(TITLE),
  status: 'running',
  rate: 40,
  counters: { total: 600, processed: 200, succeeded: 197, failed: 0, skipped: 0, cancelled: 0, inDoubt: 3 },
});

/** Number `n` of the tally, as tasks:items answers: subject "#n", its ledger line once counted. */
function numberItem(n: number, state: ItemState, line: number | null = null): TaskItem {
  return {
    id: 100 + n,
    taskId: running.id,
    seq: n,
    subject: `#${n}`,
    label: '',
    state,
    reason: state === 'in_doubt' ? reason('inDoubt') : null,
    attempts: state === 'pending' ? 0 : 1,
    result: line === null ? null : { line },
    updatedAt: 0,
  };
}

const ROWS = [numberItem(1, 'done', 1), numberItem(2, 'done', 3), numberItem(3, 'in_doubt'), numberItem(4, 'pending')];

function tallyHandlers(task: TaskSnapshot = running, more: Handlers = {}): Handlers {
  return {
    'tasks:list': () => [task],
    'tasks:items': (r) => {
      const rows = r.state ? ROWS.filter((i) => i.state === r.state) : ROWS;
      return { rows, total: rows.length, offset: r.offset ?? 0 };
    },
    ...more,
  };
}

async function showTally(options: { language?: 'en' | 'he'; task?: TaskSnapshot; handlers?: Handlers } = {}) {
  const he = options.language === 'he';
  const view = renderApp({
    views: TEST_KIND_VIEWS,
    ...(he ? { language: 'he' as const } : {}),
    handlers: tallyHandlers(options.task, { ...(he ? IN_HEBREW : {}), ...options.handlers }),
  });
  await flush();
  const card = screen.getByRole('article', { name: TITLE });
  return { ...view, card };
}

const buttonNames = (el: HTMLElement) =>
  within(el)
    .queryAllByRole('button')
    .map((b) => b.textContent?.trim());
const counter = (card: HTMLElement, key: string) => ({
  label: card.querySelector(`[data-counter="${key}"] dt`)?.textContent ?? null,
  value: card.querySelector(`[data-counter="${key}"] dd`)?.textContent ?? null,
});
/** The details list's rows, each as the texts a reader sees in its cells. */
function rowsShown() {
  return within(screen.getByRole('list', { name: document.getElementById('items-title')!.textContent! }))
    .getAllByRole('listitem')
    .map((li) => ({
      seq: li.querySelector('.item-row__seq')?.textContent,
      subject: li.querySelector('.item-row__phone')?.textContent,
      subjectDir: li.querySelector('.item-row__phone')?.getAttribute('dir'),
      result: li.querySelector('.item-row__result')?.textContent ?? null,
      state: li.querySelector('.badge')?.textContent,
    }));
}

describe('the tally in English', () => {
  test('its card: icon, name, progress, counters in its words, pace, in-doubt notice', async () => {
    const { card } = await showTally();
    expect(screen.queryByTestId('unknown-kind')).toBeNull();
    expect(card.querySelector('.kind-icon svg[data-icon="tally"]')).not.toBeNull();
    expect(card.querySelector('.task-card__kind')?.textContent).toBe('Tally test');
    expect(within(card).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('33');
    expect(card.querySelector('[data-counter="processed"]')?.textContent).toBe('200 of 600 processed');
    expect(counter(card, 'succeeded')).toEqual({ label: 'Counted', value: '197' });
    // Its side effect leaves the machine: an in-doubt cell, and a notice in its own words.
    expect(counter(card, 'inDoubt')).toEqual({ label: 'In doubt', value: '3' });
    expect(within(card).getByTestId('pace').textContent).toMatch(/^40 numbers\/s·/);
    expect(card.querySelector('.task-card__doubt .note__body')?.textContent).toBe(
      '3 numbers may or may not be in the ledger. Nothing is counted again until you decide.',
    );
    expect(buttonNames(card)).toEqual(['Review', 'Numbers', 'Pause', 'Cancel']);
    // The Tasks page's kind filter offers it by its name.
    expect(within(screen.getByLabelText('Kind')).getByRole('option', { name: 'Tally test' })).toBeTruthy();
  });

  test('its cancel button asks in its words how many are left, then cancels', async () => {
    const { card, api } = await showTally({
      handlers: { 'tasks:cancel': () => ({ ...running, status: 'cancelled', version: 2, rate: null, counters: { ...running.counters, cancelled: 400, processed: 600 } }) },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    const dialog = screen.getByRole('dialog', { name: /^Stop counting “.*Count to 600.*”\?$/ });
    expect(dialog.textContent).toContain('400 numbers are not counted yet. They will not be counted.');
    expect(buttonNames(dialog)).toContain('Stop counting');
    expect(api.callsTo('tasks:cancel')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop counting' }));
    await flush();
    expect(api.callsTo('tasks:cancel')).toEqual([{ businessId: 1, taskId: running.id }]);
    expect(within(screen.getByRole('article', { name: TITLE })).getByTestId('status-badge').textContent).toBe('Cancelled');
  });

  test('one number left and one in doubt: the singular forms', async () => {
    const { card } = await showTally({ task: { ...running, counters: { ...running.counters, processed: 599, inDoubt: 1 } } });
    expect(card.querySelector('.task-card__doubt .note__body')?.textContent).toBe(
      '1 number may or may not be in the ledger. Nothing is counted again until you decide.',
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('dialog').textContent).toContain('1 number is not counted yet. It will not be counted.');
  });

  test('its details list: "#n" subjects, ledger lines, its item words and in-doubt panel', async () => {
    const { card, api } = await showTally();
    fireEvent.click(within(card).getByRole('button', { name: 'Numbers' }));
    await flush();
    expect(api.callsTo('tasks:items')[0]).toEqual({ businessId: 1, taskId: running.id, offset: 0, limit: 200 });
    expect(screen.getByRole('heading', { name: 'Numbers' })).toBeTruthy();
    expect(screen.getByText('4 numbers')).toBeTruthy();
    expect(screen.getByPlaceholderText('Search by number')).toBeTruthy();
    expect(screen.getByText('Search numbers')).toBeTruthy();
    expect([...document.querySelectorAll('.item-row--head > span')].map((s) => s.textContent)[1]).toBe('Number');
    expect(rowsShown()).toEqual([
      { seq: '1', subject: '#1', subjectDir: 'ltr', result: '¶ 1', state: 'Counted' },
      { seq: '2', subject: '#2', subjectDir: 'ltr', result: '¶ 3', state: 'Counted' },
      { seq: '3', subject: '#3', subjectDir: 'ltr', result: null, state: 'In doubt' },
      { seq: '4', subject: '#4', subjectDir: 'ltr', result: null, state: 'Waiting' },
    ]);
    // The state filter names "done" in its words too.
    expect(within(screen.getByLabelText('State')).getByRole('option', { name: 'Counted' })).toBeTruthy();
    const panel = document.querySelector<HTMLElement>('.doubt-panel')!;
    expect(panel.querySelector('.note__title')?.textContent).toBe('3 numbers in doubt');
    expect(panel.textContent).toContain('The app stopped while these were being written to the ledger.');
  });

  test('"Review" on its in-doubt notice lists only the numbers in doubt', async () => {
    const { card, api } = await showTally();
    fireEvent.click(within(card).getByRole('button', { name: 'Review' }));
    await flush();
    expect(api.callsTo('tasks:items')[0]).toEqual({ businessId: 1, taskId: running.id, offset: 0, limit: 200, state: 'in_doubt' });
    expect(rowsShown().map((r) => r.subject)).toEqual(['#3']);
    expect(screen.getByText('1 number')).toBeTruthy();
  });
});

describe('the tally in Hebrew', () => {
  test('right to left; its card in its Hebrew words, cancel included', async () => {
    const { card } = await showTally({ language: 'he' });
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('he');
    expect(card.querySelector('.kind-icon svg[data-icon="tally"]')).not.toBeNull();
    expect(card.querySelector('.task-card__kind')?.textContent).toBe('בדיקת ספירה');
    expect(card.querySelector('[data-counter="processed"]')?.textContent).toBe('200 מתוך 600 טופלו');
    expect(counter(card, 'succeeded')).toEqual({ label: 'נספרו', value: '197' });
    expect(within(card).getByTestId('pace').textContent).toMatch(/^40 מספרים לשנייה/);
    expect(card.querySelector('.task-card__doubt .note__body')?.textContent).toBe('3 מספרים אולי נרשמו ביומן ואולי לא. שום דבר לא ייספר שוב עד שתחליטו.');
    expect(buttonNames(card)).toEqual(['בדיקה', 'מספרים', 'השהיה', 'ביטול']);
    // None of its English words leaked into the Hebrew card.
    expect(card.textContent).not.toMatch(/Tally|Counted|numbers|ledger/);

    fireEvent.click(within(card).getByRole('button', { name: 'ביטול' }));
    const dialog = screen.getByRole('dialog', { name: /^להפסיק לספור את „.*Count to 600.*”\?$/ });
    expect(dialog.textContent).toContain('400 מספרים עוד לא נספרו. הם לא ייספרו.');
    expect(buttonNames(dialog)).toContain('הפסקת הספירה');
  });

  test('Hebrew counts two in its own form, and one in words', async () => {
    const two = await showTally({ language: 'he', task: { ...running, counters: { ...running.counters, processed: 598, inDoubt: 1 } } });
    expect(two.card.querySelector('.task-card__doubt .note__body')?.textContent).toBe('מספר אחד אולי נרשם ביומן ואולי לא. שום דבר לא ייספר שוב עד שתחליטו.');
    fireEvent.click(within(two.card).getByRole('button', { name: 'ביטול' }));
    expect(screen.getByRole('dialog').textContent).toContain('2 מספרים עוד לא נספרו. הם לא ייספרו.');
  });

  test('its details list in Hebrew: the subjects still read left to right', async () => {
    const { card } = await showTally({ language: 'he' });
    fireEvent.click(within(card).getByRole('button', { name: 'מספרים' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'מספרים' })).toBeTruthy();
    expect(screen.getByText('4 מספרים')).toBeTruthy();
    expect(screen.getByPlaceholderText('חיפוש לפי מספר')).toBeTruthy();
    expect([...document.querySelectorAll('.item-row--head > span')].map((s) => s.textContent)[1]).toBe('מספר');
    const rows = rowsShown();
    expect(rows.map((r) => [r.subject, r.subjectDir, r.result])).toEqual([
      ['#1', 'ltr', '¶ 1'],
      ['#2', 'ltr', '¶ 3'],
      ['#3', 'ltr', null],
      ['#4', 'ltr', null],
    ]);
    expect(rows[0]!.state).toBe('נספר');
    expect(document.querySelector('.doubt-panel .note__title')?.textContent).toBe('3 מספרים בספק');
  });
});

describe('the registry line is what makes it known', () => {
  test('without it, the same task row is an unknown kind and none of the tally’s words show', async () => {
    renderApp({ handlers: tallyHandlers() });
    await flush();
    const card = screen.getByRole('article', { name: TITLE });
    expect(within(card).getByTestId('unknown-kind').textContent).toContain('“test-tally”');
    expect(card.querySelector('svg[data-icon="tally"]')).toBeNull();
    expect(card.textContent).not.toMatch(/Tally test|Counted|numbers/);
    expect(buttonNames(card)).not.toContain('Numbers');
  });

  test('its words: a Hebrew sentence for every English one, with the dual and its in-doubt words', () => {
    function sentences(words: KindWords | Readonly<Record<string, unknown>>, prefix = ''): [string, string][] {
      return Object.entries(words).flatMap(([key, value]): [string, string][] =>
        typeof value === 'string' ? [[`${prefix}${key}`, value]] : sentences(value as Record<string, unknown>, `${prefix}${key}.`),
      );
    }
    const he = new Map(sentences(tallyView.words.he));
    for (const [key, text] of sentences(tallyView.words.en)) {
      if (text === '') continue;
      expect(he.get(key), key).toMatch(/[\u0590-\u05FF]/);
    }
    expect(tallyView.facts.sideEffect).toBe('leaves-machine');
    expect(tallyView.words.en.inDoubt).toBeDefined();
    expect(tallyView.words.he.inDoubt?.notice.two).toBeTruthy();
    expect(tallyView.words.he.cancelLeft.two).toBeTruthy();
    expect(tallyView.words.he.shown.two).toBeTruthy();
  });
});
