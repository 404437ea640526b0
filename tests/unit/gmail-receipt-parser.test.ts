/**
 * The receipt parser: amounts and currencies (English and Hebrew, US and European number
 * formats), "don't know" when unsure, sender and vendor, dates, and which attachments count.
 */
import { describe, expect, it } from 'vitest';
import type { GmailMessage, GmailMessagePart } from '../../main/providers/gmail/client.ts';
import {
  decodeEncodedWords,
  findAmount,
  htmlToText,
  messageDate,
  parseAddress,
  parseNumber,
  parseReceipt,
  receiptAttachments,
  registrableDomain,
  vendorOf,
} from '../../main/providers/gmail/receipt-parser.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function part(mimeType: string, extra: Partial<GmailMessagePart> = {}): GmailMessagePart {
  return { partId: '', mimeType, filename: '', headers: [], body: { size: 0 }, ...extra };
}

function attachment(partId: string, mimeType: string, filename: string, size: number, headers: { name: string; value: string }[] = []): GmailMessagePart {
  return part(mimeType, {
    partId,
    filename,
    headers: [{ name: 'Content-Type', value: `${mimeType}; name="${filename}"` }, ...headers],
    body: { size, attachmentId: `att-${partId}` },
  });
}

function message(options: { from?: string; subject?: string; date?: string; internalDate?: number; text?: string; html?: string; snippet?: string; parts?: GmailMessagePart[] }): GmailMessage {
  const bodies: GmailMessagePart[] = [];
  if (options.text !== undefined) bodies.push(part('text/plain', { partId: '0.0', body: { size: options.text.length, data: b64(options.text) }, headers: [{ name: 'Content-Type', value: 'text/plain; charset="UTF-8"' }] }));
  if (options.html !== undefined) bodies.push(part('text/html', { partId: '0.1', body: { size: options.html.length, data: b64(options.html) }, headers: [{ name: 'Content-Type', value: 'text/html; charset="UTF-8"' }] }));
  const headers = [
    { name: 'From', value: options.from ?? '"Acme Coffee" <receipts@acme-coffee.com>' },
    { name: 'Subject', value: options.subject ?? 'Your receipt' },
  ];
  if (options.date !== undefined) headers.push({ name: 'Date', value: options.date });
  return {
    id: '18f0000000000001',
    threadId: '18f0000000000001',
    labelIds: ['INBOX'],
    snippet: options.snippet ?? '',
    historyId: '1000',
    internalDate: options.internalDate ?? Date.UTC(2025, 2, 3, 10, 0, 0),
    sizeEstimate: 5000,
    payload: part('multipart/mixed', { headers, parts: [part('multipart/alternative', { partId: '0', parts: bodies }), ...(options.parts ?? [])] }),
  };
}

describe('parseNumber', () => {
  it.each([
    ['123.45', 123.45],
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['9,99', 9.99],
    ['120', 120],
    ['1,234', 1234],
    ['1.234', 1234],
    ['12,345,678.9', 12345678.9],
    ['1 234,56', 1234.56],
  ])('%s → %d', (raw, value) => {
    expect(parseNumber(raw)).toBe(value);
  });

  it.each(['1,23,456', '1.234.56', '0', '0.00'])('%s → null', (raw) => {
    expect(parseNumber(raw)).toBeNull();
  });
});

describe('findAmount: amounts and currencies', () => {
  it.each([
    ['Total: ₪123.45', 123.45, 'ILS'],
    ['Amount paid $1,234.56', 1234.56, 'USD'],
    ['Total 123.45 USD', 123.45, 'USD'],
    ['סה״כ 120 ש״ח', 120, 'ILS'],
    ['סה"כ לתשלום: 89.90 ₪', 89.9, 'ILS'],
    ["סה''כ 45 שקלים", 45, 'ILS'],
    ['Gesamt: EUR 9,99', 9.99, 'EUR'],
    ['Total 1.234,56 €', 1234.56, 'EUR'],
    ['Grand Total: £15.00', 15, 'GBP'],
    ['Total: US$ 20.00', 20, 'USD'],
    ['Total: CA$20.00', 20, 'CAD'],
    ['סך הכל 250 NIS', 250, 'ILS'],
  ])('%s → %d %s', (body, amount, currency) => {
    expect(findAmount({ body })).toEqual({ amount, currency });
  });

  it('takes the total, not the subtotal, the tax or the shipping', () => {
    const body = 'Subtotal: $100.00\nShipping: $5.00\nTax: $17.85\nTotal: $122.85\n';
    expect(findAmount({ body })).toEqual({ amount: 122.85, currency: 'USD' });
  });

  it('takes the larger of "total before VAT" and "total"', () => {
    const body = 'סה״כ לפני מע״מ: 100.00 ₪\nמע״מ 18%: 18.00 ₪\nסה״כ לתשלום: 118.00 ₪';
    expect(findAmount({ body })).toEqual({ amount: 118, currency: 'ILS' });
  });

  it('reads a total laid out in an HTML table', () => {
    const html = '<table><tr><td>Item</td><td>$10.00</td></tr><tr><td><b>Total</b></td><td>$12.50</td></tr></table>';
    expect(findAmount({ body: htmlToText(html) })).toEqual({ amount: 12.5, currency: 'USD' });
  });

  it('prefers a single amount in the subject', () => {
    expect(findAmount({ subject: 'Your receipt for ₪59.90', body: 'Total: ₪1.00 (unrelated)' })).toEqual({ amount: 59.9, currency: 'ILS' });
  });

  it('a total without a currency keeps the currency seen elsewhere, or none', () => {
    expect(findAmount({ body: 'Prices in EUR\nItem 1 EUR 4,00\nTotal: 9,99' })).toEqual({ amount: 9.99, currency: 'EUR' });
    expect(findAmount({ body: 'Total: 42.00' })).toEqual({ amount: 42, currency: null });
  });

  it('a single amount with a currency, even without a "total" word', () => {
    expect(findAmount({ snippet: 'You sent $25.00 to Dana', body: 'You sent $25.00 to Dana.' })).toEqual({ amount: 25, currency: 'USD' });
  });

  it('returns null when unsure: several amounts and no total', () => {
    expect(findAmount({ body: 'Coffee $4.50\nCake $6.00\nThank you!' })).toBeNull();
  });

  it('returns null when there is no amount: order numbers, dates, phone numbers are not money', () => {
    expect(findAmount({ subject: 'Order #12345 shipped', body: 'Order 12345 on 2025/03/01. Call 03-1234567. Qty 3.' })).toBeNull();
    expect(findAmount({ body: '' })).toBeNull();
  });

  it('does not read currency codes inside words', () => {
    expect(findAmount({ body: 'Europe 2025, tennis 30 courts' })).toBeNull();
  });
});

describe('sender, vendor and date', () => {
  it('parses the usual From forms', () => {
    expect(parseAddress('"Acme, Inc." <Billing@Acme.com>')).toEqual({ name: 'Acme, Inc.', address: 'billing@acme.com' });
    expect(parseAddress('Stripe <receipts@stripe.com>')).toEqual({ name: 'Stripe', address: 'receipts@stripe.com' });
    expect(parseAddress('noreply@amazon.com')).toEqual({ name: null, address: 'noreply@amazon.com' });
    expect(parseAddress('shop@example.com (The Shop)')).toEqual({ name: 'The Shop', address: 'shop@example.com' });
  });

  it('decodes RFC 2047 encoded words (Hebrew subject)', () => {
    expect(decodeEncodedWords('=?UTF-8?B?16fXkdec15Qg157XoQ==?= 1001')).toBe('קבלה מס 1001');
    expect(decodeEncodedWords('=?utf-8?Q?Caf=C3=A9_receipt?=')).toBe('Café receipt');
  });

  it('vendor: the display name, or the registrable domain for no-name / generic senders', () => {
    expect(vendorOf({ name: 'Acme Coffee', address: 'receipts@acme-coffee.com' })).toBe('Acme Coffee');
    expect(vendorOf({ name: null, address: 'no-reply@mail.amazon.co.uk' })).toBe('amazon.co.uk');
    expect(vendorOf({ name: 'noreply', address: 'noreply@em.stripe.com' })).toBe('stripe.com');
    expect(vendorOf({ name: 'חברת החשמל', address: 'noreply@iec.co.il' })).toBe('חברת החשמל');
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
  });

  it('date: the Date header, or internalDate when the header is missing or implausible', () => {
    const internal = Date.UTC(2025, 2, 3, 10, 0, 0);
    expect(messageDate('Mon, 3 Mar 2025 11:30:00 +0200 (IST)', internal).toISOString()).toBe('2025-03-03T09:30:00.000Z');
    expect(messageDate(undefined, internal).getTime()).toBe(internal);
    expect(messageDate('Thu, 01 Jan 1970 00:00:00 +0000', internal).getTime()).toBe(internal);
    expect(messageDate('not a date', internal).getTime()).toBe(internal);
  });
});

describe('parseReceipt', () => {
  it('reads a whole English receipt', () => {
    const receipt = parseReceipt(
      message({
        subject: 'Your Acme Coffee receipt #1042',
        date: 'Mon, 03 Mar 2025 10:00:00 +0000',
        text: 'Thanks!\nLatte $4.50\nMuffin $3.25\nTotal: $7.75\n',
        html: '<p>Thanks!</p><p>Total: <b>$7.75</b></p>',
        parts: [attachment('1', 'application/pdf', 'receipt-1042.pdf', 48_213)],
      }),
    );
    expect(receipt).toMatchObject({
      messageId: '18f0000000000001',
      from: { name: 'Acme Coffee', address: 'receipts@acme-coffee.com' },
      subject: 'Your Acme Coffee receipt #1042',
      vendor: 'Acme Coffee',
      amount: 7.75,
      currency: 'USD',
      attachments: [{ partId: '1', filename: 'receipt-1042.pdf', mimeType: 'application/pdf', size: 48_213, attachmentId: 'att-1' }],
    });
    expect(receipt.date.toISOString()).toBe('2025-03-03T10:00:00.000Z');
  });

  it('reads a Hebrew receipt from the HTML body when there is no plain text', () => {
    const receipt = parseReceipt(
      message({
        from: 'סופר השכונה <kabala@super.co.il>',
        subject: 'קבלה מס׳ 5521',
        html: '<div dir="rtl"><p>תודה שקניתם אצלנו</p><table><tr><td>סה&quot;כ לתשלום</td><td>120.00 ש&quot;ח</td></tr></table></div>',
      }),
    );
    expect(receipt).toMatchObject({ vendor: 'סופר השכונה', amount: 120, currency: 'ILS' });
  });

  it('uses the snippet when the body says nothing (entities decoded)', () => {
    const receipt = parseReceipt(message({ snippet: 'Your order total is &#8362;59.90 &amp; it ships today', text: 'See the attached invoice.' }));
    expect(receipt).toMatchObject({ amount: 59.9, currency: 'ILS' });
  });

  it('amount and currency are null when unsure', () => {
    const receipt = parseReceipt(message({ text: 'Coffee $4.50, Cake $6.00' }));
    expect(receipt.amount).toBeNull();
    expect(receipt.currency).toBeNull();
  });
});

describe('attachments: PDFs and images only, no signature logos', () => {
  const logo = attachment('3', 'image/png', 'image001.png', 1_200, [
    { name: 'Content-Disposition', value: 'inline; filename="image001.png"' },
    { name: 'Content-ID', value: '<image001.png@01D>' },
  ]);

  it('keeps PDFs and real images, drops tiny inline images and other types', () => {
    const payload = message({
      text: 'x',
      parts: [
        attachment('1', 'application/pdf', 'invoice.pdf', 80_000, [{ name: 'Content-Disposition', value: 'attachment; filename="invoice.pdf"' }]),
        attachment('2', 'image/jpeg', 'scan.jpg', 350_000),
        logo,
        attachment('4', 'text/calendar', 'invite.ics', 2_000),
        attachment('5', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'items.xlsx', 9_000),
        attachment('6', 'image/svg+xml', 'logo.svg', 9_000),
      ],
    }).payload;
    expect(receiptAttachments(payload).map((a) => [a.filename, a.mimeType])).toEqual([
      ['invoice.pdf', 'application/pdf'],
      ['scan.jpg', 'image/jpeg'],
    ]);
  });

  it('keeps a small image that is explicitly an attachment', () => {
    const small = attachment('2', 'image/png', 'stamp.png', 1_500, [{ name: 'Content-Disposition', value: 'attachment; filename="stamp.png"' }]);
    expect(receiptAttachments(message({ parts: [small] }).payload).map((a) => a.filename)).toEqual(['stamp.png']);
  });

  it('recognises a PDF or image sent as application/octet-stream by its name', () => {
    const parts = [attachment('1', 'application/octet-stream', 'Invoice_2025-03.PDF', 30_000), attachment('2', 'application/octet-stream', 'photo.jpeg', 30_000), attachment('3', 'application/octet-stream', 'data.bin', 30_000)];
    expect(receiptAttachments(message({ parts }).payload).map((a) => [a.filename, a.mimeType])).toEqual([
      ['Invoice_2025-03.PDF', 'application/pdf'],
      ['photo.jpeg', 'image/jpeg'],
    ]);
  });

  it('finds attachments nested in multipart/related and forwarded messages', () => {
    const nested = part('multipart/related', { partId: '1', parts: [part('multipart/mixed', { partId: '1.0', parts: [attachment('1.0.0', 'application/pdf', 'deep.pdf', 12_345)] })] });
    expect(receiptAttachments(message({ parts: [nested] }).payload)).toEqual([
      { partId: '1.0.0', filename: 'deep.pdf', mimeType: 'application/pdf', size: 12_345, attachmentId: 'att-1.0.0' },
    ]);
  });

  it('a small PDF inline in the message (no attachment id) carries its data, and gets a name if it has none', () => {
    const data = Buffer.from('%PDF-1.4 tiny').toString('base64url');
    const inline = part('application/pdf', { partId: '2', headers: [{ name: 'Content-Disposition', value: 'attachment' }], body: { size: 13, data } });
    expect(receiptAttachments(message({ parts: [inline] }).payload)).toEqual([
      { partId: '2', filename: 'attachment-2.pdf', mimeType: 'application/pdf', size: 13, attachmentId: null, inlineData: data },
    ]);
  });

  it('the text and HTML bodies are never attachments', () => {
    expect(receiptAttachments(message({ text: 'Total: $1.00', html: '<p>Total: $1.00</p>' }).payload)).toEqual([]);
  });
});
