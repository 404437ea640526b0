/**
 * Scenario d: receipts from Gmail. The app, unpackaged and pointed at the local fake Gmail
 * API by the TASKDECK_GOOGLE_* variables (harness/gmail.ts), connects Gmail through the
 * window: the OAuth client in Settings → Gmail, "Connect Gmail" on the Receipts page, the
 * consent page opened in the "browser" (PKCE, gmail.readonly, loopback redirect), which the
 * fake approves and redirects back to the app. Then it syncs from the Receipts page; the
 * sync's card completes and the list shows exactly the receipt mail (not the newsletter,
 * the party photos or last year's receipt). Filter by vendor, tick two rows, delete them
 * with the counted confirm (local copies only): the list shrinks by exactly two, their
 * files leave the blob store while every other file (a file they shared with other
 * receipts included) stays, and Gmail is never written to. An attachment opens with the
 * OS; new mail arrives and the next sync copies only it.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobRootFor } from '../../main/receipts/blob-store.ts';
import { FakeGmailApi, isApiEndpoint } from '../fakes/gmail-api-server.ts';
import * as db from './harness/db.ts';
import { gmailTestEnv, receiptMessage, type ReceiptMail } from './harness/gmail.ts';
import { openScenario, type Scenario } from './harness/scenario.ts';
import { exact, fill, Ui } from './harness/ui.ts';

const BUSINESS = 'Dana’s Bakery';
const EMAIL = 'dana.bakery@gmail.example';
const SYNC_TITLE = 'Receipts from Gmail';
const GMAIL_READONLY = 'https://www.googleapis.com/auth/gmail.readonly';

const wolt = (n: number, total: string, daysAgo: number): ReceiptMail => ({
  vendor: 'Wolt',
  address: 'receipts@wolt.example',
  subject: `Your Wolt receipt #${n}`,
  total: `Total: ₪${total}`,
  daysAgo,
  // Every Wolt mail also carries the same terms sheet: one file, shared by five receipts.
  files: [`wolt-${n}.pdf`, { filename: 'wolt-terms.pdf', shared: 'wolt-terms' }],
});
const RECEIPTS: ReceiptMail[] = [
  wolt(7101, '84.90', 2),
  wolt(7102, '142.00', 5),
  wolt(7103, '64.50', 9),
  wolt(7104, '118.30', 14),
  wolt(7105, '97.00', 30),
  { vendor: 'Acme Coffee', address: 'billing@acme-coffee.example', subject: 'Acme Coffee receipt 5521', total: 'Total: $12.50', daysAgo: 3, files: ['acme-5521.pdf'] },
  { vendor: 'Acme Coffee', address: 'billing@acme-coffee.example', subject: 'Acme Coffee receipt 5540', total: 'Total: $31.75', daysAgo: 11, files: ['acme-5540.pdf'] },
  { vendor: 'Acme Coffee', address: 'billing@acme-coffee.example', subject: 'Acme Coffee receipt 5602', total: 'Total: $8.20', daysAgo: 40, files: ['acme-5602.pdf'] },
  { vendor: 'חברת החשמל', address: 'noreply@iec.example.co.il', subject: 'קבלה על תשלום חשבון החשמל', total: 'סה״כ לתשלום: 1287.40 ש״ח', daysAgo: 8, files: ['iec-0325.pdf'] },
  { vendor: 'חברת החשמל', address: 'noreply@iec.example.co.il', subject: 'קבלה על תשלום חשבון החשמל', total: 'סה״כ לתשלום: 1122.90 ש״ח', daysAgo: 69, files: ['iec-0125.pdf'] },
  { vendor: 'Bezeq', address: 'billing@bezeq.example.co.il', subject: 'Your Bezeq invoice for March', total: 'Total: ₪249.90', daysAgo: 12, files: ['bezeq-03.pdf', 'bezeq-03-details.pdf'] },
  { vendor: 'Bezeq', address: 'billing@bezeq.example.co.il', subject: 'Your Bezeq invoice for February', total: 'Total: ₪249.90', daysAgo: 42, files: ['bezeq-02.pdf', 'bezeq-02-details.pdf'] },
];
const WOLT_COUNT = 5;
/** Every attachment is its own file, except the terms sheet all Wolt mails share. */
const FILES = RECEIPTS.reduce((n, mail) => n + mail.files.filter((f) => typeof f === 'string').length, 0) + 1;

interface ReceiptRow {
  id: number;
  gmail_message_id: string;
  vendor: string;
  subject: string;
  amount_minor: number | null;
  currency: string | null;
}
interface ConnectionRow {
  email: string;
  client_id: string;
  token_box: string;
  refresh_token_cipher: Buffer;
  client_secret_cipher: Buffer | null;
  api_base_url: string;
  token_url: string;
  history_id: string | null;
}
interface AttachmentRow {
  receipt_id: number;
  filename: string;
  sha256: string | null;
  stored: number;
}

function read<T>(dbPath: string, sql: string, ...args: unknown[]): T[] {
  const conn = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    conn.pragma('busy_timeout = 5000');
    return conn.prepare(sql).all(...args) as T[];
  } finally {
    conn.close();
  }
}

/** Every file in the content-addressed store (the tmp folder aside). */
function storedFiles(root: string): Set<string> {
  const names = new Set<string>();
  if (!existsSync(root)) return names;
  for (const shard of readdirSync(root)) if (shard !== 'tmp') for (const name of readdirSync(join(root, shard))) names.add(name);
  return names;
}

let scenario: Scenario;
let api: FakeGmailApi;
let businessId: number;
let messageIds: string[];
beforeAll(async () => {
  scenario = await openScenario('receipts');
  api = await FakeGmailApi.start({ emailAddress: EMAIL });
  const now = Date.now();
  messageIds = RECEIPTS.map((mail) => api.addMessage(receiptMessage(mail, now)));
  // Not receipts for the default query, which needs a file, a receipt word, and the last 12 months.
  api.addMessage({ from: '"Wolt" <news@wolt.example>', subject: 'New restaurants near you', text: 'Order tonight and get free delivery.', date: new Date(now - 4 * 86_400_000) });
  api.addMessage({ from: '"Noa Levi" <noa@example.com>', subject: 'Photos from Friday', text: 'Here they are!', date: new Date(now - 6 * 86_400_000), attachments: [{ filename: 'party.jpg', mimeType: 'image/jpeg' }] });
  api.addMessage(receiptMessage(wolt(6001, '55.00', 400), now));
  businessId = db.seedDatabase(scenario.dbPath, BUSINESS, 0);
});
afterAll(async () => {
  await scenario?.close();
  await api?.stop();
});

describe('receipts from Gmail', () => {
  it('connects through the window, syncs, filters, deletes the selected local copies with their files, and syncs only new mail', async () => {
    const { dbPath } = scenario;
    const blobRoot = blobRootFor(dbPath);
    const app = await scenario.launch({ env: gmailTestEnv(api) });
    const { page } = app;
    const ui = new Ui(page);
    const r = ui.words.receipts;
    const count = page.getByTestId('receipts-count');
    const rows = page.getByTestId('receipt-row');
    const countText = (n: number) => fill(n === 1 ? r.count_one : r.count_other, { n });

    await page.getByRole('heading', { name: ui.words.tasks.title, exact: true }).waitFor();
    // An unpackaged app with the variables set: main says so, once.
    await expect.poll(() => readFileSync(app.logFile, 'utf8').match(/Gmail uses test endpoints/g)?.length ?? 0).toBe(1);

    // Settings → Gmail: the OAuth client every business connects with (the secret is kept encrypted).
    const g = ui.words.settings.gmail;
    await ui.settings();
    const clientForm = page.getByRole('form', { name: g.title });
    await clientForm.getByLabel(g.clientId, { exact: true }).fill(api.clientId);
    await clientForm.getByLabel(g.clientSecret, { exact: true }).fill(api.clientSecret);
    await clientForm.getByRole('button', { name: g.save, exact: true }).click();
    await clientForm.getByText(g.secretSaved, { exact: true }).waitFor();
    expect(db.settingsValue(dbPath, 'gmailClientId')).toBe(JSON.stringify(api.clientId));
    const sealedSecret = db.settingsValue(dbPath, 'gmailClientSecret')!;
    expect(JSON.parse(sealedSecret)).toMatchObject({ box: 'os-keychain' });
    expect(sealedSecret).not.toContain(api.clientSecret);
    await scenario.shot(page, 'gmail-client');

    // Receipts → Connect Gmail: it uses the client from Settings and opens the consent page.
    await page.getByRole('navigation', { name: ui.words.nav.label }).getByRole('button', { name: ui.words.nav.receipts }).click();
    await page.getByRole('heading', { name: r.title, exact: true }).waitFor();
    const connectForm = page.getByRole('form', { name: r.gmail.title });
    await connectForm.getByTestId('gmail-client-from-settings').filter({ hasText: api.clientId }).waitFor();
    expect(app.records.filter((rec) => rec.kind === 'shell' && rec.call === 'openExternal')).toEqual([]);
    await connectForm.getByRole('button', { name: r.gmail.connect, exact: true }).click();

    // The consent URL the OS was given: the fake's auth endpoint, PKCE S256, read-only scope, loopback redirect.
    const consentOpened = await app.waitForRecord((rec) => rec.kind === 'shell' && rec.call === 'openExternal', 15_000, 'the consent page to open');
    expect(consentOpened.loads).toBe(true);
    const consent = new URL(String(consentOpened.url));
    expect(consent.origin + consent.pathname).toBe(api.authUrl);
    const q = consent.searchParams;
    expect(q.get('client_id')).toBe(api.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('scope')).toBe(GMAIL_READONLY);
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(22);
    const redirectUri = q.get('redirect_uri')!;
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The browser: the fake approves at once and redirects to the app's loopback address, whose page says so.
    const browsed = await app.waitForRecord((rec) => rec.kind === 'browser' && rec.url === consentOpened.url, 15_000, 'the consent page to load');
    expect(browsed).toMatchObject({ event: 'loaded', status: 200, redirects: 1, heading: 'Gmail is connected' });
    expect(new URL(String(browsed.finalUrl)).origin).toBe(redirectUri);

    // Connected: the form turns into the connection, the refresh token sealed by the keychain.
    const gmailBox = page.getByRole('region', { name: r.gmail.title });
    await gmailBox.getByText(`${r.gmail.connectedAs} ${EMAIL}`, { exact: true }).waitFor();
    expect(api.grants.authorizationCode).toBe(1);
    const [connection] = read<ConnectionRow>(dbPath, 'SELECT * FROM gmail_connections WHERE business_id = ?', businessId);
    expect(connection).toMatchObject({ email: EMAIL, client_id: api.clientId, token_box: 'os-keychain', api_base_url: api.baseUrl, token_url: api.tokenUrl, history_id: null });
    expect(connection!.refresh_token_cipher.toString('latin1')).not.toContain('1//0fake');
    expect(connection!.client_secret_cipher).toBeInstanceOf(Buffer);
    expect(connection!.client_secret_cipher!.toString('latin1')).not.toContain(api.clientSecret);
    expect(app.records.filter((rec) => rec.kind === 'shell' && rec.call === 'openExternal')).toHaveLength(1);

    // Connected, nothing copied yet.
    await gmailBox.getByText(EMAIL, { exact: true }).waitFor();
    await gmailBox.getByText(r.gmail.neverSynced, { exact: true }).waitFor();
    await count.filter({ hasText: exact(countText(0)) }).waitFor();
    await page.getByText(r.empty, { exact: true }).waitFor();
    await scenario.shot(page, 'connected');

    // Sync: a task with its card on this page, to completion.
    await gmailBox.getByRole('button', { name: r.gmail.sync, exact: true }).click();
    await gmailBox.getByRole('status').filter({ hasText: r.gmail.syncStarted }).waitFor();
    const syncCard = ui.card(SYNC_TITLE);
    await syncCard.waitForStatus(ui.words.status.completed, 30_000);
    const synced = await syncCard.waitForNumbers((n) => n.succeeded === RECEIPTS.length, 5000, 'the sync card to settle');
    expect(synced).toMatchObject({ processed: RECEIPTS.length, total: RECEIPTS.length, succeeded: RECEIPTS.length, failed: 0, skipped: 0 });
    const syncTask = db.taskByTitle(dbPath, SYNC_TITLE);
    expect(syncTask).toMatchObject({ status: 'completed', business_id: businessId, succeeded: RECEIPTS.length, failed: 0, in_doubt: 0 });
    expect(db.itemStates(dbPath, syncTask.id)).toEqual({ done: RECEIPTS.length });

    // The list: the twelve receipts (the newsletter, the photos and last year's receipt are not).
    await count.filter({ hasText: exact(countText(RECEIPTS.length)) }).waitFor();
    await expect.poll(() => rows.count()).toBe(RECEIPTS.length);
    const stored = read<ReceiptRow>(dbPath, 'SELECT id, gmail_message_id, vendor, subject, amount_minor, currency FROM receipts WHERE business_id = ? ORDER BY id', businessId);
    expect(stored.map((row) => row.gmail_message_id).sort()).toEqual([...messageIds].sort());
    expect(Object.fromEntries(['Wolt', 'Acme Coffee', 'חברת החשמל', 'Bezeq'].map((v) => [v, stored.filter((row) => row.vendor === v).length]))).toEqual({
      Wolt: 5,
      'Acme Coffee': 3,
      'חברת החשמל': 2,
      Bezeq: 2,
    });
    const shownIds = async () => (await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-receipt-id'))))).sort((a, b) => a - b);
    expect(await shownIds()).toEqual(stored.map((row) => row.id));
    // Amounts as parsed from the mail, shown in their currency (ILS, USD), newest first.
    const byMessage = new Map(stored.map((row) => [row.gmail_message_id, row]));
    const newestWolt = byMessage.get(messageIds[0]!)!;
    expect(newestWolt).toMatchObject({ vendor: 'Wolt', amount_minor: 8490, currency: 'ILS' });
    expect(byMessage.get(messageIds[5]!)).toMatchObject({ vendor: 'Acme Coffee', amount_minor: 1250, currency: 'USD' });
    expect(byMessage.get(messageIds[8]!)).toMatchObject({ vendor: 'חברת החשמל', amount_minor: 128740, currency: 'ILS' });
    const rowOf = (id: number) => page.locator(`[data-testid="receipt-row"][data-receipt-id="${id}"]`);
    await expect.poll(() => rowOf(newestWolt.id).innerText()).toMatch(/Wolt[\s\S]*Your Wolt receipt #7101[\s\S]*₪84\.90[\s\S]*2 files/);
    await expect.poll(() => rowOf(byMessage.get(messageIds[5]!)!.id).innerText()).toMatch(/Acme Coffee[\s\S]*\$12\.50[\s\S]*1 file/);
    expect(await rows.first().getAttribute('data-receipt-id')).toBe(String(newestWolt.id));

    // Every attachment downloaded and kept once in the blob store.
    const attachments = read<AttachmentRow>(dbPath, 'SELECT receipt_id, filename, sha256, stored FROM receipt_attachments WHERE business_id = ?', businessId);
    expect(attachments.every((a) => a.stored === 1 && a.sha256)).toBe(true);
    const shaOf = (filename: string) => attachments.find((a) => a.filename === filename)!.sha256!;
    const termsSha = shaOf('wolt-terms.pdf');
    expect(attachments.filter((a) => a.sha256 === termsSha)).toHaveLength(WOLT_COUNT);
    const filesAfterSync = storedFiles(blobRoot);
    expect(filesAfterSync).toEqual(new Set(attachments.map((a) => a.sha256!)));
    expect(filesAfterSync.size).toBe(FILES);
    await scenario.shot(page, 'synced');

    // Filter by vendor (exact, any case): only Wolt's five.
    await page.getByLabel(r.filter.vendor, { exact: true }).fill('wolt');
    await count.filter({ hasText: exact(countText(WOLT_COUNT)) }).waitFor();
    await expect.poll(() => rows.count()).toBe(WOLT_COUNT);
    const woltIds = stored.filter((row) => row.vendor === 'Wolt').map((row) => row.id);
    expect(await shownIds()).toEqual(woltIds);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('Wolt');

    // Tick the first and the third: two selected.
    const picked = [await rows.nth(0).getAttribute('data-receipt-id'), await rows.nth(2).getAttribute('data-receipt-id')].map(Number);
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(2).getByRole('checkbox').check();
    await page.getByTestId('receipts-selected').filter({ hasText: exact(fill(r.selected_other, { n: 2 })) }).waitFor();
    await scenario.shot(page, 'two-selected');

    // Delete, with a confirm that counts them and says Gmail keeps the mail.
    await page.getByRole('button', { name: r.deleteSelected, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: r.delete.title });
    await dialog.getByText(fill(r.delete.count_other, { n: 2 }), { exact: true }).waitFor();
    await dialog.getByText(r.delete.localOnly, { exact: true }).waitFor();
    expect(r.delete.localOnly).toMatch(/Gmail is never deleted/);
    await scenario.shot(page, 'confirm-delete');
    await dialog.getByRole('button', { name: fill(r.delete.confirm_other, { n: 2 }), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    const deleteTitle = 'Delete 2 receipts (local copies only; mail in Gmail is kept)';
    const deleteCard = ui.card(deleteTitle);
    await deleteCard.waitForStatus(ui.words.status.completed, 20_000);
    expect(await deleteCard.waitForNumbers((n) => n.succeeded === 2, 5000, 'the delete card to settle')).toMatchObject({ processed: 2, total: 2, succeeded: 2, failed: 0 });
    const deleteTask = db.taskByTitle(dbPath, deleteTitle);
    expect(deleteTask).toMatchObject({ status: 'completed', succeeded: 2, failed: 0, skipped: 0 });

    // The list shrinks by exactly two: three Wolt receipts, ten in all.
    await count.filter({ hasText: exact(countText(WOLT_COUNT - 2)) }).waitFor();
    await expect.poll(() => shownIds()).toEqual(woltIds.filter((id) => !picked.includes(id)));
    expect(await page.getByTestId('receipts-selected').textContent()).toBe('');
    await page.getByRole('button', { name: r.filter.clear, exact: true }).click();
    await count.filter({ hasText: exact(countText(RECEIPTS.length - 2)) }).waitFor();
    await expect.poll(() => shownIds()).toEqual(stored.map((row) => row.id).filter((id) => !picked.includes(id)));
    await scenario.shot(page, 'deleted');

    // The database: those two receipts and their attachment rows are gone, nothing else.
    const left = read<ReceiptRow>(dbPath, 'SELECT id FROM receipts WHERE business_id = ? ORDER BY id', businessId).map((row) => row.id);
    expect(left).toEqual(stored.map((row) => row.id).filter((id) => !picked.includes(id)));
    const leftAttachments = read<AttachmentRow>(dbPath, 'SELECT receipt_id, filename, sha256, stored FROM receipt_attachments WHERE business_id = ?', businessId);
    expect(leftAttachments).toHaveLength(attachments.length - 4);
    // The files: each deleted receipt's own PDF is gone; the terms sheet the other Wolt receipts
    // still use stays, and so does every file of every receipt that is left.
    const filesAfterDelete = storedFiles(blobRoot);
    const ownOfPicked = attachments.filter((a) => picked.includes(a.receipt_id) && a.sha256 !== termsSha).map((a) => a.sha256!);
    expect(ownOfPicked).toHaveLength(2);
    for (const sha of ownOfPicked) expect(filesAfterDelete.has(sha)).toBe(false);
    expect(filesAfterDelete.has(termsSha)).toBe(true);
    expect(filesAfterDelete).toEqual(new Set(leftAttachments.map((a) => a.sha256!)));
    expect(filesAfterDelete.size).toBe(FILES - 2);

    // Gmail is only ever read: every message is still there, and the app sent nothing but GETs (and token requests).
    expect(api.messageIds()).toHaveLength(RECEIPTS.length + 3);
    expect(api.requests.filter((q) => isApiEndpoint(q.endpoint) && q.method !== 'GET')).toEqual([]);

    // An attachment opens with the OS: main hands it the stored file.
    const bezeq = byMessage.get(messageIds[10]!)!;
    await rowOf(bezeq.id).getByRole('button', { name: fill(r.files_other, { n: 2 }), exact: true }).click();
    const filesPanel = page.getByRole('region', { name: r.attachments });
    await filesPanel.getByText('bezeq-03-details.pdf', { exact: true }).waitFor();
    await filesPanel.getByRole('button', { name: /bezeq-03-details\.pdf/ }).click();
    const opened = await app.waitForRecord((rec) => rec.kind === 'shell' && rec.call === 'openPath', 5000, 'the file opened with the OS');
    expect(opened.path).toBe(join(blobRoot, shaOf('bezeq-03-details.pdf').slice(0, 2), shaOf('bezeq-03-details.pdf')));
    expect(existsSync(String(opened.path))).toBe(true);
    await scenario.shot(page, 'attachments');

    // New mail arrives; the next sync copies only it, and the deleted two stay deleted.
    api.resetLog();
    const newId = api.addMessage(receiptMessage({ vendor: 'Acme Coffee', address: 'billing@acme-coffee.example', subject: 'Acme Coffee receipt 5655', total: 'Total: $9.40', daysAgo: 0, files: ['acme-5655.pdf'] }));
    await gmailBox.getByRole('button', { name: r.gmail.sync, exact: true }).click();
    await count.filter({ hasText: exact(countText(RECEIPTS.length - 1)) }).waitFor({ timeout: 30_000 });
    const second = db.taskByTitle(dbPath, SYNC_TITLE);
    expect(second.id).toBeGreaterThan(syncTask.id);
    expect(second).toMatchObject({ status: 'completed', succeeded: 1, failed: 0 });
    await ui.card(SYNC_TITLE).waitForStatus(ui.words.status.completed);
    expect([...api.messageGets().keys()]).toEqual([newId]);
    const afterSecond = read<ReceiptRow>(dbPath, 'SELECT id, gmail_message_id FROM receipts WHERE business_id = ?', businessId);
    expect(afterSecond.map((row) => row.gmail_message_id).sort()).toEqual(
      [...messageIds.filter((id) => !picked.includes(byMessage.get(id)!.id)), newId].sort(),
    );
    await scenario.shot(page, 'second-sync');

    expect(await app.quit()).toBe(0);
    expect(app.records.filter((rec) => rec.kind === 'console' && rec.type === 'pageerror')).toEqual([]);
  });
});
