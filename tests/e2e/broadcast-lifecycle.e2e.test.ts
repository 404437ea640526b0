/**
 * Scenario a: the whole life of a broadcast through the window. Add a business, import
 * a CSV, start a test-mode broadcast slow enough to act on, watch it move, pause
 * (nothing is sent while paused), resume, cancel; then the card's numbers must equal
 * the database's: counters, item states, and the outbox (one row per sent item).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as db from './harness/db.ts';
import { writeContactsCsv } from './harness/fixtures.ts';
import { openScenario, type Scenario } from './harness/scenario.ts';
import { Ui } from './harness/ui.ts';

const BUSINESS = 'Dana’s Bakery';
const TITLE = 'Friday bread';
const CONTACTS = 60;

let scenario: Scenario;
beforeAll(async () => {
  scenario = await openScenario('broadcast-lifecycle');
});
afterAll(async () => {
  await scenario?.close();
});

describe('a broadcast from a CSV import, paused, resumed and cancelled', () => {
  it('shows every step on its card, and the card agrees with the database', async () => {
    const csv = writeContactsCsv(join(scenario.temp, 'customers.csv'), { valid: CONTACTS, invalid: 2, repeated: 3 });
    const app = await scenario.launch();
    const { page } = app;
    const ui = new Ui(page);

    // The window main asked for is locked down, and its session hardened.
    const created = app.records.find((r) => r.kind === 'window' && r.event === 'created');
    expect(created?.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(app.records.filter((r) => r.kind === 'session').map((r) => r.call)).toEqual(
      expect.arrayContaining(['webRequest.onHeadersReceived', 'setPermissionRequestHandler', 'setPermissionCheckHandler']),
    );
    // The page sees only the frozen window.taskdeck, no ipcRenderer, no require, no binding.
    expect(
      await page.evaluate(() => ({
        api: Object.keys((window as unknown as { taskdeck: object }).taskdeck).sort(),
        frozen: Object.isFrozen((window as unknown as { taskdeck: object }).taskdeck),
        leaks: ['require', 'ipcRenderer', 'process', '__taskdeckStandInInvoke'].filter((k) => k in window),
      })),
    ).toEqual({ api: ['invoke', 'on'], frozen: true, leaks: [] });
    await scenario.shot(page, 'welcome');

    await ui.createFirstBusiness(BUSINESS);
    await page.getByRole('navigation', { name: ui.words.sidebar.label }).getByRole('button', { name: BUSINESS, exact: true }).waitFor();
    await scenario.shot(page, 'business-added');

    // Import: a background task with its own card; 60 new, 3 repeats merged, 2 bad rows.
    await ui.importContacts(csv);
    const importTask = db.latestTask(scenario.dbPath, 'contacts-import');
    const importCard = ui.card(importTask.title);
    await importCard.waitForStatus(ui.words.status.completed);
    const imported = await importCard.numbers();
    expect(imported).toMatchObject({ succeeded: CONTACTS, skipped: 3, failed: 2, processed: CONTACTS + 5, total: CONTACTS + 5 });
    expect(db.contactCount(scenario.dbPath, importTask.business_id)).toBe(CONTACTS);
    expect(db.importErrorCount(scenario.dbPath, importTask.id)).toBe(2);
    await scenario.shot(page, 'contacts-imported');

    // Start: 60 recipients at 8 a second, 50 ms per send.
    await ui.startBroadcast({ message: 'Hi {{name}}, fresh bread today!', title: TITLE, rate: 8, latencyMs: 50, expectRecipients: CONTACTS });
    const card = ui.card(TITLE);
    await card.waitForStatus(ui.words.status.running);
    const early = await card.waitForNumbers((n) => n.processed >= 4, 20_000, 'some progress');
    expect(early.total).toBe(CONTACTS);
    await page.getByTestId('pace').waitFor();
    const progressEarly = await card.progress();
    await scenario.shot(page, 'running');
    await card.waitForNumbers((n) => n.processed >= early.processed + 3, 20_000, 'more progress');
    expect(await card.progress()).toBeGreaterThan(progressEarly ?? 0);
    // main keeps the computer awake while a task runs.
    await app.waitForRecord((r) => r.kind === 'power-save-blocker' && r.action === 'start', 5000, 'a power-save blocker');

    // Pause: the card says so, and nothing more is sent while paused.
    await ui.control(TITLE, 'pause');
    await card.waitForStatus(ui.words.status.paused, 10_000);
    const paused = await card.numbers();
    const task = db.taskByTitle(scenario.dbPath, TITLE);
    const sentAtPause = db.outbox(scenario.dbPath, task.id).rows;
    expect(paused.succeeded).toBe(sentAtPause);
    await scenario.shot(page, 'paused');
    await page.waitForTimeout(1000);
    expect(db.outbox(scenario.dbPath, task.id).rows).toBe(sentAtPause);
    expect((await card.numbers()).processed).toBe(paused.processed);
    await app.waitForRecord((r) => r.kind === 'power-save-blocker' && r.action === 'stop', 5000, 'the power-save blocker released');

    // Resume: it goes on from where it was.
    await ui.control(TITLE, 'resume');
    await card.waitForStatus(ui.words.status.running, 10_000);
    const resumed = await card.waitForNumbers((n) => n.processed >= paused.processed + 3, 20_000, 'progress after resume');
    expect(resumed.processed).toBeLessThan(CONTACTS);
    await scenario.shot(page, 'resumed');

    // Cancel (with its confirmation): what is left becomes cancelled, what was sent stays.
    await ui.control(TITLE, 'cancel');
    await card.waitForStatus(ui.words.status.cancelled, 10_000);
    await page.waitForTimeout(300);
    await scenario.shot(page, 'cancelled');

    const shown = await card.numbers();
    const row = db.task(scenario.dbPath, task.id);
    const states = db.itemStates(scenario.dbPath, task.id);
    const sent = db.outbox(scenario.dbPath, task.id);
    expect(row.status).toBe('cancelled');
    // The card shows the task row…
    expect(shown).toEqual({
      status: ui.words.status.cancelled,
      processed: row.processed,
      total: row.total,
      succeeded: row.succeeded,
      failed: row.failed,
      skipped: row.skipped,
      cancelled: row.cancelled,
      inDoubt: row.in_doubt,
    });
    // …the row's counters are the item states…
    expect(states).toEqual(
      Object.fromEntries(
        Object.entries({ done: row.succeeded, failed: row.failed, skipped: row.skipped, cancelled: row.cancelled, in_doubt: row.in_doubt }).filter(([, n]) => n > 0),
      ),
    );
    // …and "sent" is the outbox: once per item, every done item in it, nothing else.
    expect(sent).toEqual({ rows: row.succeeded, distinctItems: row.succeeded, duplicates: [] });
    expect(db.outboxMismatches(scenario.dbPath, task.id)).toEqual({ doneNotSent: 0, sentNotDone: 0 });
    expect(row.succeeded).toBeGreaterThanOrEqual(resumed.succeeded);
    expect(row.cancelled).toBeGreaterThan(0);
    expect(row.succeeded + row.cancelled).toBe(CONTACTS);

    // Nothing is sent after the cancel.
    await page.waitForTimeout(500);
    expect(db.outbox(scenario.dbPath, task.id).rows).toBe(sent.rows);

    // The user closes the window: main stops cleanly and exits 0.
    expect(await app.closeWindow()).toBe(0);
    expect(app.records.some((r) => r.kind === 'ipc-invoke' && r.outcome === 'no-handler')).toBe(false);
    expect(app.records.filter((r) => r.kind === 'console' && r.type === 'pageerror')).toEqual([]);
  });
});
