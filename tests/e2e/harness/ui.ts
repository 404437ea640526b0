/**
 * Driving the window the way a person does, by accessible roles and labels. The
 * words come from the renderer's own translation files, so a copy change does not
 * break the tests and the Hebrew run uses the same helpers.
 */
import type { Locator, Page } from 'playwright-core';
import { en, type Translation } from '../../../renderer/src/i18n/en.ts';
import { he } from '../../../renderer/src/i18n/he.ts';
import type { KindWords } from '../../../renderer/src/tasks/kind-view.ts';
import { broadcastWords } from '../../../renderer/src/tasks/broadcast/words.ts';

export type Words = Translation & typeof en;
export const WORDS = { en: en as Words, he: he as Words };

/** Fills {{placeholders}}, as i18next does (without plurals: pick the key yourself). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));
}

export function exact(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

export class Ui {
  readonly page: Page;
  words: Words;
  /** A broadcast's own words (renderer/src/tasks/broadcast/words.ts), in the same language. */
  broadcast: KindWords;

  constructor(page: Page, language: 'en' | 'he' = 'en') {
    this.page = page;
    this.words = WORDS[language];
    this.broadcast = broadcastWords[language];
  }

  use(language: 'en' | 'he'): void {
    this.words = WORDS[language];
    this.broadcast = broadcastWords[language];
  }

  /** The welcome form of an empty app. */
  async createFirstBusiness(name: string): Promise<void> {
    await this.page.getByLabel(this.words.welcome.nameLabel).fill(name);
    await this.page.getByRole('button', { name: this.words.welcome.create }).click();
    await this.page.getByRole('heading', { name: this.words.tasks.title, exact: true }).waitFor();
  }

  /** A page tab of the selected business (Tasks, New broadcast, Contacts). */
  async tab(name: 'tasks' | 'compose' | 'contacts'): Promise<void> {
    await this.page.getByRole('navigation', { name: this.words.nav.label }).getByRole('button', { name: this.words.nav[name] }).click();
  }

  async settings(): Promise<void> {
    await this.page.getByRole('navigation', { name: this.words.sidebar.label }).getByRole('button', { name: this.words.nav.settings }).click();
    await this.page.getByRole('heading', { name: this.words.settings.title, exact: true }).waitFor();
  }

  async importContacts(path: string): Promise<void> {
    await this.tab('contacts');
    await this.page.getByLabel(this.words.contacts.importLabel).fill(path);
    await this.page.getByRole('button', { name: this.words.contacts.import, exact: true }).click();
  }

  /** New broadcast → review → start. Lands on the task list. */
  async startBroadcast(options: { message: string; title: string; rate: number; latencyMs?: number; expectRecipients?: number }): Promise<void> {
    const c = this.words.composer;
    await this.tab('compose');
    await this.page.getByRole('heading', { name: c.title, exact: true }).waitFor();
    await this.page.getByLabel(c.messageLabel, { exact: true }).fill(options.message);
    await this.page.getByLabel(c.rate, { exact: true }).fill(String(options.rate));
    if (options.latencyMs !== undefined) {
      await this.page.getByText(c.advanced, { exact: true }).click();
      await this.page.getByLabel(c.latency, { exact: true }).fill(String(options.latencyMs));
    }
    await this.page.getByLabel(c.taskTitle, { exact: true }).fill(options.title);
    await this.page.getByRole('button', { name: c.review, exact: true }).click();
    await this.page.getByRole('heading', { name: c.reviewTitle, exact: true }).waitFor();
    if (options.expectRecipients !== undefined) {
      const n = options.expectRecipients;
      const key = n === 1 ? 'count_one' : 'count_other';
      const summary = this.words.summary as unknown as Record<string, string>;
      await this.page.getByText(fill(summary[key] ?? '', { n: n.toLocaleString('en-US') }), { exact: true }).waitFor();
    }
    await this.page.getByRole('button', { name: this.words.summary.start }).click();
    await this.page.getByRole('heading', { name: this.words.tasks.title, exact: true }).waitFor();
  }

  /** A task's card (an article named by its title). */
  card(title: string): TaskCardView {
    return new TaskCardView(this.page.getByRole('article', { name: title, exact: true }), this);
  }

  /** Clicks one of a card's buttons (Pause, Resume, Cancel…); Cancel also confirms. */
  async control(title: string, action: 'pause' | 'resume' | 'cancel' | 'retryFailed' | 'dismiss'): Promise<void> {
    const card = this.card(title).root;
    await card.getByRole('button', { name: this.words.actions[action], exact: true }).click();
    if (action === 'cancel') {
      const dialog = this.page.getByRole('dialog');
      await dialog.getByRole('button', { name: this.broadcast.cancelConfirm }).click();
      await dialog.waitFor({ state: 'detached' });
    }
  }

  async setLanguage(language: 'en' | 'he'): Promise<void> {
    await this.settings();
    await this.page.getByRole('radio', { name: this.words.settings.languageNames[language] }).check();
    this.use(language);
    await this.page.getByRole('heading', { name: this.words.settings.title, exact: true }).waitFor();
  }

  async setOffline(on: boolean): Promise<void> {
    await this.settings();
    const toggle = this.page.getByRole('switch', { name: this.words.settings.testOffline });
    if ((await toggle.isChecked()) === on) return;
    // The switch's input sits under its painted track, so click its label, as a person would.
    await this.page.locator('label', { hasText: exact(this.words.settings.testOffline) }).click();
    await this.page.getByText(this.words.settings.saved, { exact: true }).waitFor();
    if ((await toggle.isChecked()) !== on) throw new Error(`The offline switch did not turn ${on ? 'on' : 'off'}`);
  }
}

export interface CardNumbers {
  status: string;
  processed: number;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  inDoubt: number | null;
}

export class TaskCardView {
  readonly root: Locator;
  private readonly ui: Ui;

  constructor(root: Locator, ui: Ui) {
    this.root = root;
    this.ui = ui;
  }

  badge(): Locator {
    return this.root.getByTestId('status-badge');
  }

  async status(): Promise<string> {
    return (await this.badge().innerText()).trim();
  }

  /** Waits until the badge reads `label` (a status word from the translations). */
  async waitForStatus(label: string, timeoutMs = 30_000): Promise<void> {
    await this.badge().filter({ hasText: exact(label) }).waitFor({ timeout: timeoutMs });
  }

  /** Every number the card shows, read in one go from one render. */
  async numbers(): Promise<CardNumbers> {
    const raw = await this.root.evaluate((article) => {
      const text = (selector: string) => article.querySelector(selector)?.textContent ?? null;
      return {
        status: text('[data-testid="status-badge"]') ?? '',
        processed: text('[data-counter="processed"]') ?? '',
        succeeded: text('[data-counter="succeeded"] dd'),
        failed: text('[data-counter="failed"] dd'),
        skipped: text('[data-counter="skipped"] dd'),
        cancelled: text('[data-counter="cancelled"] dd'),
        inDoubt: text('[data-counter="inDoubt"] dd'),
      };
    });
    const int = (s: string | null) => (s === null ? NaN : Number(s.replace(/[^\d]/g, '')));
    // "12 of 60 processed" (or its translation): the first number is done, the second the total.
    const [processed, total] = (raw.processed.match(/[\d,.\u066C\u00A0]+/g) ?? []).map((s) => Number(s.replace(/[^\d]/g, '')));
    return {
      status: raw.status.trim(),
      processed: processed ?? NaN,
      total: total ?? NaN,
      succeeded: int(raw.succeeded),
      failed: int(raw.failed),
      skipped: int(raw.skipped),
      cancelled: int(raw.cancelled),
      inDoubt: raw.inDoubt === null ? null : int(raw.inDoubt),
    };
  }

  /** Polls the card until `accept` holds for its numbers. */
  async waitForNumbers(accept: (n: CardNumbers) => boolean, timeoutMs = 30_000, what = 'the card numbers'): Promise<CardNumbers> {
    const deadline = Date.now() + timeoutMs;
    let last: CardNumbers | null = null;
    while (Date.now() < deadline) {
      last = await this.numbers();
      if (accept(last)) return last;
      await this.ui.page.waitForTimeout(100);
    }
    throw new Error(`Timed out waiting for ${what}; last seen ${JSON.stringify(last)}`);
  }

  /** The progress bar's value in percent (aria-valuenow), null while preparing. */
  async progress(): Promise<number | null> {
    const now = await this.root.getByRole('progressbar').getAttribute('aria-valuenow');
    return now === null ? null : Number(now);
  }
}
