import { describe, expect, it } from 'vitest';
import { formatMessage, type Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { ColumnsError, detectColumns, fieldKey, headerKey } from '../../main/contacts/columns.ts';
import { toContactInput } from '../../main/contacts/contact-row.ts';

describe('detectColumns', () => {
  it.each([
    [['Phone', 'Name'], 0, 1],
    [[' PHONE NUMBER ', 'Full Name'], 0, 1],
    [['\ufeffphone_number', 'name'], 0, 1],
    [['Name', 'Mobile'], 1, 0],
    [['name', 'Cell Phone'], 1, 0],
    [['Tel.', 'Name'], 0, 1],
    [['telephone', 'contact name'], 0, 1],
    [['WhatsApp', 'Name'], 0, 1],
    [['Phone1', 'Name'], 0, 1],
    [['טלפון', 'שם'], 0, 1],
    [['שם מלא', 'נייד'], 1, 0],
    [['שם', "מס' פלאפון"], 1, 0],
    [['\u200fשם\u200f', '\u200fטלפון נייד\u200f'], 1, 0],
  ])('%j → phone %i, name %i', (headers, phone, name) => {
    const columns = detectColumns(headers);
    expect(columns.phone).toBe(phone);
    expect(columns.name).toBe(name);
  });

  it('prefers a WhatsApp or mobile column over a landline one', () => {
    expect(detectColumns(['Phone', 'Mobile', 'Name']).phone).toBe(1);
    expect(detectColumns(['טלפון', 'פלאפון']).phone).toBe(1);
    expect(detectColumns(['Mobile', 'WhatsApp number']).phone).toBe(1);
    // Google Contacts: "Phone 1 - Type" describes the number in "Phone 1 - Value".
    expect(detectColumns(['Name', 'Phone 1 - Type', 'Phone 1 - Value']).phone).toBe(2);
  });

  it('builds the name from first + last when there is no full-name column', () => {
    const columns = detectColumns(['First Name', 'Last Name', 'Phone', 'City']);
    expect(columns).toMatchObject({ phone: 2, name: null, firstName: 0, lastName: 1 });
    // First and last name stay available to templates as {{first_name}}.
    expect(columns.fields.map((f) => f.key)).toEqual(['first_name', 'last_name', 'city']);
    expect(detectColumns(['שם פרטי', 'שם משפחה', 'טלפון'])).toMatchObject({ firstName: 0, lastName: 1 });
  });

  it('makes the other columns custom fields with template-safe keys', () => {
    const columns = detectColumns(['Phone', 'Name', ' City Name ', 'Notes', 'notes', '', 'עיר מגורים', 'Phone']);
    expect(columns.fields).toEqual([
      { index: 2, header: 'City Name', key: 'city_name' },
      { index: 3, header: 'Notes', key: 'notes' },
      { index: 4, header: 'notes', key: 'notes_2' },
      { index: 6, header: 'עיר מגורים', key: 'עיר_מגורים' },
      // A second phone column must not shadow {{phone}}.
      { index: 7, header: 'Phone', key: 'phone_2' },
    ]);
  });

  it('follows the owner’s mapping, matched loosely', () => {
    const columns = detectColumns(['Number', 'Who', 'Phone'], { phone: ' number ', name: 'WHO' });
    expect(columns).toMatchObject({ phone: 0, name: 1 });
    expect(columns.fields.map((f) => f.key)).toEqual(['phone_2']);
  });

  it('explains a missing phone column, listing the headers', () => {
    expect(() => detectColumns(['Name', 'City', 'Order number'])).toThrow(ColumnsError);
    expect(() => detectColumns(['Name', 'City', 'Order number'])).toThrow(
      'No phone column found. Columns in the file: "Name", "City", "Order number". Name the phone column "phone" (or "טלפון"), or choose it in the import settings.',
    );
    expect(() => detectColumns(['050-1234567', 'Dana'])).toThrow(/first row looks like a contact/);
    expect(() => detectColumns(['Phone', 'Name'], { phone: 'Mobile' })).toThrow(
      'The phone column "Mobile" is not in the file. Columns in the file: "Phone", "Name".',
    );
    expect(() => detectColumns(['Phone', 'Name'], { name: 'Phone' })).toThrow(/cannot be both/);
  });

  it('normalizes headers and keys', () => {
    expect(headerKey('\ufeff  Phone_Number. ')).toBe('phone number');
    expect(fieldKey('City (Home)')).toBe('city_home');
    expect(fieldKey(' Last  Visit ')).toBe('last_visit');
  });
});

describe('toContactInput', () => {
  const columns = detectColumns(['First Name', 'Last Name', 'Mobile', 'City', 'Notes']);

  it('normalizes the phone, joins the name, keeps non-empty fields', () => {
    expect(toContactInput(['  Dana ', 'Cohen', '050-123-4567', 'Haifa', ''], columns, 'IL')).toEqual({
      ok: true,
      contact: { phone: '+972501234567', name: 'Dana Cohen', fields: { first_name: 'Dana', last_name: 'Cohen', city: 'Haifa' } },
    });
    expect(toContactInput(['', '', '0501234567', '', ''], columns, 'IL')).toEqual({
      ok: true,
      contact: { phone: '+972501234567', name: '', fields: {} },
    });
  });

  it('rejects a row with a bad phone, with the reason', () => {
    const empty = toContactInput(['Dana', 'Cohen', '', 'Haifa', ''], columns, 'IL');
    expect(empty).toEqual({ ok: false, reason: reason('phoneEmpty') });
    expect(formatMessage((empty as { reason: Message }).reason)).toBe('empty phone');
    const short = toContactInput(['Dana', 'Cohen', '050-12', 'Haifa', ''], columns, 'IL');
    expect(short).toEqual({
      ok: false,
      reason: reason('phoneInvalidForWhy', { country: 'IL', value: '050-12', why: reason('phoneTooShort') }),
    });
    expect(formatMessage((short as { reason: Message }).reason)).toBe("invalid number for IL: '050-12' (too short)");
  });

  it('uses a full-name column as is, on one line', () => {
    const full = detectColumns(['name', 'phone']);
    expect(toContactInput(['Dana\r\n  Cohen', '+972501234567'], full, 'US')).toMatchObject({ contact: { name: 'Dana Cohen' } });
  });
});
