/**
 * Gmail for e2e scenarios and screenshots: the local fake Gmail API
 * (tests/fakes/gmail-api-server.ts) with receipt mail in it, the environment that points
 * an unpackaged app at it, and (for the screenshots) a business connected before launch.
 *
 * Through the window (receipts.e2e.test.ts): the app started with `gmailTestEnv(api)` uses
 * the fake's endpoints and may open the fake's consent page (main/electron/main.ts,
 * consent-page-policy.ts); the stand-in's shell.openExternal loads that loopback page like
 * a browser, and the fake approves at once and redirects to the app's loopback address.
 *
 * Before launch (`connectGmail`, screenshots.ts only: they seed a world and photograph it,
 * the connect itself is proven by the scenario): the app's own GmailService runs the same
 * OAuth flow (PKCE, loopback redirect, code exchange, profile read) against the fake, with
 * a secret box that encrypts exactly as the app does under the stand-in (its safeStorage
 * double, kind 'os-keychain'). The app then finds a connected business, and its sync
 * worker decrypts the refresh token and refreshes access tokens itself.
 */
import type { GmailConnection } from '../../../common/gmail.ts';
import type { SecretBox } from '../../../main/secrets/secret-box.ts';
import { GmailService } from '../../../main/services/gmail-service.ts';
import { openDatabase } from '../../../main/store/db.ts';
import type { FakeAttachmentSpec, FakeGmailApi, FakeMessageSpec } from '../../fakes/gmail-api-server.ts';
import { safeStorage } from '../electron-stand-in/os-integration.ts';

/** What SafeStorageBox (main/electron/safe-storage-box.ts) does, with the stand-in's safeStorage. */
const standInKeychain: SecretBox = {
  kind: 'os-keychain',
  encrypt: async (plain) => safeStorage.encryptString(plain),
  decrypt: async (cipher) => safeStorage.decryptString(cipher),
};

/** The system browser: opens Google's (the fake's) consent page, which redirects to the app's loopback address. */
async function browser(url: string): Promise<void> {
  const answer = await fetch(url);
  const body = await answer.text();
  if (!answer.ok) throw new Error(`The consent page answered ${answer.status}: ${body.slice(0, 200)}`);
}

/** The environment that points an unpackaged app's Gmail at the fake (the CLI honours the same names). */
export function gmailTestEnv(api: FakeGmailApi): NodeJS.ProcessEnv {
  return { TASKDECK_GOOGLE_AUTH_URL: api.authUrl, TASKDECK_GOOGLE_TOKEN_URL: api.tokenUrl, TASKDECK_GMAIL_API_URL: api.baseUrl };
}

/** Connects `businessId`'s Gmail to the fake (the database must not be open in a running app). */
export async function connectGmail(dbPath: string, businessId: number, api: FakeGmailApi): Promise<GmailConnection> {
  const db = openDatabase(dbPath, { migrate: true });
  try {
    const gmail = new GmailService({
      db,
      box: standInKeychain,
      openBrowser: browser,
      endpoints: { authUrl: api.authUrl, tokenUrl: api.tokenUrl, apiBaseUrl: api.baseUrl },
    });
    return await gmail.connect(businessId, { clientId: api.clientId });
  } finally {
    db.close();
  }
}

export interface ReceiptMail {
  /** Display name of the sender: the vendor the app shows. */
  vendor: string;
  address: string;
  subject: string;
  /** The body's total line, e.g. "Total: ₪84.90" or "סה״כ לתשלום: 312.40 ש״ח". */
  total: string;
  daysAgo: number;
  /** File names; each gets its own bytes unless `shared` names a content key. */
  files: (string | { filename: string; shared: string })[];
}

const DAY_MS = 86_400_000;

/** A receipt mail as a vendor sends it: From, subject, a short body with the total, files attached. */
export function receiptMessage(mail: ReceiptMail, now = Date.now()): FakeMessageSpec {
  const hebrew = /[\u0590-\u05ff]/.test(mail.total);
  const text = hebrew ? `תודה על התשלום.\n${mail.total}\n` : `Thank you for your order.\n${mail.total}\n`;
  const attachments: FakeAttachmentSpec[] = mail.files.map((file) => {
    const filename = typeof file === 'string' ? file : file.filename;
    const mimeType = filename.endsWith('.pdf') ? 'application/pdf' : filename.endsWith('.png') ? 'image/png' : 'image/jpeg';
    return typeof file === 'string' ? { filename, mimeType } : { filename, mimeType, contentKey: file.shared, size: 24_000 };
  });
  // Mid-morning to early evening, a little different each day.
  const date = new Date(now - mail.daysAgo * DAY_MS - ((mail.daysAgo * 37) % 9) * 3_600_000 - ((mail.daysAgo * 13) % 60) * 60_000);
  return {
    from: `"${mail.vendor}" <${mail.address}>`,
    subject: mail.subject,
    date,
    text,
    html: `<html><body><p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</p></body></html>`,
    attachments,
  };
}

/** A small business's receipts of the last months, in the owner's language (for the screenshots). */
export function realisticReceipts(language: 'en' | 'he'): ReceiptMail[] {
  const he = language === 'he';
  const mails: ReceiptMail[] = [];
  const add = (vendor: string, address: string, subject: (n: number) => string, total: (amount: string) => string, amounts: number[], days: number[], files: (n: number) => string[]) => {
    days.forEach((daysAgo, i) => {
      const n = 4000 + daysAgo * 7 + i;
      mails.push({ vendor, address, subject: subject(n), total: total(amounts[i % amounts.length]!.toFixed(2)), daysAgo, files: files(n) });
    });
  };
  const ils = (amount: string) => (he ? `סה״כ לתשלום: ${amount} ש״ח` : `Total: ₪${amount}`);
  const usd = (amount: string) => `Total: $${amount}`;
  add(he ? 'טחנות הגליל' : 'Galilee Mills', 'orders@galilee-mills.example.co.il', (n) => (he ? `חשבונית מס קבלה ${n}` : `Tax invoice ${n}: flour and semolina`), ils, [1840, 2315.5, 1760], [3, 17, 31], (n) => [`invoice-${n}.pdf`]);
  add(he ? 'חברת החשמל' : 'Israel Electric Corp.', 'noreply@iec.example.co.il', () => (he ? 'קבלה על תשלום חשבון החשמל' : 'Receipt for your electricity bill'), ils, [1287.4, 1122.9], [9, 70], (n) => [`iec-${n}.pdf`]);
  add(he ? 'בזק' : 'Bezeq', 'billing@bezeq.example.co.il', () => (he ? 'חשבונית בזק לחודש' : 'Your Bezeq invoice'), ils, [249.9], [12, 42], (n) => [`bezeq-${n}.pdf`, `bezeq-${n}-details.pdf`]);
  add('Wolt', 'receipts@wolt.example', (n) => (he ? `קבלה על הזמנה ${n}` : `Your Wolt receipt #${n}`), ils, [86.9, 142, 64.5], [1, 6, 22], () => [`wolt-receipt.pdf`]);
  add('Google Workspace', 'payments-noreply@google.example', () => (he ? 'קבלה: Google Workspace' : 'Your Google Workspace receipt'), usd, [14.4], [5, 36], (n) => [`${n}.pdf`]);
  add('Canva', 'billing@canva.example', () => (he ? 'קבלה: Canva Pro' : 'Canva Pro receipt'), usd, [119.99], [27], (n) => [`canva-invoice-${n}.pdf`]);
  add(he ? 'פז' : 'Paz', 'kabala@paz.example.co.il', () => (he ? 'קבלה מתחנת פז' : 'Paz fuel receipt'), ils, [312.4, 287.1], [15, 48], (n) => [`paz-${n}.jpg`]);
  add(he ? 'סופר-פארם' : 'Super-Pharm', 'receipts@super-pharm.example.co.il', () => (he ? 'הקבלה הדיגיטלית שלך' : 'Your digital receipt'), ils, [58.7], [19], (n) => [`receipt-${n}.pdf`]);
  add('Etsy', 'transaction@etsy.example', (n) => (he ? `קבלה על הזמנה #${n}` : `Your Etsy receipt #${n}`), usd, [46.8], [53], (n) => [`etsy-${n}.pdf`, `etsy-${n}-label.png`]);
  return mails;
}
