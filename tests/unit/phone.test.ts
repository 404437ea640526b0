import { describe, expect, it } from 'vitest';
import { formatMessage, type Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { normalizePhone } from '../../main/contacts/phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['050-123-4567', '+972501234567'],
    ['050 123 4567', '+972501234567'],
    ['(050) 1234567', '+972501234567'],
    ['050.123.4567', '+972501234567'],
    ['+972 50-123-4567', '+972501234567'],
    ['+972 (0)50-123-4567', '+972501234567'],
    ['+972 050-123-4567', '+972501234567'],
    ['00972501234567', '+972501234567'],
    // Excel: the + is gone, or the leading 0 is gone, or an apostrophe marks text.
    ['972501234567', '+972501234567'],
    ['501234567', '+972501234567'],
    ["'0501234567", '+972501234567'],
    // Bidi marks from Hebrew spreadsheets, a no-break space, a tel: link.
    ['\u200f050-123-4567\u200e', '+972501234567'],
    ['050\u00a0123\u00a04567', '+972501234567'],
    ['tel:+972501234567', '+972501234567'],
    ['03-612-3456', '+97236123456'],
    ['+44 7911 123456', '+447911123456'],
    ['447911123456', '+447911123456'],
    ['0044 7911 123456', '+447911123456'],
    ['+1 (212) 555-0123', '+12125550123'],
  ])('IL: %j → %s', (raw, e164) => {
    expect(normalizePhone(raw, 'IL')).toEqual({ ok: true, e164 });
  });

  it('uses the default country for local numbers', () => {
    expect(normalizePhone('(212) 555-0123', 'US')).toEqual({ ok: true, e164: '+12125550123' });
    expect(normalizePhone('07911 123456', 'GB')).toEqual({ ok: true, e164: '+447911123456' });
    expect(normalizePhone('+972501234567', 'US')).toEqual({ ok: true, e164: '+972501234567' });
  });

  it.each<[raw: string, english: string, words: Message]>([
    ['', 'empty phone', reason('phoneEmpty')],
    ['   ', 'empty phone', reason('phoneEmpty')],
    ['abc', "not a phone number: 'abc'", reason('phoneNotNumber', { value: 'abc' })],
    ['050 123 4567 home', "not a phone number: '050 123 4567 home'", reason('phoneNotNumber', { value: '050 123 4567 home' })],
    ['N/A', "not a phone number: 'N/A'", reason('phoneNotNumber', { value: 'N/A' })],
    [
      '9.72501E+11',
      "not a phone number: '9.72501E+11' (Excel turned it into scientific notation; format the column as Text)",
      reason('phoneScientific', { value: '9.72501E+11' }),
    ],
    ['050-123', "invalid number for IL: '050-123' (too short)", reason('phoneInvalidForWhy', { country: 'IL', value: '050-123', why: reason('phoneTooShort') })],
    [
      '05012345678901234',
      "invalid number for IL: '05012345678901234' (too long)",
      reason('phoneInvalidForWhy', { country: 'IL', value: '05012345678901234', why: reason('phoneTooLong') }),
    ],
    ['2125550123', "invalid number for IL: '2125550123'", reason('phoneInvalidFor', { country: 'IL', value: '2125550123' })],
    ['+9725', "invalid number: '+9725' (too short)", reason('phoneInvalidWhy', { value: '+9725', why: reason('phoneTooShort') })],
  ])('IL: %j is rejected: %s', (raw, english, words) => {
    const result = normalizePhone(raw, 'IL');
    expect(result).toEqual({ ok: false, reason: words });
    expect(formatMessage((result as { reason: Message }).reason)).toBe(english);
  });

  it('says when the default country is unknown, but still takes international numbers', () => {
    const unknown = normalizePhone('0501234567', 'XX');
    expect(unknown).toEqual({ ok: false, reason: reason('phoneUnknownCountry', { country: 'XX' }) });
    expect(formatMessage((unknown as { reason: Message }).reason)).toBe("unknown default country 'XX'");
    expect(normalizePhone('+972501234567', 'XX')).toEqual({ ok: true, e164: '+972501234567' });
  });

  it('normalizes 200,000 numbers of every written form (prints the rate; speed is a bench, not a test)', () => {
    const inputs: string[] = [];
    const prefixes = ['050', '052', '053', '054', '055', '058'];
    for (let i = 0; i < 200_000; i++) {
      const prefix = prefixes[i % prefixes.length]!;
      const sub = String(1_000_000 + ((i * 7_919) % 9_000_000)).slice(-7);
      const forms = [
        `${prefix}-${sub.slice(0, 3)}-${sub.slice(3)}`,
        `+972 ${prefix.slice(1)} ${sub}`,
        `00972${prefix.slice(1)}${sub}`,
        `972${prefix.slice(1)}${sub}`,
        i % 50 === 4 ? `${prefix}-${sub.slice(0, 3)}` : `(${prefix}) ${sub}`,
      ];
      inputs.push(forms[i % forms.length]!);
    }
    normalizePhone('050-123-4567', 'IL'); // load metadata outside the clock
    const started = performance.now();
    let valid = 0;
    for (const input of inputs) if (normalizePhone(input, 'IL').ok) valid++;
    const seconds = (performance.now() - started) / 1000;
    console.log(`normalizePhone: 200,000 numbers in ${seconds.toFixed(2)} s = ${Math.round(200_000 / seconds)}/s`);
    expect(valid).toBe(200_000 - 4_000);
  });
});
