/**
 * Scenario d: switching to Hebrew turns the whole window right-to-left: <html dir="rtl"
 * lang="he">, the sidebar moves to the right, the words are Hebrew (composer included),
 * and the choice survives a restart (main's settings are the truth).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as db from './harness/db.ts';
import { openScenario, type Scenario } from './harness/scenario.ts';
import { Ui, WORDS } from './harness/ui.ts';
import { broadcastWords } from '../../renderer/src/tasks/broadcast/words.ts';

let scenario: Scenario;
beforeAll(async () => {
  scenario = await openScenario('hebrew');
  db.seedDatabase(scenario.dbPath, 'המאפייה של דנה', 5);
});
afterAll(async () => {
  await scenario?.close();
});

async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const r = document.querySelector(selector)?.getBoundingClientRect();
      return r ? { left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width) } : null;
    };
    return {
      dir: document.documentElement.dir,
      lang: document.documentElement.lang,
      viewport: window.innerWidth,
      sidebar: box('nav.sidebar'),
      content: box('main#main'),
    };
  });
}

describe('Hebrew', () => {
  it('mirrors the layout and speaks Hebrew, and keeps it after a restart', async () => {
    const app = await scenario.launch();
    const ui = new Ui(app.page);
    await ui.page.getByRole('heading', { name: WORDS.en.tasks.title, exact: true }).waitFor();

    const ltr = await layout(app.page);
    expect(ltr).toMatchObject({ dir: 'ltr', lang: 'en' });
    expect(ltr.sidebar!.left).toBe(0);
    expect(ltr.sidebar!.right).toBeLessThanOrEqual(ltr.content!.left);
    await scenario.shot(app.page, 'english');

    await ui.setLanguage('he');
    const rtl = await layout(app.page);
    expect(rtl).toMatchObject({ dir: 'rtl', lang: 'he' });
    // The sidebar is now on the right edge, the content to its left.
    expect(rtl.sidebar!.right).toBe(rtl.viewport);
    expect(rtl.sidebar!.left).toBeGreaterThanOrEqual(rtl.content!.right);
    expect(rtl.sidebar!.width).toBe(ltr.sidebar!.width);
    const he = WORDS.he;
    await app.page.getByRole('heading', { name: he.settings.title, exact: true }).waitFor();
    await app.page.getByRole('switch', { name: he.settings.testOffline }).waitFor();
    await app.page.getByRole('navigation', { name: he.sidebar.label }).getByRole('button', { name: he.nav.settings }).waitFor();
    await scenario.shot(app.page, 'settings-hebrew');

    // The composer and a task card, in Hebrew.
    await app.page.getByRole('button', { name: 'המאפייה של דנה', exact: true }).click();
    await ui.startBroadcast({ message: 'שלום {{name}}, לחם טרי היום!', title: 'לחם של שישי', rate: 50 });
    const card = ui.card('לחם של שישי');
    await card.waitForStatus(he.status.completed, 20_000);
    expect(await card.root.getByRole('button', { name: broadcastWords.he.detailsLink }).isVisible()).toBe(true);
    const cardBox = await card.root.boundingBox();
    const badgeBox = await card.badge().boundingBox();
    // The status badge sits at the card's left end in RTL (the start edge is on the right).
    expect(badgeBox!.x - cardBox!.x).toBeLessThan(cardBox!.width / 2);
    await app.page.waitForTimeout(200);
    await scenario.shot(app.page, 'tasks-hebrew');
    const task = db.taskByTitle(scenario.dbPath, 'לחם של שישי');
    expect(task).toMatchObject({ status: 'completed', succeeded: 5 });

    // Closed and started again: Hebrew from main's settings.
    expect(await app.closeWindow()).toBe(0);
    const again = await scenario.launch();
    await again.page.getByRole('heading', { name: he.tasks.title, exact: true }).waitFor();
    expect(await layout(again.page)).toMatchObject({ dir: 'rtl', lang: 'he' });
    await scenario.shot(again.page, 'relaunched-hebrew');
    expect(await again.quit()).toBe(0);
  });
});
