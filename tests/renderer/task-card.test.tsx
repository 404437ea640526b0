/** A card in each status shows the right badge, buttons and counters; actions reach main. */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { ACCOUNTS, FakeError, SETTINGS, snapshot, type SnapshotOverrides } from './fixtures/fake-api.ts';
import { flush, renderApp, type RenderOptions } from './fixtures/render.tsx';
import type { TaskSnapshot } from '../../common/model.ts';
import { formatMessage, verbatim } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';

async function showCard(task: TaskSnapshot, handlers: RenderOptions = {}) {
  const view = renderApp({ ...handlers, handlers: { 'tasks:list': () => [task], ...handlers.handlers } });
  await flush();
  // A card is named by its title, as the English window shows it.
  const card = await screen.findByRole('article', { name: formatMessage(task.title, 'en') });
  return { ...view, card };
}

const buttonNames = (card: HTMLElement) =>
  within(card)
    .queryAllByRole('button')
    .map((b) => b.textContent?.trim());

const counter = (card: HTMLElement, key: string) => card.querySelector(`[data-counter="${key}"] dd`)?.textContent ?? null;

describe('task card per status', () => {
  const cases: { name: string; task: SnapshotOverrides; badge: string; buttons: string[] }[] = [
    { name: 'queued', task: { status: 'queued', rate: null, startedAt: null }, badge: 'Queued', buttons: ['Recipients', 'Pause', 'Cancel'] },
    { name: 'running', task: { status: 'running' }, badge: 'Running', buttons: ['Recipients', 'Pause', 'Cancel'] },
    { name: 'paused', task: { status: 'paused', rate: null }, badge: 'Paused', buttons: ['Recipients', 'Resume', 'Cancel'] },
    {
      name: 'waiting offline',
      task: { status: 'waiting', waitReason: 'offline', rate: null },
      badge: 'Waiting: offline',
      buttons: ['Recipients', 'Pause', 'Cancel'],
    },
    {
      name: 'waiting rate limit',
      task: { status: 'waiting', waitReason: 'rate_limit', rate: null },
      badge: 'Waiting: rate limit',
      buttons: ['Recipients', 'Pause', 'Cancel'],
    },
    {
      name: 'waiting account',
      task: { status: 'waiting', waitReason: 'account', rate: null },
      badge: 'Waiting: account',
      // The shortcut to the account's token, then Resume to try again at once.
      buttons: ['Replace token', 'Recipients', 'Resume', 'Pause', 'Cancel'],
    },
    { name: 'interrupted', task: { status: 'interrupted', rate: null }, badge: 'Resuming', buttons: ['Recipients', 'Pause', 'Cancel'] },
    {
      name: 'completed with failures',
      task: { status: 'completed', rate: null, finishedAt: Date.UTC(2026, 10, 23, 11), counters: { processed: 1000, succeeded: 990, failed: 5, skipped: 5 } },
      badge: 'Completed',
      buttons: ['Recipients', 'Retry failed', 'Dismiss'],
    },
    {
      name: 'completed clean',
      task: { status: 'completed', rate: null, counters: { processed: 1000, succeeded: 1000, failed: 0, skipped: 0 } },
      badge: 'Completed',
      buttons: ['Recipients', 'Dismiss'],
    },
    {
      name: 'completed with items in doubt',
      task: { status: 'completed', rate: null, counters: { processed: 1000, succeeded: 992, failed: 0, skipped: 0, inDoubt: 8 } },
      badge: 'Done, needs a check',
      buttons: ['Review', 'Recipients', 'Dismiss'],
    },
    {
      name: 'failed after crashing 3 times',
      task: { status: 'failed', rate: null, crashCount: 3, counters: { processed: 10, succeeded: 10, failed: 0, skipped: 0 }, lastError: reason('crashedTooOften', { reason: reason('workerKilled', { signal: 'SIGKILL' }), count: 3 }) },
      badge: 'Failed',
      buttons: ['Recipients', 'Resume', 'Dismiss'],
    },
    {
      name: 'cancelled',
      task: { status: 'cancelled', rate: null, counters: { processed: 1000, succeeded: 240, failed: 0, skipped: 0, cancelled: 760 } },
      badge: 'Cancelled',
      buttons: ['Recipients', 'Dismiss'],
    },
    {
      name: 'failed',
      task: { status: 'failed', rate: null, lastError: reason('waAccountRemoved') },
      badge: 'Failed',
      buttons: ['Recipients', 'Retry failed', 'Dismiss'],
    },
    {
      name: 'cancel requested',
      task: { status: 'running', cancelRequested: true },
      badge: 'Cancelling…',
      buttons: ['Recipients'],
    },
    {
      name: 'pause requested',
      task: { status: 'running', pauseRequested: true },
      badge: 'Pausing…',
      buttons: ['Recipients', 'Cancel'],
    },
  ];

  test.each(cases)('$name', async ({ task, badge, buttons }) => {
    const { card } = await showCard(snapshot(task));
    expect(within(card).getByTestId('status-badge').textContent).toBe(badge);
    expect(buttonNames(card)).toEqual(buttons);
  });

  test('counters, percent, rate and ETA of a running broadcast', async () => {
    const { card } = await showCard(
      snapshot({ counters: { total: 1000, processed: 250, succeeded: 230, failed: 10, skipped: 6, cancelled: 0, inDoubt: 4 }, rate: 12.5 }),
    );
    expect(within(card).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(within(card).getByText('25%')).toBeTruthy();
    expect(card.querySelector('[data-counter="processed"]')?.textContent).toBe('250 of 1,000 processed');
    expect(counter(card, 'succeeded')).toBe('230');
    expect(counter(card, 'failed')).toBe('10');
    expect(counter(card, 'skipped')).toBe('6');
    expect(counter(card, 'cancelled')).toBe('0');
    expect(counter(card, 'inDoubt')).toBe('4');
    // 750 left at 12.5/s = 60 s.
    expect(within(card).getByTestId('pace').textContent).toBe('12.5 messages/s·about 1 min left');
    expect(within(card).getByText(/4 messages may or may not have been sent/)).toBeTruthy();
  });

  test('no pace line unless running; an import counts rows and has no in-doubt counter', async () => {
    const { card } = await showCard(
      snapshot({ kind: 'contacts-import', title: verbatim('list.csv'), status: 'completed', rate: null, finishedAt: Date.UTC(2026, 10, 23, 11) }),
    );
    expect(within(card).queryByTestId('pace')).toBeNull();
    expect(card.querySelector('[data-counter="inDoubt"]')).toBeNull();
    expect(within(card).getByText('Imported')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Row errors' })).toBeTruthy();
  });

  test('a waiting task explains itself in plain words; a failed one shows its last error', async () => {
    const { card } = await showCard(snapshot({ status: 'waiting', waitReason: 'offline', lastError: null, rate: null }));
    expect(within(card).getByTestId('wait-reason').textContent).toContain('No internet connection');
    const failed = await showCard(snapshot({ id: 2, title: verbatim('Other'), status: 'failed', lastError: reason('waAccountRemoved') }));
    expect(within(failed.card).getByTestId('last-error').textContent).toBe(
      'The WhatsApp account of this broadcast was removed, so it cannot go on. Cancel it, then start the broadcast again with another account.',
    );
  });
});

describe('waiting for the account or a rate limit', () => {
  /** What main says when a broadcast's token has expired (finish.ts): the reason, then what to do. */
  const words = reason('accountWait', { reason: reason('waTokenExpired'), action: reason('waTokenExpiredAction') });
  const wordsEn =
    'The WhatsApp access token has expired. Paste a new access token in the WhatsApp account settings; the task goes on by itself after that.';
  const waiting = snapshot({ status: 'waiting', waitReason: 'account', rate: null, lastError: words });
  const failing = ACCOUNTS.map((a) => (a.id === 3 ? { ...a, check: { ...a.check, error: words } } : a));

  test('shows main\'s reason and action, and "Replace token" opens that account\'s token field', async () => {
    const { card, api } = await showCard(waiting, { handlers: { 'accounts:list': () => failing } });
    const note = within(card).getByTestId('wait-reason');
    expect(within(note).getByTestId('last-error').textContent).toBe(wordsEn);
    expect(note.textContent).toContain('Resume tries again at once');

    fireEvent.click(within(note).getByRole('button', { name: 'Replace token' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'WhatsApp accounts', level: 2 })).toBeTruthy();
    expect(screen.getByTestId('replace-hint').textContent).toContain('A broadcast is waiting for its WhatsApp account.');
    const field = within(screen.getByRole('article', { name: 'Main shop' })).getByLabelText(/New access token for .*Main shop/);
    expect(document.activeElement).toBe(field);
    expect(api.callsTo('accounts:list').length).toBeGreaterThan(0);
  });

  test('with several accounts and none known to fail, the page says which token to replace', async () => {
    const { card } = await showCard(waiting);
    fireEvent.click(within(card).getByRole('button', { name: 'Replace token' }));
    await flush();
    expect(screen.getByTestId('replace-hint')).toBeTruthy();
    expect(screen.queryByLabelText(/New access token/)).toBeNull();
  });

  test('Resume tries again at once', async () => {
    const { card, api } = await showCard(waiting, { handlers: { 'tasks:resume': () => snapshot({ status: 'queued', version: 2, rate: null }) } });
    fireEvent.click(within(card).getByRole('button', { name: 'Resume' }));
    await flush();
    expect(api.callsTo('tasks:resume')).toEqual([{ businessId: 1, taskId: 1 }]);
    expect(within(card).getByTestId('status-badge').textContent).toBe('Queued');
  });

  test('a test-mode account problem points to the switch in Settings, not to a token', async () => {
    const simulated = snapshot({
      status: 'waiting',
      waitReason: 'account',
      rate: null,
      lastError: reason('accountWait', { reason: reason('testTokenExpired'), action: reason('testTurnOffAccountProblem') }),
    });
    const { card } = await showCard(simulated, {
      handlers: { 'accounts:list': () => [], 'settings:get': () => ({ ...SETTINGS, testModeAccountProblem: true }) },
    });
    await flush();
    expect(within(card).queryByRole('button', { name: 'Replace token' })).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: 'Open Settings' }));
    await flush();
    expect(screen.getByRole('heading', { name: 'Settings', level: 2 })).toBeTruthy();
  });

  test('a rate limit explains that it slows down by itself, with main\'s words after', async () => {
    const { card } = await showCard(
      snapshot({ status: 'waiting', waitReason: 'rate_limit', rate: null, lastError: reason('sendingSlowedDown', { reason: reason('errorWithRef', { reason: reason('waThroughput'), ref: reason('waErrorCode', { code: '130429' }) }) }) }),
    );
    const note = within(card).getByTestId('wait-reason');
    expect(note.textContent).toContain('Sending slows down by itself and speeds up again; nothing to do.');
    expect(within(note).getByTestId('last-error').textContent).toBe('WhatsApp asked us to slow down. (WhatsApp error 130429). Sending slowed down; it goes on by itself.');
    expect(within(note).queryByRole('button')).toBeNull();
    expect(buttonNames(card)).toEqual(['Recipients', 'Pause', 'Cancel']);
  });
});

describe('progress bar', () => {
  test('moves by transform (scaleX), not by resizing; preparing has no value', async () => {
    const { card } = await showCard(snapshot({ counters: { total: 1000, processed: 250 } }));
    const fill = card.querySelector<HTMLElement>('.progress__fill')!;
    expect(fill.style.transform).toBe('scaleX(0.25)');
    expect(fill.style.inlineSize).toBe('');
    const preparing = await showCard(snapshot({ id: 2, title: verbatim('Queued one'), status: 'queued', counters: { total: 0, processed: 0 } }));
    const bar = within(preparing.card).getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
    expect(bar.classList.contains('progress__track--indeterminate')).toBe(true);
    expect(bar.querySelector<HTMLElement>('.progress__fill')!.style.transform).toBe('');
  });
});

describe('task actions', () => {
  test('cancel asks first, saying how many are left, then sends tasks:cancel', async () => {
    const task = snapshot({ counters: { total: 1000, processed: 250 } });
    const { card, api } = await showCard(task, {
      handlers: { 'tasks:cancel': () => snapshot({ status: 'cancelled', version: 2, rate: null, counters: { processed: 1000, cancelled: 750 } }) },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    const dialog = screen.getByRole('dialog', { name: /Cancel .*Spring sale/ });
    expect(dialog.textContent).toContain('750 messages have not been sent yet');
    expect(api.callsTo('tasks:cancel')).toEqual([]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel broadcast' }));
    await flush();
    expect(api.callsTo('tasks:cancel')).toEqual([{ businessId: 1, taskId: 1 }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    // A finished task moves to History.
    const moved = screen.getByRole('article', { name: 'Spring sale' });
    expect(moved.closest('section')?.getAttribute('aria-labelledby')).toBe('tasks-history');
    expect(within(moved).getByTestId('status-badge').textContent).toBe('Cancelled');
  });

  test('"keep going" closes the dialog without cancelling', async () => {
    const { card, api } = await showCard(snapshot());
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep going' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('tasks:cancel')).toEqual([]);
  });

  test('pause, resume, retry failed send the task reference and apply the answer', async () => {
    const { card, api } = await showCard(snapshot(), {
      handlers: {
        'tasks:pause': () => snapshot({ status: 'paused', version: 2, rate: null }),
        'tasks:resume': () => snapshot({ status: 'running', version: 3 }),
      },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Pause' }));
    await flush();
    expect(api.callsTo('tasks:pause')).toEqual([{ businessId: 1, taskId: 1 }]);
    expect(within(card).getByTestId('status-badge').textContent).toBe('Paused');
    fireEvent.click(within(card).getByRole('button', { name: 'Resume' }));
    await flush();
    expect(api.callsTo('tasks:resume')).toEqual([{ businessId: 1, taskId: 1 }]);
    expect(within(card).getByTestId('status-badge').textContent).toBe('Running');
  });

  test.each([
    { language: 'en' as const, said: '2 were not retried: those customers stopped marketing messages.' },
    { language: 'he' as const, said: '2 לא נשלחות שוב: הלקוחות האלה ביקשו לא לקבל הודעות שיווקיות.' },
  ])('retry failed says how many it left alone because those customers opted out ($language)', async ({ language, said }) => {
    const failedOnes = snapshot({ status: 'completed', rate: null, counters: { processed: 100, succeeded: 90, failed: 10, skipped: 0 } });
    const { card, api } = await showCard(failedOnes, {
      language,
      handlers: {
        'settings:get': () => ({ ...SETTINGS, language }),
        'tasks:retryFailed': () => ({
          task: snapshot({ status: 'queued', version: 2, rate: null, counters: { processed: 92, succeeded: 90, failed: 2, skipped: 0 } }),
          retried: 8,
          leftAlone: 2,
        }),
      },
    });
    fireEvent.click(within(card).getByRole('button', { name: language === 'en' ? 'Retry failed' : 'ניסיון חוזר לכושלות' }));
    await flush();
    expect(api.callsTo('tasks:retryFailed')).toEqual([{ businessId: 1, taskId: 1 }]);
    // The card moved to the active list: look it up again.
    const moved = screen.getByRole('article', { name: formatMessage(failedOnes.title, 'en') });
    expect(within(moved).getByTestId('retry-left-alone').textContent).toBe(said);
    expect(within(moved).getByTestId('status-badge').textContent).toBe(language === 'en' ? 'Queued' : 'בתור');
  });

  test('dismiss removes a finished card', async () => {
    const task = snapshot({ status: 'completed', rate: null, counters: { failed: 0 } });
    const { api } = await showCard(task, { handlers: { 'tasks:dismiss': () => ({ ...task, version: 2 }) } });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await flush();
    expect(api.callsTo('tasks:dismiss')).toEqual([{ businessId: 1, taskId: 1 }]);
    expect(screen.queryByRole('article', { name: 'Spring sale' })).toBeNull();
  });

  test('an error from main is shown inline in plain words, not swallowed', async () => {
    const { card } = await showCard(snapshot(), {
      handlers: {
        'tasks:pause': () => {
          throw new FakeError('conflict', 'Task 1 is already finished');
        },
      },
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Pause' }));
    await flush();
    const alert = within(card).getByRole('alert');
    expect(alert.textContent).toContain('That cannot be done right now.');
    expect(alert.textContent).toContain('Task 1 is already finished');
    expect(within(card).getByTestId('status-badge').textContent).toBe('Running');
  });
});

describe('task list', () => {
  test('active work first, then history; filters by kind and status', async () => {
    renderApp({
      handlers: {
        'tasks:list': () => [
          snapshot({ id: 5, title: verbatim('Old done'), status: 'completed', rate: null }),
          snapshot({ id: 3, title: verbatim('Waiting one'), status: 'waiting', waitReason: 'offline', rate: null }),
          snapshot({ id: 4, title: verbatim('Import'), kind: 'contacts-import', status: 'running' }),
          snapshot({ id: 2, title: verbatim('Older failed'), status: 'failed', rate: null }),
        ],
      },
    });
    await flush();
    const titles = () => screen.queryAllByRole('article').map((a) => a.getAttribute('aria-labelledby') && a.querySelector('h3')?.textContent);
    expect(titles()).toEqual(['Import', 'Waiting one', 'Old done', 'Older failed']);
    expect(screen.getByRole('heading', { name: 'In progress' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'History' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'broadcast' } });
    expect(titles()).toEqual(['Waiting one', 'Old done', 'Older failed']);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    expect(titles()).toEqual(['Older failed']);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'running' } });
    expect(screen.getByText('No task matches these filters.')).toBeTruthy();
  });

  test('the header counts running tasks of the selected business', async () => {
    const { api } = renderApp({
      handlers: {
        'tasks:list': () => [snapshot({ id: 1 }), snapshot({ id: 2, status: 'paused' })],
      },
    });
    await flush();
    expect(screen.getByTestId('running-count').textContent).toBe('1 task running');
    api.push(snapshot({ id: 2, status: 'running', version: 2 }));
    await flush();
    expect(screen.getByTestId('running-count').textContent).toBe('2 tasks running');
  });
});
