/**
 * Scenario c: a broadcast started while offline (test mode's "simulate offline"
 * setting) waits, says why on its card, sends nothing, and finishes by itself once
 * the network is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as db from './harness/db.ts';
import { openScenario, type Scenario } from './harness/scenario.ts';
import { Ui } from './harness/ui.ts';

const TITLE = 'Rainy day offer';
const RECIPIENTS = 20;

let scenario: Scenario;
beforeAll(async () => {
  scenario = await openScenario('offline');
  db.seedDatabase(scenario.dbPath, 'Corner Shop', RECIPIENTS);
});
afterAll(async () => {
  await scenario?.close();
});

describe('a broadcast started offline', () => {
  it('waits (offline) with nothing sent, then completes when the network is back', async () => {
    const app = await scenario.launch();
    const ui = new Ui(app.page);
    await ui.page.getByRole('heading', { name: ui.words.tasks.title, exact: true }).waitFor();

    await ui.setOffline(true);
    await scenario.shot(app.page, 'settings-offline');
    await ui.startBroadcast({ message: 'Umbrellas 2 for 1, {{name}}', title: TITLE, rate: 20, expectRecipients: RECIPIENTS });

    const card = ui.card(TITLE);
    await card.waitForStatus(ui.words.waiting.offline, 20_000);
    await card.root.getByTestId('wait-reason').filter({ hasText: 'No internet connection (test mode)' }).waitFor();
    const waiting = await card.numbers();
    expect(waiting).toMatchObject({ succeeded: 0, failed: 0, inDoubt: 0, processed: 0 });
    await scenario.shot(app.page, 'waiting-offline');

    const task = db.taskByTitle(scenario.dbPath, TITLE);
    expect(task).toMatchObject({ status: 'waiting', wait_reason: 'offline', failed: 0 });
    expect(db.outbox(scenario.dbPath, task.id).rows).toBe(0);
    // Waiting counts as busy: the tray says so, and the computer is kept awake.
    await app.waitForRecord((r) => r.kind === 'tray' && r.event === 'tooltip' && String(r.tooltip).includes('1 waiting'), 5000, 'the tray tooltip');
    await app.waitForRecord((r) => r.kind === 'power-save-blocker' && r.action === 'start', 5000, 'a power-save blocker');

    // The network comes back: the task goes on by itself.
    await ui.setOffline(false);
    await ui.tab('tasks');
    await card.waitForStatus(ui.words.status.completed, 20_000);
    await app.page.waitForTimeout(200);
    await scenario.shot(app.page, 'completed');

    const finished = await card.numbers();
    const row = db.task(scenario.dbPath, task.id);
    expect(row).toMatchObject({ status: 'completed', succeeded: RECIPIENTS, failed: 0, in_doubt: 0, processed: RECIPIENTS });
    expect(finished).toMatchObject({ succeeded: RECIPIENTS, failed: 0, inDoubt: 0, processed: RECIPIENTS, total: RECIPIENTS });
    expect(db.outbox(scenario.dbPath, task.id)).toEqual({ rows: RECIPIENTS, distinctItems: RECIPIENTS, duplicates: [] });
    // A desktop notification says it finished.
    const note = await app.waitForRecord((r) => r.kind === 'notification', 5000, 'a notification');
    expect(note).toMatchObject({ title: 'Broadcast finished' });
    expect(String(note.body)).toContain(`${RECIPIENTS} sent`);
    await app.waitForRecord((r) => r.kind === 'power-save-blocker' && r.action === 'stop', 5000, 'the power-save blocker released');

    expect(await app.quit()).toBe(0);
  });
});
