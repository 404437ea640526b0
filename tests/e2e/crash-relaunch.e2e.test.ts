/**
 * Scenario b: the app's main process is killed (SIGKILL) in the middle of a broadcast,
 * its utility processes die with it, and the app is started again on the same folder.
 * The card picks up where it was, the broadcast finishes, anything that was mid-send
 * shows as in doubt until the owner asks the provider, and no message goes out twice.
 * And the orderly counterpart: quitting mid-broadcast lets the worker checkpoint, so
 * the relaunch resumes with nothing in doubt.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as db from './harness/db.ts';
import { openScenario, type Scenario } from './harness/scenario.ts';
import { Ui } from './harness/ui.ts';

const TITLE = 'Spring sale';
const RECIPIENTS = 50;

let scenario: Scenario;
beforeAll(async () => {
  scenario = await openScenario('crash-relaunch');
  db.seedDatabase(scenario.dbPath, 'Corner Shop', RECIPIENTS);
});
afterEach(async () => {
  await scenario?.stopApps();
});
afterAll(async () => {
  await scenario?.close();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('killing the app mid-broadcast, then starting it again', () => {
  it('resumes from where it was and never sends twice', async () => {
    const first = await scenario.launch();
    const ui = new Ui(first.page);
    await ui.page.getByRole('heading', { name: ui.words.tasks.title, exact: true }).waitFor();
    await ui.startBroadcast({ message: 'Spring sale: 20% off, {{name}}!', title: TITLE, rate: 10, latencyMs: 100, expectRecipients: RECIPIENTS });
    const card = ui.card(TITLE);
    const beforeKill = await card.waitForNumbers((n) => n.processed >= 12, 20_000, '12 processed before the kill');
    await scenario.shot(first.page, 'before-kill');
    const workers = first.records.filter((r) => r.kind === 'utility-process' && r.event === 'spawn').map((r) => r.pid as number);
    expect(workers.length).toBeGreaterThan(0);

    // The whole main process goes, without a chance to checkpoint; its window closes with it.
    await first.kill();
    expect(first.page.isClosed()).toBe(true);
    // Its utility processes die with it, as Electron's do.
    const deadline = Date.now() + 5000;
    while (workers.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers.filter(isAlive)).toEqual([]);
    const task = db.taskByTitle(scenario.dbPath, TITLE);
    expect(task.status).toBe('running');
    expect(task.processed).toBeGreaterThanOrEqual(beforeKill.processed);
    expect(task.processed).toBeLessThan(RECIPIENTS);
    const sentBeforeRelaunch = db.outbox(scenario.dbPath, task.id);
    expect(sentBeforeRelaunch.duplicates).toEqual([]);

    // Start again on the same user-data folder.
    const second = await scenario.launch();
    const ui2 = new Ui(second.page);
    const card2 = ui2.card(TITLE);
    const firstSeen = await card2.waitForNumbers((n) => n.total === RECIPIENTS, 15_000, 'the card after relaunch');
    await scenario.shot(second.page, 'after-relaunch');
    // It continues: nothing already processed is counted again or lost.
    expect(firstSeen.processed).toBeGreaterThanOrEqual(task.processed);
    // The window is told it runs again; the worker that died mid-send left its claims in doubt.
    await second.waitForRecord((r) => r.kind === 'send' && (r.payload as { id?: number; status?: string })?.id === task.id && (r.payload as { status?: string }).status === 'running', 15_000, 'a "running" snapshot after relaunch');

    // Finished; with items in doubt the badge asks for a check instead of saying "Completed".
    await card2.badge().filter({ hasText: new RegExp(`^\\s*(${ui2.words.status.completed}|${ui2.words.status.completedNeedsCheck})\\s*$`) }).waitFor({ timeout: 30_000 });
    await second.page.waitForTimeout(200);
    const finished = await card2.numbers();
    const afterResume = db.task(scenario.dbPath, task.id);
    expect(finished).toMatchObject({ processed: RECIPIENTS, total: RECIPIENTS, succeeded: afterResume.succeeded, inDoubt: afterResume.in_doubt, failed: 0 });
    expect(afterResume.succeeded + afterResume.in_doubt).toBe(RECIPIENTS);
    await scenario.shot(second.page, 'completed-after-relaunch');

    if (afterResume.in_doubt > 0) {
      // Nothing in doubt was sent again on its own: each is in the outbox at most once.
      expect(db.outbox(scenario.dbPath, task.id).duplicates).toEqual([]);
      // The owner reviews them and asks the provider: sent ones become sent, the others go out now.
      await card2.root.getByRole('button', { name: ui2.words.task.reviewInDoubt }).click();
      await scenario.shot(second.page, 'in-doubt-review');
      await second.page.getByRole('button', { name: ui2.words.settle['ask-provider'] }).first().click();
      await card2.waitForNumbers((n) => n.inDoubt === 0 && n.status === ui2.words.status.completed, 20_000, 'in-doubt settled and completed');
      await scenario.shot(second.page, 'in-doubt-settled');
    }

    // Never twice, never lost: every recipient in the outbox exactly once, and the card says so.
    const final = db.task(scenario.dbPath, task.id);
    const sent = db.outbox(scenario.dbPath, task.id);
    expect(final).toMatchObject({ status: 'completed', succeeded: RECIPIENTS, in_doubt: 0, failed: 0, processed: RECIPIENTS });
    expect(sent).toEqual({ rows: RECIPIENTS, distinctItems: RECIPIENTS, duplicates: [] });
    expect(db.outboxMismatches(scenario.dbPath, task.id)).toEqual({ doneNotSent: 0, sentNotDone: 0 });
    expect(db.itemStates(scenario.dbPath, task.id)).toEqual({ done: RECIPIENTS });
    await ui2.tab('tasks');
    expect(await ui2.card(TITLE).numbers()).toMatchObject({ succeeded: RECIPIENTS, inDoubt: 0, processed: RECIPIENTS });

    // A second launch hands over to the running app (which shows its window) and quits.
    expect(await scenario.launchSecond()).toBe(0);
    await second.waitForRecord((r) => r.kind === 'app' && r.event === 'second-instance', 5000, 'the second-instance event');
    expect(second.page.isClosed()).toBe(false);

    expect(await second.quit()).toBe(0);
  });

  it('quitting mid-broadcast checkpoints, and the relaunch resumes with nothing in doubt', async () => {
    const title = 'Quiet quit';
    const app = await scenario.launch();
    const ui = new Ui(app.page);
    await ui.page.getByRole('heading', { name: ui.words.tasks.title, exact: true }).waitFor();
    await ui.startBroadcast({ message: 'Hi {{name}}', title, rate: 10, latencyMs: 100 });
    await ui.card(title).waitForNumbers((n) => n.processed >= 8, 20_000, 'progress before quitting');

    // Quit as from the tray menu: before-quit → workers stop at a checkpoint → exit 0.
    await app.trayMenu('Quit Taskdeck');
    expect((await app.exited).code).toBe(0);
    const task = db.taskByTitle(scenario.dbPath, title);
    expect(task).toMatchObject({ status: 'interrupted', in_doubt: 0, lease_owner: null });
    expect(db.itemStates(scenario.dbPath, task.id)).not.toHaveProperty('claimed');
    expect(db.outbox(scenario.dbPath, task.id).rows).toBe(task.succeeded);

    const again = await scenario.launch();
    const ui2 = new Ui(again.page);
    await ui2.card(title).waitForStatus(ui2.words.status.completed, 30_000);
    expect(db.task(scenario.dbPath, task.id)).toMatchObject({ status: 'completed', succeeded: RECIPIENTS, in_doubt: 0 });
    expect(db.outbox(scenario.dbPath, task.id)).toEqual({ rows: RECIPIENTS, distinctItems: RECIPIENTS, duplicates: [] });
    await scenario.shot(again.page, 'resumed-after-quit');
    expect(await again.quit()).toBe(0);
  });
});
