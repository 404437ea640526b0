/**
 * `npm run screenshots`: pictures of every screen, in English and in Hebrew, for the
 * docs (docs/screenshots/<lang>-<screen>.png, 1280×800). Each language gets its own
 * world, made the way a user would make it: the CLI seeds history (imports, finished,
 * cancelled and paused broadcasts), then the app (the e2e harness: built main under
 * Node with the Electron stand-in, Debian's Chromium) runs one broadcast live with
 * another queued behind it. The bakery's Gmail is connected to the local fake Gmail API
 * (tests/fakes/gmail-api-server.ts, holding a few months of receipt mail) and its receipts
 * were synced from the Receipts page in an earlier session of the app.
 *
 *   node tests/e2e/screenshots.ts [--out docs/screenshots] [--lang en|he]
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { FakeGmailApi } from '../fakes/gmail-api-server.ts';
import { buildApp } from './harness/build.ts';
import { reasonsHe } from '../../common/reasons-he.ts';
import * as db from './harness/db.ts';
import { writeContactsCsv } from './harness/fixtures.ts';
import { connectGmail, realisticReceipts, receiptMessage } from './harness/gmail.ts';
import { CLI, REPO } from './harness/paths.ts';
import { openScenario, type Scenario } from './harness/scenario.ts';
import { fill, Ui } from './harness/ui.ts';

type Language = 'en' | 'he';
const SIZE = { width: 1280, height: 800 };
const SYNC_TITLE = 'Receipts from Gmail';

const WORLDS = {
  en: {
    businesses: ['Dana’s Bakery', 'Noa Flowers'],
    first: ['Maya', 'Daniel', 'Noa', 'Yossi', 'Sarah', 'David', 'Tamar', 'Avi', 'Rachel', 'Omer', 'Lior', 'Michal', 'Eitan', 'Shira', 'Ben'],
    last: ['Cohen', 'Levi', 'Mizrahi', 'Peretz', 'Biton', 'Friedman', 'Katz', 'Azoulay', 'Shapiro', 'Goldberg', 'Ohana', 'Rosen', 'Dahan', 'Segal', 'Amar', 'Klein'],
    tasks: {
      done: ['Weekend challah', 'Shabbat shalom {{name}}! Fresh challah is waiting for you until 2 pm.'],
      failures: ['Price update', 'Hi {{name}}, from Sunday a loaf of sourdough is ₪24. See you soon!'],
      cancelled: ['Holiday hours', 'Hi {{name}}, we close early on Friday.'],
      paused: ['Passover menu', 'Hi {{name}}, our Passover menu is out: order by Thursday.'],
      running: ['New sourdough', 'Hi {{name}}, our new rye sourdough is out of the oven!'],
      queued: ['Loyalty card', 'Hi {{name}}, your 10th coffee is on us.'],
    },
    draft: { title: 'Birthday cakes', message: 'Hi {{name}}! Birthday in {{city}}? Order a cake two days ahead and we deliver.' },
    gmail: 'dana.bakery@example.com',
  },
  he: {
    businesses: ['המאפייה של דנה', 'הפרחים של נועה'],
    first: ['מאיה', 'דניאל', 'נועה', 'יוסי', 'שרה', 'דוד', 'תמר', 'אבי', 'רחל', 'עומר', 'ליאור', 'מיכל', 'איתן', 'שירה', 'בן'],
    last: ['כהן', 'לוי', 'מזרחי', 'פרץ', 'ביטון', 'פרידמן', 'כץ', 'אזולאי', 'שפירא', 'גולדברג', 'אוחנה', 'רוזן', 'דהן', 'סגל', 'עמר', 'קליין'],
    tasks: {
      done: ['חלות לשבת', 'שבת שלום {{name}}! חלות טריות מחכות לך עד 14:00.'],
      failures: ['עדכון מחירים', 'היי {{name}}, מיום ראשון כיכר מחמצת ב־24 ₪. נתראה!'],
      cancelled: ['שעות פתיחה בחג', 'היי {{name}}, ביום שישי נסגור מוקדם.'],
      paused: ['תפריט פסח', 'היי {{name}}, תפריט הפסח שלנו כאן: הזמנות עד יום חמישי.'],
      running: ['מחמצת חדשה', 'היי {{name}}, מחמצת השיפון החדשה יצאה מהתנור!'],
      queued: ['כרטיס מועדון', 'היי {{name}}, הקפה העשירי עלינו.'],
    },
    draft: { title: 'עוגות יום הולדת', message: 'היי {{name}}! יום הולדת ב{{city}}? הזמינו עוגה יומיים מראש ונביא עד הבית.' },
    gmail: 'dana.bakery@example.com',
  },
} as const;

const CITIES = { en: ['Haifa', 'Tel Aviv', 'Jerusalem', 'Beersheba'], he: ['חיפה', 'תל אביב', 'ירושלים', 'באר שבע'] };

interface CliResult {
  code: number | null;
  lines: string[];
}

function cli(dbPath: string, args: string[]): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', dbPath, '--json', ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0 && code !== 1) fail(new Error(`taskdeck ${args.join(' ')} exited ${code}: ${err}`));
      else done({ code, lines: out.split('\n').filter(Boolean) });
    });
  });
}

function idOf(result: CliResult): number {
  const first = result.lines[0];
  if (!first) throw new Error('The CLI printed nothing');
  return (JSON.parse(first) as { id: number }).id;
}

async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** History made with the CLI, as a script or an earlier session would have left it; the bakery's Gmail connected. */
async function seed(scenario: Scenario, language: Language, gmail: FakeGmailApi): Promise<void> {
  const world = WORLDS[language];
  const { dbPath } = scenario;
  const names = (i: number) => `${world.first[i % world.first.length]} ${world.last[Math.floor(i / world.first.length) % world.last.length]}`;
  const bakery = idOf(await cli(dbPath, ['business', 'add', world.businesses[0], '--country', 'IL']));
  const florist = idOf(await cli(dbPath, ['business', 'add', world.businesses[1], '--country', 'IL']));

  const csv = join(scenario.temp, language === 'he' ? 'לקוחות.csv' : 'customers.csv');
  writeContactsCsv(csv, { valid: 240, invalid: 3, repeated: 4, names, cities: CITIES[language] });
  await cli(dbPath, ['contacts', 'import', csv, '-b', String(bakery), '--wait']);
  const flowers = join(scenario.temp, 'flowers.csv');
  writeContactsCsv(flowers, { valid: 30, offset: 5000, names, cities: CITIES[language] });
  await cli(dbPath, ['contacts', 'import', flowers, '-b', String(florist), '--wait']);

  const broadcast = (kind: keyof typeof world.tasks, extra: string[]) =>
    cli(dbPath, ['broadcast', 'start', '-b', String(bakery), '--title', world.tasks[kind][0], '--template', world.tasks[kind][1], ...extra]);
  await broadcast('done', ['--rate', '1000', '--wait']);
  await broadcast('failures', ['--rate', '1000', '--reject-rate', '0.07', '--seed', '7', '--wait']);

  // Stopped part-way by a second command, as the owner would from another terminal.
  for (const [kind, verb] of [
    ['cancelled', 'cancel'],
    ['paused', 'pause'],
  ] as const) {
    const running = broadcast(kind, ['--rate', '60', '--wait']);
    const title = world.tasks[kind][0];
    await until(() => {
      try {
        return db.taskByTitle(dbPath, title).processed >= 70;
      } catch {
        return false;
      }
    }, 20_000, `${title} to get going`);
    await cli(dbPath, ['tasks', verb, String(db.taskByTitle(dbPath, title).id), '-b', String(bakery)]);
    await running;
  }

  if (language === 'he') await cli(dbPath, ['settings', 'set', 'language=he']);

  // The bakery's Gmail, with a few months of receipts and invoices in it, synced in an earlier session.
  for (const mail of realisticReceipts(language)) gmail.addMessage(receiptMessage(mail));
  await connectGmail(dbPath, bakery, gmail);
  await syncReceipts(scenario, language);

  // Left for the app: one to run live (slowly), one queued behind it.
  await broadcast('running', ['--rate', '4', '--latency-ms', '120']);
  await broadcast('queued', ['--rate', '10']);
}

/**
 * An earlier session of the app: Receipts → Sync now → the card completes → dismissed.
 * Done before the live broadcast exists, so that nothing else writes while the sync does
 * (a sync beside a running broadcast can leave receipts in doubt: its read-then-write
 * transactions fail with SQLITE_BUSY when another connection commits in between).
 */
async function syncReceipts(scenario: Scenario, language: Language): Promise<void> {
  const app = await scenario.launch({ windowSize: SIZE });
  const ui = new Ui(app.page, language);
  const { page } = app;
  await page.getByRole('heading', { name: ui.words.tasks.title, exact: true }).waitFor();
  await page.getByRole('navigation', { name: ui.words.nav.label }).getByRole('button', { name: ui.words.nav.receipts }).click();
  await page.getByRole('region', { name: ui.words.receipts.gmail.title }).getByRole('button', { name: ui.words.receipts.gmail.sync, exact: true }).click();
  // main names the task in English (the database and the CLI keep English); the window
  // shows that title in its own language, which is the card's accessible name.
  const shown = language === 'he' ? reasonsHe.titleReceiptsSync : SYNC_TITLE;
  await ui.card(shown).waitForStatus(ui.words.status.completed, 30_000);
  const receipts = realisticReceipts(language).length;
  if (db.taskByTitle(scenario.dbPath, SYNC_TITLE).succeeded !== receipts) throw new Error(`The sync did not save all ${receipts} receipts`);
  await ui.control(shown, 'dismiss');
  await app.quit();
}

async function settle(page: Page): Promise<void> {
  // Let pushed snapshots land and virtual lists measure before the picture.
  await page.waitForTimeout(400);
}

async function shoot(page: Page, out: string, name: string): Promise<void> {
  const file = join(out, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  console.log(`  ${file}`);
}

async function screens(language: Language, out: string): Promise<void> {
  const world = WORLDS[language];
  const scenario = await openScenario(`screenshots-${language}`);
  const gmail = await FakeGmailApi.start({ emailAddress: world.gmail });
  try {
    console.log(`[screenshots] ${language}: seeding with the CLI…`);
    await seed(scenario, language, gmail);
    const app = await scenario.launch({ windowSize: SIZE });
    const { page } = app;
    const ui = new Ui(page, language);
    await page.getByRole('heading', { name: ui.words.tasks.title, exact: true }).waitFor();
    await page.waitForFunction((dir) => document.documentElement.dir === dir, language === 'he' ? 'rtl' : 'ltr');

    // Tasks: one running live, one queued, one paused, then the history.
    const live = ui.card(world.tasks.running[0]);
    await live.waitForStatus(ui.words.status.running, 20_000);
    await live.waitForNumbers((n) => n.processed >= 10, 20_000, 'the live broadcast to move');
    await page.getByTestId('pace').first().waitFor();
    await settle(page);
    await shoot(page, out, `${language}-tasks`);

    // Task details: the broadcast with rejected numbers, its recipients listed.
    await ui.card(world.tasks.failures[0]).root.getByRole('button', { name: ui.broadcast.detailsLink }).click();
    await page.getByRole('heading', { name: ui.broadcast.items, exact: true }).waitFor();
    await page.locator('.item-row[data-state]').first().waitFor();
    await settle(page);
    await shoot(page, out, `${language}-details`);

    // The composer, mid-way through writing, with its live preview.
    await ui.tab('compose');
    await page.getByLabel(ui.words.composer.messageLabel, { exact: true }).fill(world.draft.message);
    await page.getByLabel(ui.words.composer.taskTitle, { exact: true }).fill(world.draft.title);
    await page.locator('.preview .bubble').first().waitFor();
    // Typing scrolled to the last field; the picture shows the form from its top.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.querySelector('main#main')?.scrollTo(0, 0);
    });
    await settle(page);
    await shoot(page, out, `${language}-composer`);

    await ui.tab('contacts');
    await page.locator('.contact-row:not(.contact-row--head)').first().waitFor();
    await settle(page);
    await shoot(page, out, `${language}-contacts`);

    // Receipts: the connected Gmail and the receipts an earlier session copied.
    await page.getByRole('navigation', { name: ui.words.nav.label }).getByRole('button', { name: ui.words.nav.receipts }).click();
    const receipts = realisticReceipts(language).length;
    await page.getByTestId('receipts-count').filter({ hasText: fill(ui.words.receipts.count_other, { n: receipts }) }).waitFor();
    await page.getByTestId('receipt-row').nth(5).waitFor();
    // No hover highlight or focus ring left from the click.
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await settle(page);
    await shoot(page, out, `${language}-receipts`);

    await ui.settings();
    await settle(page);
    await shoot(page, out, `${language}-settings`);

    await app.quit();
  } finally {
    await scenario.close();
    await gmail.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, lang: { type: 'string' } } });
  const out = resolve(REPO, values.out ?? 'docs/screenshots');
  const languages: Language[] = values.lang === 'en' || values.lang === 'he' ? [values.lang] : ['en', 'he'];
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  buildApp();
  for (const language of languages) await screens(language, out);
  console.log(`[screenshots] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await main();
